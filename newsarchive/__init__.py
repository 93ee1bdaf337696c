"""The ``newsarchive`` command, its settings object and its logging."""

__version__ = "0.1.0"
