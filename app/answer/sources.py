"""Moved to `app.schemas.citations` (the generative check needs it too, and sits below `answer`)."""

from app.schemas.citations import EDITORIAL_PUBLISHER, is_editorial, make_citation, validity_label

__all__ = ["EDITORIAL_PUBLISHER", "is_editorial", "make_citation", "validity_label"]
