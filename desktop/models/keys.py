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
    INCIDENT_COMMANDER = "incident_commander"
    COMMUNICATIONS_LEAD = "communications_lead"
    TECHNICAL_LEAD = "technical_lead"
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
    SMS = "sms"
    STATUS_PAGE = "status_page"


class Delivery(enum.StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class GroupKind(enum.StrEnum):
    TECHNICAL_TEAM = "technical_team"
    MANAGEMENT = "management"
    KEY_STAKEHOLDERS = "key_stakeholders"
    USERS = "users"
    CUSTOM = "custom"
