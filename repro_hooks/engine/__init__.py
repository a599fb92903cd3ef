"""Runs hooks over files: reading, the pool, suppressions, git, unreadable files."""
