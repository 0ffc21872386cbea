"""Commands and queries over the domain: the one write path. Imports nothing from Qt."""
