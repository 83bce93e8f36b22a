"""Answers: check the question, decide whether the corpus can answer, then quote (extractive) or generate."""
