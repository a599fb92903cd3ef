"""Build notebooks and .py files for tests, the way Jupyter writes them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def code_cell(source: str | list[str], outputs: list[dict[str, Any]] | None = None) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": outputs or [],
        "source": source,
    }


def markdown_cell(source: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def notebook(cells: list[dict], language: str = "python") -> dict:
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": language, "language": language, "name": language},
            "language_info": {"name": language},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def write_notebook(path: Path, cells: list[dict], language: str = "python") -> Path:
    path.write_text(json.dumps(notebook(cells, language), indent=1), encoding="utf-8")
    return path


def as_source_lines(text: str) -> list[str]:
    """Jupyter's on-disk form: one string per line, each keeping its newline."""
    return text.splitlines(keepends=True)
