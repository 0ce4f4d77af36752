"""``lazy``: ``functools.cached_property`` without its lock.

Python 3.11's ``cached_property`` takes a re-entrant lock on every first read of every instance (3.12 dropped
it). The cost engine builds about a hundred options per answer, tens of thousands per digest run, and reads a
few cached figures of each once: the lock was a tenth of that time. The result is the same: computed on first
read, stored in the instance's ``__dict__`` (which then answers every later read without the descriptor). Use it
for pure figures only: two threads reading one first at once both compute it and store the same value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class lazy(Generic[T]):  # lower case: a decorator, like cached_property
    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> lazy[T]: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> T | lazy[T]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value
