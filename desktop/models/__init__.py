"""The domain: SQLAlchemy 2.0 typed mappings, enums and rules. Imports nothing from Qt.

The stable keys live in desktop.models.keys, importable without SQLAlchemy; the mappings below
load when first asked for (``from desktop.models import Incident``), not with the package.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name in __all__:
        from desktop.models import _mapped

        return getattr(_mapped, name)
    raise AttributeError(name)


__all__ = [
    "Base", "Shared", "new_id", "SHARED_MODELS", "Service", "Person", "Team", "StakeholderGroup",
    "GroupMember", "Incident", "IncidentService", "RoleAssignment", "Task", "TimelineEntry",
    "ProblemRecord", "ChangeRecord", "Notification", "StationState", "FieldClock", "OutboxOp", "QuarantinedOp",
]
