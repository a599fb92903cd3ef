"""The rules of ``declared-imports`` (RH5xx): every import is a declared requirement.

Each example runs as a one-cell notebook alone in a project that declares nothing; one
that starts with ``# requirements.in`` is that file instead.
"""

from __future__ import annotations

from repro_hooks.core.rule import Rule

UNDECLARED, TRANSITIVE, INSTALL, IMPORT_NAME, UNUSED = (
    "RH501",
    "RH502",
    "RH503",
    "RH504",
    "RH505",
)

RULES: tuple[Rule, ...] = (
    Rule(
        UNDECLARED,
        "undeclared-import",
        "Finds imports of third-party modules that no declared distribution provides: not "
        "in `requirements.in` (with its `-r` includes), else `pyproject.toml`, else "
        "`requirements.txt`. Also counted as imports: `importlib.import_module('x')`, "
        "`%matplotlib` (matplotlib) and `%load_ext x`. Never reported: the standard "
        "library of the project's Python (pip-compile's header, else `requires-python`), "
        "the project's own modules, relative imports, `from __future__`, imports under "
        "`if TYPE_CHECKING:` and in the `try` of a `try`/`except ImportError`.",
        "A missing module is the first reason a notebook fails for someone else: their "
        "fresh environment, built from the declared requirements, lacks it. The message "
        "names the distribution to declare (`cv2` is opencv-python, `sklearn` is "
        "scikit-learn), from a map shipped with the hook, offline.",
        "import seaborn as sns  # requirements.in: pandas",
        "# requirements.in\npandas\nseaborn  # then pip-compile requirements.in",
        valid=(
            "import os\nimport json\nfrom collections import Counter\n",
            "try:\n    import ujson as json\nexcept ImportError:\n    import json\n",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import mypy_extensions\n",
            "from . import helpers\nfrom __future__ import annotations\n",
        ),
        invalid=(
            "import seaborn as sns\n",
            "from sklearn.linear_model import LinearRegression\n",
            "import cv2\n",
            "%matplotlib inline\n",
            "%load_ext tensorboard\n",
            "mod = importlib.import_module('yaml')\n",
        ),
    ),
    Rule(
        TRANSITIVE,
        "transitive-import",
        "Finds imports of a module that only a transitive pin of the compiled "
        "`requirements.txt` provides: `import numpy` with only `pandas` declared.",
        "The import works today only because another package depends on it. When that "
        "package drops the dependency, or the next pip-compile picks a version without "
        "it, the notebook breaks with nothing in the diff to say why.",
        "import numpy as np  # requirements.in: pandas; numpy only '# via pandas'",
        "# requirements.in\npandas\nnumpy",
    ),
    Rule(
        INSTALL,
        "install-in-notebook",
        "Finds `%pip install`, `!pip install`, `%conda install` and `!conda install` lines "
        "(also `python -m pip install` and `mamba install`) that name packages.",
        "A package installed from inside a notebook is outside the declared requirements: "
        "nobody building the environment from `requirements.txt` gets it, its version is "
        "whatever was newest that day, and the cell changes the environment each time it "
        "runs.",
        "!pip install -q seaborn",
        "# requirements.in\nseaborn  # then pip-compile requirements.in and reinstall",
        valid=("!pip install -r requirements.txt\n", "!pip list\n"),
        invalid=(
            "!pip install -q seaborn\n",
            "%pip install scikit-learn==1.5\n",
            "!conda install -c conda-forge -y geopandas\n",
        ),
    ),
    Rule(
        IMPORT_NAME,
        "import-name-declared",
        "Finds requirements declared under an import name instead of the distribution that "
        "provides it: `sklearn`, `cv2`, `PIL`, `yaml`, `bs4` in `requirements.in` or "
        "`pyproject.toml`. Reported at that line, whichever files the commit touches.",
        "The names differ, and the import name on the package index is something else: "
        "`sklearn` is a deprecated stub that refuses to install, `cv2` and `yaml` do not "
        "install the modules you import, `bs4` is a wrapper that someone else maintains.",
        "# requirements.in\nsklearn",
        "# requirements.in\nscikit-learn",
        valid=("# requirements.in\npandas\nscikit-learn\nopencv-python\n",),
        invalid=("# requirements.in\nsklearn\n", "# requirements.in\npandas\nPIL\n"),
    ),
    Rule(
        UNUSED,
        "unused-declaration",
        "Off by default (`unused = true` enables it). Finds declared distributions that no "
        "checked file imports, except those used without an import (jupyter, ipykernel, "
        "pip-tools, openpyxl and other engines; extend with `allow-unused`).",
        "An unused requirement slows every install and widens every upgrade; it is often a "
        "leftover of code that was deleted, or a typo for the distribution meant.",
        "# requirements.in\npandas\nrequests  # imported nowhere",
        "# requirements.in\npandas",
    ),
)
