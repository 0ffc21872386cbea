"""Translated words for Qt-free code (timeline descriptions, the postmortem PDF)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop import i18n
from desktop.views import labels

_LABELS = {
    "severity": labels.severity, "status": labels.status, "role": labels.role, "column": labels.column,
    "reported_via": labels.reported_via, "field": labels.field, "entry_kind": labels.entry_kind, "entity": labels.entity,
    "level": labels.level, "risk": labels.risk, "approval": labels.approval, "outcome": labels.outcome,
    "group_kind": labels.group_kind, "channel": labels.channel, "phase": labels.phase,
}
_texts: dict[str, dict[str, str]] = {}


def _build() -> dict[str, str]:
    return {
        # timeline entries
        "entry.pair": QCoreApplication.translate("Words", "from %1 to %2"),
        "entry.acknowledged": QCoreApplication.translate("Words", "Acknowledged"),
        "entry.reported_as": QCoreApplication.translate("Words", "Reported as %1"),
        "entry.took_over": QCoreApplication.translate("Words", "%1: %2 took over from %3"),
        "entry.role": QCoreApplication.translate("Words", "%1: %2"),
        "entry.stepped_down": QCoreApplication.translate("Words", "%1: %2 stepped down"),
        "entry.task_moved": QCoreApplication.translate("Words", "Task «%1» moved to %2"),
        "entry.task_added": QCoreApplication.translate("Words", "Task added: %1"),
        "entry.problem_linked": QCoreApplication.translate("Words", "Problem record linked"),
        "entry.change_linked": QCoreApplication.translate("Words", "Change record linked"),
        "entry.duplicate": QCoreApplication.translate("Words", "Marked as duplicate"),
        "entry.record": QCoreApplication.translate("Words", "Record linked"),
        "entry.merged": QCoreApplication.translate("Words", "A duplicate report was merged into this incident"),
        "entry.undone": QCoreApplication.translate("Words", "A change was undone"),
        "entry.superseded": QCoreApplication.translate(
            "Words", "An edit made at this station was replaced by a newer one from another station: %1"),
        "entry.double_holders": QCoreApplication.translate(
            "Words", "Two stations each named a %1 while apart: %2 — decide who keeps the role"),
        "entry.redone": QCoreApplication.translate("Words", "A change was redone"),
        # the postmortem
        "pm.title": QCoreApplication.translate("Words", "Post-incident review"),
        "pm.draft": QCoreApplication.translate("Words", "DRAFT — the incident is not closed"),
        "pm.watermark": QCoreApplication.translate("Words", "DRAFT"),
        "pm.page": QCoreApplication.translate("Words", "Page %1 of %2"),
        "pm.generated": QCoreApplication.translate("Words", "Generated"),
        "pm.reference": QCoreApplication.translate("Words", "Reference"), "pm.severity": QCoreApplication.translate("Words", "Severity"),
        "pm.status": QCoreApplication.translate("Words", "Status"), "pm.declared": QCoreApplication.translate("Words", "Declared"),
        "pm.resolved": QCoreApplication.translate("Words", "Resolved"), "pm.duration": QCoreApplication.translate("Words", "Duration"),
        "pm.commander": QCoreApplication.translate("Words", "Incident commander"), "pm.authors": QCoreApplication.translate("Words", "Authors"),
        "pm.summary": QCoreApplication.translate("Words", "Executive summary"),
        "pm.impact": QCoreApplication.translate("Words", "Impact"), "pm.services": QCoreApplication.translate("Words", "Affected services"),
        "pm.users": QCoreApplication.translate("Words", "Users"), "pm.business_impact": QCoreApplication.translate("Words", "Business impact"),
        "pm.detection": QCoreApplication.translate("Words", "Detection"), "pm.reported_via": QCoreApplication.translate("Words", "Reported via"),
        "pm.detected_at": QCoreApplication.translate("Words", "Detected at"), "pm.reported_at": QCoreApplication.translate("Words", "Reported at"),
        "pm.time_to_detect": QCoreApplication.translate("Words", "Time to detect"),
        "pm.phases": QCoreApplication.translate("Words", "Phases"),
        "pm.timeline": QCoreApplication.translate("Words", "Timeline"), "pm.timeline_pinned": QCoreApplication.translate("Words", "Timeline (pinned entries)"),
        "pm.time": QCoreApplication.translate("Words", "Time"), "pm.by": QCoreApplication.translate("Words", "By"), "pm.kind": QCoreApplication.translate("Words", "Kind"),
        "pm.entry": QCoreApplication.translate("Words", "Entry"),
        "pm.responders": QCoreApplication.translate("Words", "Responders and roles"), "pm.person": QCoreApplication.translate("Words", "Person"),
        "pm.role": QCoreApplication.translate("Words", "Role"), "pm.from": QCoreApplication.translate("Words", "From"), "pm.to": QCoreApplication.translate("Words", "To"),
        "pm.root_cause": QCoreApplication.translate("Words", "Root cause and contributing factors"),
        "pm.problem": QCoreApplication.translate("Words", "Problem record"), "pm.known_error": QCoreApplication.translate("Words", "Known error"),
        "pm.workaround": QCoreApplication.translate("Words", "Workaround"), "pm.five_whys": QCoreApplication.translate("Words", "Five whys"),
        "pm.resolution": QCoreApplication.translate("Words", "Resolution and recovery"), "pm.change": QCoreApplication.translate("Words", "Change record"),
        "pm.plan": QCoreApplication.translate("Words", "Plan"), "pm.risk": QCoreApplication.translate("Words", "Risk"),
        "pm.rollback": QCoreApplication.translate("Words", "Rollback plan"), "pm.implemented_at": QCoreApplication.translate("Words", "Implemented at"),
        "pm.outcome": QCoreApplication.translate("Words", "Outcome"), "pm.approval": QCoreApplication.translate("Words", "Approval"),
        "pm.metrics": QCoreApplication.translate("Words", "Metrics"), "pm.tta": QCoreApplication.translate("Words", "Time to acknowledge"),
        "pm.ttc": QCoreApplication.translate("Words", "Time to contain"), "pm.ttr": QCoreApplication.translate("Words", "Time to resolve"),
        "pm.sla": QCoreApplication.translate("Words", "SLA"), "pm.sla_met": QCoreApplication.translate("Words", "Met (target %1)"),
        "pm.sla_breached": QCoreApplication.translate("Words", "Breached by %1 (target %2)"),
        "pm.sla_running": QCoreApplication.translate("Words", "Running: %1 left (target %2)"),
        "pm.lessons": QCoreApplication.translate("Words", "Lessons learned"), "pm.went_well": QCoreApplication.translate("Words", "What went well"),
        "pm.went_wrong": QCoreApplication.translate("Words", "What went wrong"), "pm.got_lucky": QCoreApplication.translate("Words", "Where we got lucky"),
        "pm.actions": QCoreApplication.translate("Words", "Action items"), "pm.task": QCoreApplication.translate("Words", "Task"),
        "pm.owner": QCoreApplication.translate("Words", "Owner"), "pm.due": QCoreApplication.translate("Words", "Due"),
        "pm.communications": QCoreApplication.translate("Words", "Communications sent"), "pm.audience": QCoreApplication.translate("Words", "Audience"),
        "pm.channel": QCoreApplication.translate("Words", "Channel"), "pm.message": QCoreApplication.translate("Words", "Message"),
        "pm.pir": QCoreApplication.translate("Words", "Post-implementation review"),
        "pm.related": QCoreApplication.translate("Words", "Related records"), "pm.duplicate_of": QCoreApplication.translate("Words", "Duplicate of"),
        "pm.duplicates": QCoreApplication.translate("Words", "Duplicates of this incident"),
        "pm.none": QCoreApplication.translate("Words", "Not recorded."), "pm.no_entries": QCoreApplication.translate("Words", "No entries."),
        "pm.no_actions": QCoreApplication.translate("Words", "No action items recorded."),
        "pm.no_communications": QCoreApplication.translate("Words", "No communications were recorded for this incident."),
        "pm.no_responders": QCoreApplication.translate("Words", "No roles were assigned."),
        "pm.no_problem": QCoreApplication.translate("Words", "No problem record is linked: the root cause has not been analysed."),
        "pm.no_change": QCoreApplication.translate("Words", "No change record is linked."),
        "pm.not_yet": QCoreApplication.translate("Words", "not yet"),
        "pm.open_role": QCoreApplication.translate("Words", "still holds the role"),
        "pm.users_notified": QCoreApplication.translate("Words", "%1 messages to users"),
    }


class QtWords:
    """Words in the installed language (i18n.install), for Qt-free describers and reports."""

    def __init__(self) -> None:
        self.lang = i18n.current()

    def text(self, key: str) -> str:
        table = _texts.get(self.lang)
        if table is None:
            table = _texts[self.lang] = _build()
        return table[key]

    def label(self, kind: str, key: str | None) -> str:
        return _LABELS[kind](key or "") if key else ""
