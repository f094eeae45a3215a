"""The `liantu` command line: the root group in `root`, one module per command group beside it."""
from liantu.cli.root import cli, main

__all__ = ["cli", "main"]
