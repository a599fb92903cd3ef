"""A property computed on first use and kept on the instance.

:func:`functools.cached_property` does the same, but up to Python 3.11 it takes a lock on
every first use, which costs more than most of what these properties compute (a line
table, a split): a 5,000-cell notebook paid for 15,000 locks.
"""

from __future__ import annotations

from collections.abc import Callable
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
