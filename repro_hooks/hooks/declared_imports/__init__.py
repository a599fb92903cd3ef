"""The ``declared-imports`` hook: every module a notebook imports is declared."""
