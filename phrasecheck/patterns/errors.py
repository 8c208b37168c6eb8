"""The one error a phrase can have."""

from __future__ import annotations


class PatternError(ValueError):
    """A phrase that cannot be compiled; `column` is 0-based within the phrase."""

    def __init__(self, message: str, column: int = 0):
        super().__init__(message)
        self.column = column
