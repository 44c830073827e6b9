"""Synthetic registry data for load tests and benchmarks (``manage.py seed_synthetic``)."""
