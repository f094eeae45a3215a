"""`python -m bench`: run every benchmark module and print one table (see bench/suite.py)."""
from bench.suite import main

raise SystemExit(main())
