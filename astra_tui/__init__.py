"""astra-tui: a terminal personal-finance app that runs household money routines offline."""

__version__ = "0.1.0"
