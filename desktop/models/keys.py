"""The stable keys stored in the database (rule 5), and the rules over them that need no ORM.

Kept free of SQLAlchemy so that views and the lifecycle can use them at start-up.
"""

from __future__ import annotations

import enum


class Severity(enum.StrEnum):
    SEV1 = "sev1"
    SEV2 = "sev2"
    SEV3 = "sev3"
    SEV4 = "sev4"


# Each kind of stored key is defined once: its members in their order here, its colour here,
# its words in labels.py. Views, SQL, the CLI and the PDF take them from here, never typed out.
# Severity colours differ in hue and in lightness (L* ≈ 33, 60, 86, 45), so that critical and
# high stay apart from across a room and for colour-blind eyes; the word is always beside the
# colour. SEVERITY_TEXT is the text colour on each (contrast ≥ 4.5:1).
SEVERITY_COLOURS = {"sev1": "#a50f15", "sev2": "#e6550d", "sev3": "#fdd835", "sev4": "#2b6cb0"}
SEVERITY_TEXT = {"sev1": "#ffffff", "sev2": "#000000", "sev3": "#000000", "sev4": "#ffffff"}


def values(kind: type[enum.StrEnum]) -> tuple[str, ...]:
    """A key kind's stored values, in order (plain strings, for combos and SQL)."""
    return tuple(member.value for member in kind)


def sql_order(column: str, keys: tuple[str, ...] | type[enum.StrEnum]) -> str:
    """``CASE column WHEN key THEN rank … END``: SQL sorts by the keys' order, not their names."""
    whens = " ".join(f"WHEN '{key}' THEN {rank}" for rank, key in enumerate(keys))
    return f"CASE {column} {whens} ELSE {len(tuple(keys))} END"


class Level(enum.StrEnum):
    """Impact and urgency."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ReportedVia(enum.StrEnum):
    TECHNICIAN = "technician"
    HOTLINE = "hotline"
    MONITORING = "monitoring"
    RULE = "rule"
    INTAKE = "intake"


class Status(enum.StrEnum):
    PROPOSED = "proposed"
    DECLARED = "declared"
    CONTAINED = "contained"
    RESOLVED = "resolved"
    IN_REVIEW = "in_review"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Phase(enum.StrEnum):
    IDENTIFICATION = "identification"
    CONTAINMENT = "containment"
    RESOLUTION = "resolution"
    MAINTENANCE = "maintenance"


PHASE_OF_STATUS = {
    Status.PROPOSED: Phase.IDENTIFICATION,
    Status.DECLARED: Phase.IDENTIFICATION,
    Status.CONTAINED: Phase.CONTAINMENT,
    Status.RESOLVED: Phase.RESOLUTION,
    Status.IN_REVIEW: Phase.MAINTENANCE,
    Status.CLOSED: Phase.MAINTENANCE,
    Status.CANCELLED: Phase.IDENTIFICATION,
}


ACTIVE_STATUSES = (Status.DECLARED, Status.CONTAINED)
# The board's statuses, most pressing first (the board's order, the wall's and the SQL's).
BOARD_STATUSES = (Status.DECLARED, Status.CONTAINED, Status.PROPOSED, Status.RESOLVED, Status.IN_REVIEW)


# Impact × urgency → priority 1 (highest) … 4, the usual ITIL matrix.
_PRIORITY = {
    (Level.HIGH, Level.HIGH): 1, (Level.HIGH, Level.MEDIUM): 2, (Level.MEDIUM, Level.HIGH): 2,
    (Level.HIGH, Level.LOW): 3, (Level.MEDIUM, Level.MEDIUM): 3, (Level.LOW, Level.HIGH): 3,
    (Level.MEDIUM, Level.LOW): 4, (Level.LOW, Level.MEDIUM): 4, (Level.LOW, Level.LOW): 4,
}


def priority(impact: str | None, urgency: str | None) -> int:
    """Derived, never stored: change impact or urgency and the priority follows everywhere."""
    try:
        return _PRIORITY[(Level(impact), Level(urgency))]
    except ValueError:
        return 4


class Role(enum.StrEnum):
    """In the order the team is listed."""

    INCIDENT_COMMANDER = "incident_commander"
    TECHNICAL_LEAD = "technical_lead"
    COMMUNICATIONS_LEAD = "communications_lead"
    SCRIBE = "scribe"
    SLA_MANAGER = "sla_manager"
    SUBJECT_MATTER_EXPERT = "subject_matter_expert"
    EXTERNAL_EXPERT = "external_expert"


# Roles only one person holds at a time; the others (experts) may have several holders.
SINGLE_HOLDER_ROLES = frozenset({Role.INCIDENT_COMMANDER, Role.COMMUNICATIONS_LEAD,
                                 Role.TECHNICAL_LEAD, Role.SCRIBE, Role.SLA_MANAGER})


class Column(enum.StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"


class TaskSource(enum.StrEnum):
    RESPONSE = "response"
    REVIEW = "review"  # an action item from the post-incident review


class EntryKind(enum.StrEnum):
    NOTE = "note"
    STATUS = "status"  # a lifecycle transition
    FIELD = "field"  # an edited field: before → after in details
    ROLE = "role"
    TASK = "task"
    RECORD = "record"  # problem or change record created or linked
    COMMUNICATION = "communication"
    CONFLICT = "conflict"  # a sync conflict people should see
    UNDO = "undo"


class Priority(enum.StrEnum):
    """A task's priority, most pressing first."""

    URGENT = "urgent"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class ProblemState(enum.StrEnum):
    OPEN = "open"
    ROOT_CAUSE_FOUND = "root_cause_found"
    CLOSED = "closed"


class Risk(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Approval(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    EMERGENCY = "emergency"  # approved after the fact by the emergency CAB


class Outcome(enum.StrEnum):
    SUCCESSFUL = "successful"
    FAILED = "failed"
    ROLLED_BACK = "rolled_back"


class Channel(enum.StrEnum):
    EMAIL = "email"
    SMS = "sms"  # kept for old rows: nothing sends SMS
    STATUS_PAGE = "status_page"
    DESKTOP = "desktop"  # a notification on the coordinator workstations


class Delivery(enum.StrEnum):
    """A message's state for one recipient (and, summed up, for the message)."""

    DRAFT = "draft"  # prepared on an event, waiting for the communications lead to send it
    QUEUED = "queued"
    SENDING = "sending"  # handed to the mail server now; after a restart: "unsure", never resent alone
    SENT = "sent"
    FAILED = "failed"  # given up, or refused for good (an invalid address); the reason is kept
    UNSURE = "unsure"  # a restart in the middle of sending: it may have arrived
    CANCELLED = "cancelled"  # a draft the communications lead discarded


class CommEvent(enum.StrEnum):
    """What a stakeholder message is about: the template it is written from."""

    DECLARED = "declared"
    SEVERITY_CHANGED = "severity_changed"
    CONTAINED = "contained"
    RESOLVED = "resolved"
    CLOSED = "closed"
    COMMANDER_CHANGED = "commander_changed"
    STATUS_UPDATE = "status_update"  # the scheduled one, every so often per severity


# The channels and languages an audience of a communication plan may have, in their order.
COMM_CHANNELS = (Channel.EMAIL.value, Channel.STATUS_PAGE.value, Channel.DESKTOP.value)
COMM_LANGS = ("fa", "en")
MESSAGE_LIMITS = {"subject": 300, "text": 10_000}  # models/notifications.py

# Scheduled status updates: minutes between them, per severity (the incident may set its own).
UPDATE_EVERY_MIN = {"sev1": 30, "sev2": 60, "sev3": 120, "sev4": 240}


class Criticality(enum.StrEnum):
    """How much the organisation depends on a service: the order it is listed in."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class GroupKind(enum.StrEnum):
    TECHNICAL_TEAM = "technical_team"
    MANAGEMENT = "management"
    KEY_STAKEHOLDERS = "key_stakeholders"
    USERS = "users"
    CUSTOM = "custom"
