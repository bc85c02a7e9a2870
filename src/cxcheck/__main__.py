"""Allow ``python -m cxcheck``."""

from cxcheck.cli import main

main()
