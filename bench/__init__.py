"""Benchmarks and evaluations: `python -m bench.<name>` from the project root (they read ../shared; the product does not)."""
