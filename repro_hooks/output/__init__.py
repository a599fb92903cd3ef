"""Findings and rule docs as the user reads them: text, json, sarif, github, explain."""
