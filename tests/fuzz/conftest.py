"""Hypothesis profiles for the fuzz suite, chosen by ``REPRO_HOOKS_FUZZ_PROFILE``.

``short`` (the default, run by ``make test``): derandomized, so every run tries the same
inputs and a failure reproduces. ``long`` (``make fuzz``): random inputs, many of them;
``REPRO_HOOKS_FUZZ_EXAMPLES`` sets how many per test. ``REPRO_HOOKS_FUZZ_CORPUS`` may name a
folder of real notebooks to mutate (read at test time, never copied).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings

sys.path.insert(0, str(Path(__file__).parent))

# Inputs are large by design; the git tests share one isolated git environment.
_SLOW_IS_FINE = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
    HealthCheck.function_scoped_fixture,
]

settings.register_profile(
    "short",
    derandomize=True,
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=_SLOW_IS_FINE,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    print_blob=True,
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("REPRO_HOOKS_FUZZ_EXAMPLES", "2000")),
    deadline=None,
    database=None,
    suppress_health_check=_SLOW_IS_FINE,
    print_blob=True,
)
settings.load_profile(os.environ.get("REPRO_HOOKS_FUZZ_PROFILE", "short"))
