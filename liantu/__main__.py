"""`python -m liantu`: the same command line as the `liantu` script."""
from liantu.cli import main

main()
