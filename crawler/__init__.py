"""greengate's application layer: crawl, extract, normalise, follow, command line."""
