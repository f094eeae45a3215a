"""Benchmarks and evaluations: `python -m bench.<name>` (they read ../shared; the product does not)."""
