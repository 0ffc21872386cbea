"""The incident lifecycle as a pure function: the allowed moves and what each one stamps.

identification: proposed → declared; containment: contained; resolution: resolved;
maintenance: in_review → closed. cancelled from proposed/declared; resolved may reopen.
The board, the CLI and sync share this one truth.
"""

from __future__ import annotations

from desktop.models.keys import Status

# status → {target: timestamp field the move stamps (None: stamps nothing new)}
MOVES: dict[Status, dict[Status, str | None]] = {
    Status.PROPOSED: {Status.DECLARED: "declared_at", Status.CANCELLED: "closed_at"},
    Status.DECLARED: {Status.CONTAINED: "contained_at", Status.RESOLVED: "resolved_at",
                      Status.CANCELLED: "closed_at"},
    Status.CONTAINED: {Status.RESOLVED: "resolved_at"},
    Status.RESOLVED: {Status.IN_REVIEW: "reviewed_at", Status.DECLARED: None},
    Status.IN_REVIEW: {Status.CLOSED: "closed_at"},
    Status.CLOSED: {},
    Status.CANCELLED: {},
}

# Timestamps a move clears: a reopened incident is no longer resolved, nor contained.
CLEARS: dict[tuple[Status, Status], tuple[str, ...]] = {
    (Status.RESOLVED, Status.DECLARED): ("resolved_at", "contained_at"),
}


class TransitionError(ValueError):
    def __init__(self, current: str, target: str, reason: str) -> None:
        super().__init__(f"{current} → {target}: {reason}")
        self.current, self.target, self.reason = current, target, reason


def allowed_moves(current: str) -> tuple[Status, ...]:
    return tuple(MOVES.get(Status(current), {}))


def why_not(current: str, target: str) -> str | None:
    """None when the move is allowed; otherwise a stable reason key for the view to word."""
    try:
        here, there = Status(current), Status(target)
    except ValueError:
        return "unknown_status"
    if here == there:
        return "already"
    if here in (Status.CLOSED, Status.CANCELLED):
        return "finished"
    if there not in MOVES[here]:
        return "not_from_here"
    return None


def transition(current: str, target: str) -> tuple[str | None, tuple[str, ...]]:
    """The timestamp field the move stamps and those it clears, or TransitionError."""
    reason = why_not(current, target)
    if reason:
        raise TransitionError(current, target, reason)
    here, there = Status(current), Status(target)
    return MOVES[here][there], CLEARS.get((here, there), ())
