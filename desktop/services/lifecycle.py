"""The incident lifecycle as a pure function: the allowed moves and what each one stamps.

identification: proposed → declared; containment: contained; resolution: resolved;
maintenance: in_review → closed. cancelled from proposed/declared; resolved may reopen.
The board, the CLI and sync share this one truth; ``actions`` says which of the buttons a
person sees (accept, acknowledge, contain, …) are possible now, and if not, why.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from desktop.models.keys import ACTIVE_STATUSES, Status

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

# Timestamps a move clears: a reopened incident is no longer resolved, nor contained, and the
# review's ticks were about the fix that did not hold: the next fix is verified afresh.
CLEARS: dict[tuple[Status, Status], tuple[str, ...]] = {
    (Status.RESOLVED, Status.DECLARED): ("resolved_at", "contained_at", "fix_verified_at", "monitoring_confirmed_at",
                                         "docs_updated_at"),
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


# Statuses some move leads to, in the lifecycle's order (what the CLI's ``move`` accepts).
TARGETS: tuple[Status, ...] = tuple(s for s in Status if any(s in moves for moves in MOVES.values()))


class Action(enum.StrEnum):
    """What a person can do to an incident: the lifecycle buttons of the incident page."""

    ACCEPT = "accept"
    ACKNOWLEDGE = "acknowledge"
    CONTAIN = "contain"
    RESOLVE = "resolve"
    REVIEW = "review"
    CLOSE = "close"
    REOPEN = "reopen"
    CANCEL = "cancel"
    DUPLICATE = "duplicate"


# action → the status it moves the incident to (None: no move, a timestamp only), in the order
# of the four phases.
ACTIONS: dict[Action, Status | None] = {
    Action.ACCEPT: Status.DECLARED, Action.ACKNOWLEDGE: None, Action.CONTAIN: Status.CONTAINED,
    Action.RESOLVE: Status.RESOLVED, Action.REVIEW: Status.IN_REVIEW, Action.CLOSE: Status.CLOSED,
    Action.REOPEN: Status.DECLARED, Action.CANCEL: Status.CANCELLED, Action.DUPLICATE: Status.CANCELLED,
}

# Actions meant for an incident in one status only, beyond what MOVES allows: accepting and
# merging as a duplicate are for a proposal; reopening is for a resolved incident.
_ONLY_FROM: dict[Action, tuple[Status, str]] = {
    Action.ACCEPT: (Status.PROPOSED, "only_proposed"),
    Action.DUPLICATE: (Status.PROPOSED, "only_proposed"),
    Action.REOPEN: (Status.RESOLVED, "only_resolved"),
}


@dataclass(frozen=True, slots=True)
class Offer:
    """One action on one incident now: its target status, and None when it is allowed or the
    stable reason it is not (for the view to word)."""

    action: Action
    target: Status | None
    refusal: str | None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def refusal(action: str, status: str, acknowledged_at: Any = None) -> str | None:
    """None when ``action`` is allowed on an incident in ``status`` (acknowledged at
    ``acknowledged_at``, if it was); otherwise a stable reason key."""
    action = Action(action)
    if action is Action.ACKNOWLEDGE:  # the first response, once, on a live incident (MTTA)
        if acknowledged_at:
            return "already_acknowledged"
        return None if status in ACTIVE_STATUSES else "not_declared"
    only = _ONLY_FROM.get(action)
    if only is not None and status != only[0]:
        return only[1]
    return why_not(status, ACTIONS[action])


def actions(status: str, acknowledged_at: Any = None) -> tuple[Offer, ...]:
    """Every action, in the order of the four phases, as it stands for an incident now."""
    return tuple(Offer(action, target, refusal(action, status, acknowledged_at))
                 for action, target in ACTIONS.items())
