"""Navigateur e-santé: cited answers on regulation and funding for French digital-health startups."""

__version__ = "0.1.0"
