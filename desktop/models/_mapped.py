"""Every mapping of the domain, loaded together (SQLAlchemy needs them all for its registry)."""

from desktop.models.base import Base, Shared, new_id
from desktop.models.catalogue import Service
from desktop.models.incidents import Incident, IncidentService
from desktop.models.notifications import CommAudience, CommTemplate, Notification, NotificationRecipient
from desktop.models.people import GroupMember, Person, StakeholderGroup, Team
from desktop.models.records import ChangeRecord, ProblemRecord
from desktop.models.roles import RoleAssignment
from desktop.models.sync import FieldClock, OutboxOp, QuarantinedOp, StationState, SyncState  # noqa: F401
from desktop.models.tasks import Task
from desktop.models.timeline import TimelineEntry

# Every shared entity, in the order export and sync list them.
SHARED_MODELS: tuple[type[Shared], ...] = (
    Service, Person, Team, StakeholderGroup, GroupMember, Incident, IncidentService, RoleAssignment,
    Task, TimelineEntry, ProblemRecord, ChangeRecord, CommTemplate, CommAudience, Notification,
    NotificationRecipient,
)

__all__ = [
    "Base", "Shared", "new_id", "SHARED_MODELS", "Service", "Person", "Team", "StakeholderGroup",
    "GroupMember", "Incident", "IncidentService", "RoleAssignment", "Task", "TimelineEntry",
    "ProblemRecord", "ChangeRecord", "CommTemplate", "CommAudience", "Notification", "NotificationRecipient", "StationState", "FieldClock", "OutboxOp", "QuarantinedOp",
]
