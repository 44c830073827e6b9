"""A benchmark of the registry against the raw-SQL limit: ``python -m registry.bench``.

See docs/performance.md for what it measures and the latest results.
"""
