"""Typed boundaries shared by the CLI, the API and the evaluation: one pydantic model per contract."""
