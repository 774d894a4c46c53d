"""openwatch: a command-line tracker of open-source AI policy changes."""

__version__ = "0.1.0"
