"""Reports: the postmortem PDF and what goes into it. Imports nothing from Qt."""
