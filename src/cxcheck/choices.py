"""Choices the command line, the settings file and the core share, in one module light enough
for `cxcheck --help` to import (the output formats are the modules of `cxcheck.render`)."""

PROFILES = ("full", "quick")  # the first is the default
