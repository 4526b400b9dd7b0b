"""greengate's application layer: crawl, extract, normalise, follow, command line."""

__version__ = "0.1.0"
