"""HTTP API and web app (FastAPI): the same contracts as the CLI JSON."""
