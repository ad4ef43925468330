"""wijkzicht: reproducible statistics on psychological vulnerability per neighbourhood."""

__version__ = "0.1.0"
