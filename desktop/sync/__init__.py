"""Sync through the PostgreSQL hub: push the outbox, pull by cursor, apply with the one apply().
Imports nothing from Qt."""
