"""Work put off until it is needed: a property computed on first use, a regular expression
compiled on first use.

:func:`functools.cached_property` does what :class:`lazy` does, but up to Python 3.11 it
takes a lock on every first use, which costs more than most of what these properties
compute (a line table, a split): a 5,000-cell notebook paid for 15,000 locks.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar, overload

Owner = TypeVar("Owner")
Value = TypeVar("Value")


class lazy(Generic[Owner, Value]):
    """``@lazy`` on a method: the method runs once, on first access, and its value then
    stands in the instance's ``__dict__``, where later accesses find it directly."""

    def __init__(self, compute: Callable[[Owner], Value]) -> None:
        self._compute = compute
        self._name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type[Owner], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, instance: None, owner: type[Owner]) -> lazy[Owner, Value]: ...

    @overload
    def __get__(self, instance: Owner, owner: type[Owner]) -> Value: ...

    def __get__(self, instance: Owner | None, owner: type[Owner]) -> Value | lazy[Owner, Value]:
        if instance is None:
            return self
        value = self._compute(instance)
        instance.__dict__[self._name] = value
        return value


class LazyRegex:
    """A module-level regular expression compiled when first used, not at import.

    Compiling runs in Python and costs up to milliseconds a pattern. Most patterns are
    needed only once a candidate is found, and a clean commit, the common run, finds none.
    The first call compiles and puts the compiled pattern's own methods on the instance,
    so later calls cost what a plain compiled pattern's do.
    """

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "split")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    @lazy
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern; compiling also puts its methods on the instance."""
        compiled = re.compile(self.pattern, self.flags)
        for name in self._METHODS:
            setattr(self, name, getattr(compiled, name))
        return compiled

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[str]:
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        return self.compiled.split(string, maxsplit)
