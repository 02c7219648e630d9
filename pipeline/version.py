"""The package version (the cache key adds a hash of the code and data files to it)."""
__version__ = "0.1.0"
