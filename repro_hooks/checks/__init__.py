"""Checks: pure functions from code units (or a repository) to findings."""
