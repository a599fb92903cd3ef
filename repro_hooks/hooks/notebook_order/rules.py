"""The rules of ``notebook-order`` (RH6xx): a notebook's saved results come from one
top-to-bottom run in a fresh kernel.

Examples are notebooks written as Jupyter shows them (``In [3]:`` is a cell's count,
``In [ ]:`` a cell that did not run); :mod:`.examples` turns them into ``.ipynb`` files.
"""

from __future__ import annotations

from repro_hooks.core.rule import Rule

OUT_OF_ORDER, SKIPPED_CELL, NOT_ONE_FRESH_RUN, ERROR_OUTPUT = "RH601", "RH602", "RH603", "RH604"

RAISES_EXCEPTION = "raises-exception"
"""The cell tag nbval, nbsphinx and JupyterLab's "Run All" read as "fails on purpose"."""

_FRESH_RUN = """\
In [1]: import pandas as pd
In [2]: sales = pd.read_csv("data/sales.csv").query("region == 'EU'")
In [3]: sales.total.sum()
Out[3]: 871.5"""

_NOT_RUN = """\
In [ ]: import pandas as pd
In [ ]: sales = pd.read_csv("data/sales.csv")"""

_RERUN = "Restart the kernel and run all cells (*Restart & Run All*), then commit."

RULES: tuple[Rule, ...] = (
    Rule(
        OUT_OF_ORDER,
        "out-of-order",
        "Finds a code cell whose execution count is lower than that of a cell above it: "
        "it last ran before that cell did. Reported at each such cell.",
        "The cell's output, and everything computed from it, came from a state that "
        "running the notebook from the top does not produce: a reader who re-runs it gets "
        "other numbers, or a NameError.",
        """\
In [1]: import pandas as pd
In [4]: sales = pd.read_csv("data/sales.csv").query("region == 'EU'")
In [3]: sales.total.sum()
Out[3]: 1532.0""",
        _FRESH_RUN,
        valid=(
            _FRESH_RUN,
            _NOT_RUN,
            "In [2]: import pandas as pd\nIn [2]: pd.__version__",
        ),
        invalid=(
            "In [2]: import pandas as pd\nIn [1]: pd.__version__",
            "In [1]: x = 1\nIn [5]: y = 2\nIn [ ]: z = 3\nIn [3]: x + y",
        ),
    ),
    Rule(
        SKIPPED_CELL,
        "skipped-cell",
        "Finds a code cell that holds code but has no execution count, above the last "
        "cell that has one: it was skipped, or its output cleared, while cells below it "
        "ran. Cells left unrun after the last executed cell and blank cells are not "
        "reported.",
        "The results below it were computed without its code; running the notebook "
        "from the top runs it and may change them.",
        """\
In [1]: import pandas as pd
   ...: sales = pd.read_csv("data/sales.csv")
In [ ]: sales = sales.dropna()
In [2]: sales.total.mean()
Out[2]: 12.4""",
        f"{_RERUN} Delete the cell if its code is not needed.",
        valid=(
            _FRESH_RUN,
            _NOT_RUN,
            "In [1]: import pandas as pd\nIn [ ]: pd.__version__",
            "In [1]: import pandas as pd\nIn [ ]:\nIn [2]: pd.__version__",
        ),
        invalid=(
            "In [1]: import pandas as pd\nIn [ ]: pd.__version__\nIn [2]: pd.__version__",
            "In [ ]: # only a comment\nIn [1]: x = 1",
        ),
    ),
    Rule(
        NOT_ONE_FRESH_RUN,
        "not-one-fresh-run",
        "Finds executed cells whose counts, read top to bottom, are not exactly 1, 2, "
        "3, ...: the first is not 1 (the kernel ran code before), there is a gap (cells "
        "ran that are no longer in the notebook, or ran twice), or a count repeats (two "
        "kernel sessions). Reported once, at the first cell that breaks the sequence, and "
        "not when RH601 is.",
        "The kernel's state held more than the notebook's code: variables from deleted "
        "cells or earlier runs. The notebook may fail, or give other results, in a fresh "
        "kernel.",
        """\
In [4]: import pandas as pd
In [5]: sales = pd.read_csv("data/sales.csv")
In [6]: sales.total.mean()
Out[6]: 12.4""",
        _RERUN,
        valid=(
            _FRESH_RUN,
            _NOT_RUN,
            "In [3]: import pandas as pd\nIn [1]: pd.__version__",
        ),
        invalid=(
            "In [4]: import pandas as pd",
            "In [1]: import pandas as pd\nIn [2]: x = 1\nIn [5]: x + 1",
            "In [1]: import pandas as pd\nIn [1]: pd.__version__",
        ),
    ),
    Rule(
        ERROR_OUTPUT,
        "error-output",
        "Finds a code cell whose saved output is an error (a traceback): its last run "
        f"raised an exception. A cell tagged `{RAISES_EXCEPTION}` (the tag nbval, "
        "nbsphinx and JupyterLab use for cells that fail on purpose) is not reported.",
        "The notebook stops there when it is run from the top, so the results saved "
        "below it cannot be reproduced; a reader also cannot tell a deliberate error "
        "from a broken notebook.",
        """\
In [1]: import pandas as pd
In [2]: sales = pd.read_csv("data/sales.csv")
Error: FileNotFoundError: [Errno 2] No such file or directory: 'data/sales.csv'""",
        f"""\
In [1]: import pandas as pd
In [2]: pd.to_datetime("2024-13-01")  # fails on purpose: the month is checked
Tags: {RAISES_EXCEPTION}
Error: DateParseError: month must be in 1..12""",
        valid=(
            _FRESH_RUN,
            f"In [1]: 1 / 0\nTags: {RAISES_EXCEPTION}\nError: ZeroDivisionError: division by zero",
            "In [ ]: 1 / 0\nError: ZeroDivisionError: division by zero",
        ),
        invalid=(
            "In [1]: 1 / 0\nError: ZeroDivisionError: division by zero",
            "In [1]: x = 1\nIn [ ]: 1 / 0\nError: ZeroDivisionError: division by zero\nIn [2]: x",
        ),
    ),
)
