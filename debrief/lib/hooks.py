"""Hooks: how an upper app plugs into a lower one that must not import it.

The lower app declares a `Hook` and calls it; the upper app registers a
function with it in its `AppConfig.ready()`. Dependencies between apps then
point one way (see docs/architecture.md), and the lower app still asks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    def __init__(self, purpose: str):
        self.purpose = purpose
        self._functions: list[Callable[..., Any]] = []

    def register(self, function: Callable[..., Any]) -> Callable[..., Any]:
        if function not in self._functions:  # ready() may run twice in tests
            self._functions.append(function)
        return function

    def results(self, *args, **kwargs) -> list[Any]:
        """What every registered function answers, in the order they registered."""
        return [function(*args, **kwargs) for function in self._functions]

    def __repr__(self) -> str:
        return f"<Hook {self.purpose}: {len(self._functions)} registered>"
