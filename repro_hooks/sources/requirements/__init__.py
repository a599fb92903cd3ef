"""Requirement files (pip's ``.in``/``.txt``, pyproject dependencies) read with positions:
shared by the hooks that check declarations."""
