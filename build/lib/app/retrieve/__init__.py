"""Retrieval: load the current index generation, search it (BM25, dense, hybrid), fuse, filter."""
