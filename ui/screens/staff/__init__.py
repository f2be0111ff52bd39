"""Staff mode: PIN entry, offer editor, "to verify" list, audit log and settings."""
