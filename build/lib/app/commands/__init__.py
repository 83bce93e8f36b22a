"""Command groups of `navigator` that live in their own modules (registered in `app.cli`)."""
