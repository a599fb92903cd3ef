"""The cheap looks that let a hook skip a regular-expression scan never skip a match: every
text a candidate pattern matches passes its look (random texts built from the pattern
itself, a fixed seed), so a pattern that grows an alternative fails here first."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from repro_hooks.core import masking
from repro_hooks.hooks.absolute_paths import check as paths
from repro_hooks.hooks.inline_secrets import check as secrets
from repro_hooks.sources import ipython


def matching(pattern: re.Pattern[str]) -> st.SearchStrategy[str]:
    return st.from_regex(pattern)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(matching(paths._CANDIDATE.compiled))
def test_path_candidates_pass_the_path_start_look(text: str) -> None:
    assert paths._CANDIDATE.search(text)
    assert paths._PATH_START.search(text)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(matching(paths._EMBEDDED.compiled))
def test_embedded_paths_pass_the_root_look(text: str) -> None:
    assert paths._EMBEDDED.search(text)
    assert paths._EMBEDDED_ROOT.search(text)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(matching(paths.HOME_TRIGGER.compiled))
def test_home_triggers_pass_the_home_look(text: str) -> None:
    assert paths.reaches_home(text)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    st.sampled_from(secrets._CLIENT_CANDIDATES.words).flatmap(
        lambda word: st.from_regex(re.escape(word) + secrets._CLIENT_CANDIDATES.tail)
    )
)
def test_client_key_candidates_pass_the_quoted_key_look(text: str) -> None:
    assert secrets._QUOTED_KEY.search(text)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(matching(secrets._QUOTED_FIRST_ARGUMENT.compiled))
def test_first_arguments_pass_the_quoted_key_look(text: str) -> None:
    assert secrets._QUOTED_KEY.search(text)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(matching(ipython._MAYBE_IPYTHON.compiled))
def test_ipython_lines_pass_the_sigil_look(text: str) -> None:
    assert "!" in text or "%" in text or "?" in text


def test_configuration_words_are_among_the_named_secret_words() -> None:
    """inline-secrets looks the named-secret words up once and reuses them for both."""
    assert set(secrets._CONFIG_CANDIDATES.words) <= set(secrets._NAMED_CANDIDATES.words)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(matching(masking.TOKEN_SHAPES.compiled))
def test_token_shapes_pass_the_shape_mark_look(text: str) -> None:
    assert masking.TOKEN_SHAPES.search(text)
    assert masking._SHAPE_MARK.search(text)
