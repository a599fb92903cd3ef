"""The commands beside the hooks: ``check`` and ``explain``."""
