"""Applicability checkers: declarative rule files evaluated against a startup profile, with cited reasoning."""
