"""The errors the evaluation's services raise; their messages are for the user."""

from __future__ import annotations

from debrief.lib.errors import DomainError


class EvaluationError(DomainError):
    """A change the evaluation's rules refuse; the message is for the user."""


class VoteError(EvaluationError):
    """A ballot or code is refused; nothing was stored. `kind` tells tests and pages which case."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind
