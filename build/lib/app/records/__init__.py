"""Stored records: answers (with their full record), conversations and feedback. SQLite or PostgreSQL."""
