"""pre-commit hooks that keep Jupyter-notebook projects reproducible."""

__version__ = "0.3.0"
