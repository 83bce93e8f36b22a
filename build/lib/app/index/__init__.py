"""The index: embeddings, the Chroma vector store, the French BM25 index, and immutable generations of both."""
