"""Parsing and checking of pip-tools requirement pairs (``.in`` -> ``.txt``)."""
