"""Errors a command raises for bad input. ``code`` is stable; views and the CLI word it."""

from __future__ import annotations

from typing import Any


class CommandError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        details = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.code} ({details})" if details else self.code
