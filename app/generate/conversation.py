"""Conversation ids: opaque, bounded, safe to put in a URL or a log line."""

from __future__ import annotations

import re

CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class BadConversation(ValueError):
    pass


def validate_conversation_id(conversation_id: str) -> str:
    if not CONVERSATION_ID.match(conversation_id):
        raise BadConversation("conversation_id must be 8-64 letters, digits, '-' or '_'")
    return conversation_id
