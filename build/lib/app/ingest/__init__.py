"""Ingestion: files → structured elements → bounded, heading-aware chunks → index generation."""
