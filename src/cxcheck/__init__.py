"""cxcheck: audit customer-experience health against rule packs of CX pitfalls."""

__version__ = "0.1.0"
