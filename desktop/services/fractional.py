"""Fractional-index keys for kanban positions: a key between any two keys, made offline.

Sort by (position, id) so that two stations making the same key still order alike.
"""

from __future__ import annotations

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_INDEX = {d: i for i, d in enumerate(DIGITS)}


def _midpoint(a: str, b: str | None) -> str:
    if b is not None:
        n = 0
        while n < len(b) and (a[n] if n < len(a) else "0") == b[n]:
            n += 1
        if n > 0:
            return b[:n] + _midpoint(a[n:], b[n:])
    low = _INDEX[a[0]] if a else 0
    high = _INDEX[b[0]] if b else len(DIGITS)
    if high - low > 1:
        return DIGITS[(low + high + 1) // 2]
    if b is not None and len(b) > 1:
        return b[0]
    return DIGITS[low] + _midpoint(a[1:], None)


def key_between(before: str | None, after: str | None) -> str:
    """A key sorting strictly between ``before`` and ``after`` (None: open end)."""
    if before is not None and after is not None and not before < after:
        raise ValueError(f"{before!r} is not before {after!r}")
    for key in (before, after):
        if key is not None and (not key or key.endswith("0") or any(c not in _INDEX for c in key)):
            raise ValueError(f"invalid position {key!r}")
    return _midpoint(before or "", after)


def spread(count: int) -> list[str]:
    """``count`` evenly spaced keys of equal length (bulk loads), leaving room between each."""
    width = 1
    while len(DIGITS) ** width <= count * 2:
        width += 1
    step = len(DIGITS) ** width // (count + 1)
    keys = []
    for i in range(1, count + 1):
        n, digits = i * step, []
        for _ in range(width):
            n, r = divmod(n, len(DIGITS))
            digits.append(DIGITS[r])
        keys.append("".join(reversed(digits)).rstrip("0") or DIGITS[1])
    return keys
