"""pre-commit hooks that keep Jupyter-notebook projects reproducible."""

__version__ = "0.2.0"
