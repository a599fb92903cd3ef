"""Existing notebooks, mutated: the seeds shipped here, and, when
``REPRO_HOOKS_FUZZ_CORPUS`` names a folder, real notebooks read from it at test time."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from generators import Planted, mutated_notebook
from harness import budget, notebook_units, python_units
from hypothesis import given
from hypothesis import strategies as st
from test_fuzz_sources import check_everything

SEEDS = Path(__file__).parent / "seeds"
# Real notebooks larger than this are left out: mutation is about shape, not size.
LARGEST = 300_000
CORPUS_FILES = 200


def originals() -> list[bytes]:
    # format 3 is a .json here: linters refuse it as a notebook.
    found = sorted([*SEEDS.glob("*.ipynb"), *SEEDS.glob("*.json")])
    corpus = os.environ.get("REPRO_HOOKS_FUZZ_CORPUS")
    if corpus:
        real = sorted(Path(corpus).rglob("*.ipynb"))
        found += [path for path in real if path.stat().st_size <= LARGEST][:CORPUS_FILES]
    return [path.read_bytes() for path in found]


ORIGINALS = originals()


def _units(data: bytes) -> dict:
    try:
        return notebook_units(json.loads(data.decode("utf-8-sig")))
    except ValueError:
        return {None: None}


@budget(40)
@given(data=st.data())
def test_mutated_notebooks(data: st.DataObject) -> None:
    planted = Planted()
    original = data.draw(st.sampled_from(ORIGINALS), "original")
    mutated = data.draw(mutated_notebook(original, planted), "mutated")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "seed.ipynb").write_bytes(mutated)
        (folder / "seed.py").write_bytes(mutated)
        units = {"seed.ipynb": _units(mutated), "seed.py": python_units(mutated)}
        check_everything(folder, ["seed.ipynb", "seed.py"], planted, units)
