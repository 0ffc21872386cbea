"""Crisis Room (اتاق بحران): a desktop application for an organisation's crisis room."""

__version__ = "0.1.0"
