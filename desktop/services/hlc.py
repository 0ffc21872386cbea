"""Hybrid logical clock: 48-bit wall milliseconds and a 16-bit counter in one integer.

Orders changes across stations without trusting their wall clocks: it never goes backwards,
and it moves past every clock it receives, so an edit made after seeing another sorts after it.
"""

from __future__ import annotations

import time

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1
# How far an op's clock may be ahead of the receiver's (the hub's, or a station's): further, and
# the hub refuses it and a station holds it, or one bad clock would win every later edit.
MAX_AHEAD_MS = 3_600_000


def pack(millis: int, counter: int) -> int:
    return (millis << COUNTER_BITS) | counter


def millis(hlc: int) -> int:
    return hlc >> COUNTER_BITS


def wall_millis() -> int:
    return time.time_ns() // 1_000_000


def tick(last: int, wall: int | None = None) -> int:
    """The clock for a new local event after ``last``."""
    wall = wall_millis() if wall is None else wall
    if wall > millis(last):
        return pack(wall, 0)
    return last + 1  # same or earlier millisecond: count up (carries into the millis on overflow)


def observe(last: int, remote: int, wall: int | None = None) -> int:
    """The clock after receiving ``remote``: past both, and past the wall clock."""
    wall = wall_millis() if wall is None else wall
    top = max(last, remote)
    if wall > millis(top):
        return pack(wall, 0)
    return top + 1
