"""The knowledge base: document format, loading and checks."""
