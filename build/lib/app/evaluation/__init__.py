"""Maintainers' evaluation: gold set, retrieval metrics per configuration, answer checks, reports."""
