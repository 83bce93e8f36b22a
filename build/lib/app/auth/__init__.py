"""Who is calling: founders' browsers (owner cookie), advisers and admins (accounts, sessions, roles, CSRF)."""
