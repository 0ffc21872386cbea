"""Words in the user's language, one place for each: the stable keys stored in the database
(rule 5: keys stored, words in the view), errors, sync refusals, and the Words that Qt-free code
(timeline descriptions, the postmortem PDF) is handed (``QtWords``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QLocale

from desktop import i18n
from desktop.text.normalize import isolate
from desktop.text.display import fill

_tables: dict[tuple[str, str], dict[str, str]] = {}


def _word(kind: str, build: Callable[[], dict[str, str]], key: str) -> str:
    """Looks ``key`` up in a table built once per language (tables are read on every paint)."""
    table = _tables.get((kind, i18n.current()))
    if table is None:
        table = _tables[(kind, i18n.current())] = build()
    return table.get(key, key)



def user_text(text: str | None) -> str:
    """People's words (titles, names, notes) isolated in their own direction: right to left in
    fa, whatever the first letter ("Kubernetes در وضعیت بحرانی است" still reads right to left);
    in en by their first strong letter, so a Persian title is not scrambled in an English row."""
    if not text:
        return ""
    return isolate(text, rtl=True if i18n.current() == "fa" else None)


def severity(key: str) -> str:
    return _word("severity", lambda: {
        "sev1": QCoreApplication.translate("Labels", "Critical"), "sev2": QCoreApplication.translate("Labels", "High"),
        "sev3": QCoreApplication.translate("Labels", "Medium"), "sev4": QCoreApplication.translate("Labels", "Low"),
    }, key)


def status(key: str | None) -> str:
    return _word("status", lambda: {
        "proposed": QCoreApplication.translate("Labels", "Proposed"), "declared": QCoreApplication.translate("Labels", "Declared"),
        "contained": QCoreApplication.translate("Labels", "Contained"), "resolved": QCoreApplication.translate("Labels", "Resolved"),
        "in_review": QCoreApplication.translate("Labels", "Under review"), "closed": QCoreApplication.translate("Labels", "Closed"),
        "cancelled": QCoreApplication.translate("Labels", "Cancelled"),
    }, key or "")


def phase(key: str) -> str:
    return _word("phase", lambda: {
        "identification": QCoreApplication.translate("Labels", "Identification"), "containment": QCoreApplication.translate("Labels", "Containment"),
        "resolution": QCoreApplication.translate("Labels", "Resolution"), "maintenance": QCoreApplication.translate("Labels", "Maintenance"),
        # -- the phase after resolution is the review (issue 12): the glossary's word for it
        "review": QCoreApplication.translate("Labels", "Review"),
    }, key)


def role(key: str) -> str:
    return _word("role", lambda: {
        "incident_commander": QCoreApplication.translate("Labels", "Incident commander"),
        "communications_lead": QCoreApplication.translate("Labels", "Communications lead"),
        "technical_lead": QCoreApplication.translate("Labels", "Technical lead"), "scribe": QCoreApplication.translate("Labels", "Scribe"),
        "sla_manager": QCoreApplication.translate("Labels", "SLA manager"),
        "subject_matter_expert": QCoreApplication.translate("Labels", "Subject-matter expert"),
        "external_expert": QCoreApplication.translate("Labels", "External expert"),
    }, key)


def column(key: str) -> str:
    return _word("column", lambda: {
        "todo": QCoreApplication.translate("Labels", "To do"), "in_progress": QCoreApplication.translate("Labels", "In progress"),
        "blocked": QCoreApplication.translate("Labels", "Blocked"), "done": QCoreApplication.translate("Labels", "Done"),
    }, key)


def priority(key: str) -> str:
    """A task's priority (models.keys.Priority)."""
    return _word("priority", lambda: {
        "urgent": QCoreApplication.translate("Labels", "Urgent"), "high": QCoreApplication.translate("Labels", "High"),
        "normal": QCoreApplication.translate("Labels", "Normal"), "low": QCoreApplication.translate("Labels", "Low"),
    }, key)


def reported_via(key: str) -> str:
    return _word("reported_via", lambda: {
        "technician": QCoreApplication.translate("Labels", "Technician"), "hotline": QCoreApplication.translate("Labels", "Hotline"),
        "monitoring": QCoreApplication.translate("Labels", "Monitoring"), "rule": QCoreApplication.translate("Labels", "Rule"),
        "intake": QCoreApplication.translate("Labels", "Intake"),
    }, key)


def field(key: str) -> str:
    return _word("field", lambda: {
        "title": QCoreApplication.translate("Labels", "Title"), "description": QCoreApplication.translate("Labels", "Description"),
        "severity": QCoreApplication.translate("Labels", "Severity"), "impact": QCoreApplication.translate("Labels", "Impact"),
        "urgency": QCoreApplication.translate("Labels", "Urgency"), "reported_via": QCoreApplication.translate("Labels", "Reported via"),
        "detected_at": QCoreApplication.translate("Labels", "Detected at"), "bridge_url": QCoreApplication.translate("Labels", "Conference bridge"),
        "bridge_phone": QCoreApplication.translate("Labels", "Bridge phone"), "bridge_pin": QCoreApplication.translate("Labels", "Bridge PIN"),
        "war_room": QCoreApplication.translate("Labels", "War room"), "sla_minutes": QCoreApplication.translate("Labels", "SLA target"),
        "review_summary": QCoreApplication.translate("Labels", "Summary"), "review_impact": QCoreApplication.translate("Labels", "Business impact"),
        "root_cause": QCoreApplication.translate("Labels", "Root cause"), "went_well": QCoreApplication.translate("Labels", "What went well"),
        "went_wrong": QCoreApplication.translate("Labels", "What went wrong"), "got_lucky": QCoreApplication.translate("Labels", "Where we got lucky"),
        "lessons": QCoreApplication.translate("Labels", "Lessons learned"),
        "services": QCoreApplication.translate("Labels", "Affected services"),
        "status": QCoreApplication.translate("Labels", "Status"),
        # -- problem and change records' fields (issue 16: the record pages, their timeline entries)
        "five_whys": QCoreApplication.translate("Labels", "Five whys"),
        "contributing_factors": QCoreApplication.translate("Labels", "Contributing factors"),
        "workaround": QCoreApplication.translate("Labels", "Workaround"),
        "known_error": QCoreApplication.translate("Labels", "Known error"),
        "state": QCoreApplication.translate("Labels", "State"), "plan": QCoreApplication.translate("Labels", "Plan"),
        "risk": QCoreApplication.translate("Labels", "Risk"),
        "risk_reason": QCoreApplication.translate("Labels", "Why this risk"),
        "rollback_plan": QCoreApplication.translate("Labels", "Rollback plan"),
        "approval": QCoreApplication.translate("Labels", "Approval"),
        "approved_by": QCoreApplication.translate("Labels", "Approved by"),
        "approved_at": QCoreApplication.translate("Labels", "Approved at"),
        "scheduled_at": QCoreApplication.translate("Labels", "Scheduled for"),
        "implemented_at": QCoreApplication.translate("Labels", "Implemented at"),
        "outcome": QCoreApplication.translate("Labels", "Outcome"),
        # -- a task's fields (issue 16: the task edit dialog, its timeline entries)
        "details": QCoreApplication.translate("Labels", "Details"), "owner_id": QCoreApplication.translate("Labels", "Owner"),
        "due_at": QCoreApplication.translate("Labels", "Due time"), "priority": QCoreApplication.translate("Labels", "Priority"),
        # -- drills (issue 17)
        "exercise": QCoreApplication.translate("Labels", "Exercise (drill)"),
    }, key)


def entity(key: str) -> str:
    return _word("entity", lambda: {
        "incident": QCoreApplication.translate("Labels", "Incident"), "task": QCoreApplication.translate("Labels", "Task"),
        "role_assignment": QCoreApplication.translate("Labels", "Role"),
        "problem_record": QCoreApplication.translate("Labels", "Problem record"),
        "change_record": QCoreApplication.translate("Labels", "Change record"),
        "timeline_entry": QCoreApplication.translate("Labels", "Timeline entry"),
        "incident_service": QCoreApplication.translate("Labels", "Affected services"),
        "person": QCoreApplication.translate("Labels", "Person"), "service": QCoreApplication.translate("Labels", "Service"),
        "stakeholder_group": QCoreApplication.translate("Labels", "Stakeholder group"),
        "team": QCoreApplication.translate("Labels", "Team"),
        "group_member": QCoreApplication.translate("Labels", "Group member"),
        "notification": QCoreApplication.translate("Labels", "Notification"),
    }, key)


def entry_kind(key: str) -> str:
    return _word("entry_kind", lambda: {
        "note": QCoreApplication.translate("Labels", "Note"), "status": QCoreApplication.translate("Labels", "Status"), "field": QCoreApplication.translate("Labels", "Edit"),
        "role": QCoreApplication.translate("Labels", "Role"), "task": QCoreApplication.translate("Labels", "Task"), "record": QCoreApplication.translate("Labels", "Record"),
        "communication": QCoreApplication.translate("Labels", "Communication"), "conflict": QCoreApplication.translate("Labels", "Sync conflict"),
        "undo": QCoreApplication.translate("Labels", "Undo"),
    }, key)


def level(key: str) -> str:
    return _word("level", lambda: {
        "high": QCoreApplication.translate("Labels", "High"), "medium": QCoreApplication.translate("Labels", "Medium"),
        "low": QCoreApplication.translate("Labels", "Low"),
    }, key)


def risk(key: str) -> str:
    return level(key)


def approval(key: str) -> str:
    return _word("approval", lambda: {
        "pending": QCoreApplication.translate("Labels", "Pending approval"),
        "approved": QCoreApplication.translate("Labels", "Approved"),
        "rejected": QCoreApplication.translate("Labels", "Rejected"),
        "emergency": QCoreApplication.translate("Labels", "Emergency change"),
    }, key)


def outcome(key: str) -> str:
    return _word("outcome", lambda: {
        "successful": QCoreApplication.translate("Labels", "Successful"),
        "failed": QCoreApplication.translate("Labels", "Failed"),
        "rolled_back": QCoreApplication.translate("Labels", "Rolled back"),
    }, key)


def problem_state(key: str) -> str:
    """A problem record's state (models.keys.ProblemState)."""
    return _word("problem_state", lambda: {
        "open": QCoreApplication.translate("Labels", "Open: root cause being analysed"),
        "root_cause_found": QCoreApplication.translate("Labels", "Root cause found"),
        "closed": QCoreApplication.translate("Labels", "Closed"),
    }, key)


def group_kind(key: str) -> str:
    return _word("group_kind", lambda: {
        "technical_team": QCoreApplication.translate("Labels", "Technical team"),
        "management": QCoreApplication.translate("Labels", "Management"),
        "key_stakeholders": QCoreApplication.translate("Labels", "Key stakeholders"),
        "users": QCoreApplication.translate("Labels", "Users"),
        "custom": QCoreApplication.translate("Labels", "Custom group"),
    }, key)


def channel(key: str) -> str:
    return _word("channel", lambda: {
        "email": QCoreApplication.translate("Labels", "Email"), "sms": QCoreApplication.translate("Labels", "SMS"),
        "status_page": QCoreApplication.translate("Labels", "Status page"),
        "desktop": QCoreApplication.translate("Labels", "Desktop notification"),
    }, key)


def comm_event(key: str) -> str:
    """What a stakeholder message is about (models/keys.py CommEvent)."""
    return _word("comm_event", lambda: {
        "declared": QCoreApplication.translate("Labels", "Declared"),
        "severity_changed": QCoreApplication.translate("Labels", "Severity changed"),
        "contained": QCoreApplication.translate("Labels", "Contained"),
        "resolved": QCoreApplication.translate("Labels", "Resolved"),
        "closed": QCoreApplication.translate("Labels", "Closed"),
        "commander_changed": QCoreApplication.translate("Labels", "Commander changed"),
        "status_update": QCoreApplication.translate("Labels", "Status update"),
    }, key)


def language_name(lang: str) -> str:
    """A language by its own name, as people look for it."""
    return {"fa": "فارسی", "en": "English"}.get(lang, lang)


# -- the directory and the team (issue 13)

def criticality(key: str | None) -> str:
    """How much the organisation depends on a service: the severity words of the glossary."""
    return _word("criticality", lambda: {
        "critical": QCoreApplication.translate("Labels", "Critical"), "high": QCoreApplication.translate("Labels", "High"),
        "medium": QCoreApplication.translate("Labels", "Medium"), "low": QCoreApplication.translate("Labels", "Low"),
    }, key or "")


def staffing_gap(severity_key: str, missing: tuple[str, ...] | list[str]) -> str:
    """A sev1 or sev2 incident without the roles it needs (services/staffing.py), e.g.
    «حادثه با شدت بحرانی بدون فرمانده حادثه و مسئول ارتباطات»: one wording for the board's tooltip,
    the incident page and the Team page."""
    roles = [role(key) for key in missing]
    joined = roles[0] if len(roles) == 1 else fill(QCoreApplication.translate("Labels", "%1 or %2"),
                                                   ", ".join(roles[:-1]), roles[-1])
    return fill(QCoreApplication.translate("Labels", "%1 severity without %2"), severity(severity_key), joined)


def sla_left(duration: str, breached: bool) -> str:
    """What the SLA column says: the time left to resolve, or how long ago it was breached (the
    board, the wall and the PDF alike)."""
    if breached:
        return fill(QCoreApplication.translate("Labels", "breached by %1"), duration)
    return fill(QCoreApplication.translate("Labels", "%1 left"), duration)


def status_page_error(code: str, params: dict | None = None) -> str:
    """Why the status page could not be written (services/status_page.StatusPageError)."""
    folder = (params or {}).get("folder", "")
    text = {
        "no_folder": QCoreApplication.translate("Labels", "The status page folder %1 does not exist; nothing was written. "
                                                "Choose another in File ▸ Stakeholder messages."),
        "not_a_folder": QCoreApplication.translate("Labels", "%1 is a file, not a folder: the status page was not written."),
        "not_writable": QCoreApplication.translate("Labels", "The status page cannot be written in %1 (no permission, or "
                                                   "a read-only disk or share); the messages wait."),
        "not_regular": QCoreApplication.translate("Labels", "index.html in %1 is not a regular file; the status page "
                                                  "was not written."),
    }.get(code, QCoreApplication.translate("Labels", "The status page could not be written in %1 (details in "
                                                     "crisisroom.log); it is tried again."))
    return fill(text, isolate(str(folder), rtl=False))


def next_update(duration: str, overdue: bool) -> str:
    """When the next stakeholder status update is due: the board, the wall and the incident."""
    if overdue:
        return fill(QCoreApplication.translate("Labels", "overdue by %1"), duration)
    return fill(QCoreApplication.translate("Labels", "in %1"), duration)


def error(code: str, params: dict | None = None) -> str:
    """A failure worded for people, in their language."""
    params = params or {}
    text = {
        "locked": QCoreApplication.translate("Errors", "The database is in use by another program. Close it and try again."),
        "corrupt": QCoreApplication.translate("Errors", "The database file is damaged or is not a Crisis Room database."),
        "too_new": QCoreApplication.translate("Errors", "This database was written by a newer version of Crisis Room. "
                                "Update the application to open it."),
        "unavailable": QCoreApplication.translate("Errors", "The database cannot be opened or created here."),
        "read_only": QCoreApplication.translate("Errors", "This database is read-only: it can be looked at but not changed."),
        "not_station": QCoreApplication.translate("Errors", "This file is not a Crisis Room database: it is empty or "
                                  "belongs to another program. Nothing in it was changed."),
        "behind": QCoreApplication.translate("Errors", "This database was written by an older version of Crisis Room. "
                             "Open it once in the app to upgrade it."),
        "not_regular": QCoreApplication.translate("Errors", "This path is not a regular file (a folder, a device or a pipe): "
                                  "nothing was written there. Choose another name."),
        "empty_title": QCoreApplication.translate("Errors", "The title cannot be empty."),
        "empty_name": QCoreApplication.translate("Errors", "The name cannot be empty."),
        "empty_note": QCoreApplication.translate("Errors", "The note is empty."),
        "unknown_incident": QCoreApplication.translate("Errors", "No such incident."),
        "unknown_service": QCoreApplication.translate("Errors", "No such service."),
        "unknown_person": QCoreApplication.translate("Errors", "No such person."),
        "unknown_task": QCoreApplication.translate("Errors", "No such task."),
        "unknown_record": QCoreApplication.translate("Errors", "No such record."),
        "forbidden_move": QCoreApplication.translate("Errors", "This move is not allowed from the incident's current status."),
        "review_incomplete": QCoreApplication.translate(
            "Errors", "The incident closes once its review is complete (see the Review page)."),
        "override_not_commander": QCoreApplication.translate(
            "Errors", "Only the incident commander, operating this station, can close without a complete review."),
        "not_reviewable": QCoreApplication.translate("Errors", "The review starts once the incident is resolved."),
        "already_acknowledged": QCoreApplication.translate("Errors", "The incident has already been acknowledged."),
        "not_declared": QCoreApplication.translate("Errors", "Only a declared incident can be acknowledged."),
        "already_holds": QCoreApplication.translate("Errors", "This person already holds the role."),
        "already_renounced": QCoreApplication.translate("Errors", "This role was already handed over."),
        "unknown_assignment": QCoreApplication.translate("Errors", "No such role assignment."),
        "unknown_role": QCoreApplication.translate("Errors", "No such role."),
        "bad_value": QCoreApplication.translate("Errors", "A value is not valid."),
        "unwritable": QCoreApplication.translate("Errors", "The file cannot be written there. Choose another folder."),
        "too_long": QCoreApplication.translate("Errors", "“%1” is too long: at most %2 characters."),
        "control_characters": QCoreApplication.translate(
            "Errors", "“%1” holds invisible control characters (such as NUL). Type or paste it again."),
        "unknown_value": QCoreApplication.translate("Errors", "“%1” has a value this version does not know."),
        "unknown_group": QCoreApplication.translate("Errors", "No such stakeholder group."),
        "unknown_change": QCoreApplication.translate("Errors", "No such change record."),
        "unknown_column": QCoreApplication.translate("Errors", "No such kanban column."),
        "unknown_entry": QCoreApplication.translate("Errors", "No such timeline entry."),
        "unknown_group_kind": QCoreApplication.translate("Errors", "No such kind of stakeholder group."),
        "unknown_field": QCoreApplication.translate("Errors", "“%1” cannot be changed here."),
        "bad_field": QCoreApplication.translate("Errors", "This field cannot be changed here."),
        "bad_position": QCoreApplication.translate("Errors", "The card cannot be placed there. Try again."),
        # -- the kanban (issue 16): a task past "to do" has an owner
        "no_owner": QCoreApplication.translate(
            "Errors", "A task leaves “to do” only with an owner: choose who owns %1 first."),
        # -- problem and change records (issue 16)
        "no_root_cause": QCoreApplication.translate(
            "Errors", "Write down the root cause first: a problem is marked as found or closed only with its root cause."),
        "too_many_whys": QCoreApplication.translate("Errors", "At most %1 whys: merge some of them."),
        "no_risk_reason": QCoreApplication.translate("Errors", "Say why the risk is medium or high."),
        "not_implemented": QCoreApplication.translate(
            "Errors", "The outcome is recorded once the change is implemented: give the time it was implemented."),
        "already_linked": QCoreApplication.translate("Errors", "This record is already linked to the incident."),
        # -- writing a file (issue 12: the postmortem, exports, screenshots): each common OS error in words
        "no_folder": QCoreApplication.translate("Errors", "The folder for this file does not exist. Choose another folder."),
        "permission_denied": QCoreApplication.translate(
            "Errors", "You may not write in this folder: nothing was written there. Choose another folder."),
        "is_directory": QCoreApplication.translate("Errors", "This name is a folder, not a file. Choose another name."),
        "disk_full": QCoreApplication.translate(
            "Errors", "The disk is full: nothing was written. Free some space or choose another disk."),
        "read_only_fs": QCoreApplication.translate(
            "Errors", "This disk is read-only: nothing was written there. Choose another folder."),
        "monthly_failed": QCoreApplication.translate(
            "Errors", "The monthly report could not be made (details in crisisroom.log); nothing was written."),
        "report_failed": QCoreApplication.translate(
            "Errors", "The postmortem could not be made (details in crisisroom.log); nothing was written."),
        # -- the directory (issue 13)
        "bad_email": QCoreApplication.translate("Errors", "“%1” is not an email address."),
        "bad_phone": QCoreApplication.translate("Errors", "“%1” is not a phone number (digits, spaces, + ( ) -)."),
        "empty_organisation": QCoreApplication.translate("Errors", "Say which organisation the outside expert comes from."),
        "built_in_group": QCoreApplication.translate("Errors", "The built-in groups keep their names; add a group of your own."),
        "bad_minutes": QCoreApplication.translate("Errors", "“%1” is not a number of minutes (1 to 525,600)."),
        # -- who is operating (issue 12): nothing is written without a name on it
        "no_operator": QCoreApplication.translate(
            "Errors", "Nothing was saved: say who is operating this station first (every edit names its author)."),
        # -- text a person types (issue 12): a value of invisible characters only
        "blank": QCoreApplication.translate(
            "Errors", "“%1” shows nothing: it holds only invisible characters (such as zero-width spaces). Type it again."),
        # -- a new station (issue 13: crisisroom init, the welcome page)
        "station_exists": QCoreApplication.translate(
            "Errors", "A database is already there; a new station never writes over one. Choose another file."),
        "bad_short_code": QCoreApplication.translate("Errors", "The short code is 1 to 8 Latin letters or digits, e.g. HQ or TEH2."),
        "short_code_taken": QCoreApplication.translate(
            "Errors", "Another station already uses this short code: incident references must stay unique. Choose another."),
        "bad_kind": QCoreApplication.translate("Errors", "A station is a coordinator workstation, a field laptop or a wall display."),
        "empty_station_name": QCoreApplication.translate("Errors", "Give the station a name."),
        "empty_operator": QCoreApplication.translate("Errors", "Say who is operating this station: your full name."),
        # -- a row of a CSV import (issue 13; the file's own problems: import_problem)
        "unknown_criticality": QCoreApplication.translate(
            "Errors", "“%1” is not a criticality: critical, high, medium or low."),
        "unknown_kind": QCoreApplication.translate(
            "Errors", "“%1” is not a kind of group: technical team, management, key stakeholders, users or custom."),
        "unknown_member": QCoreApplication.translate("Errors", "No one in the directory has the email or external id “%1”."),
        "duplicate_row": QCoreApplication.translate("Errors", "The same person, service or group as on line %1."),
        "ambiguous": QCoreApplication.translate(
            "Errors", "Several entries in the directory have “%1”: make it unique before importing."),
        "rows_refused": QCoreApplication.translate(
            "Errors", "Nothing was imported: rows were refused (%1). Correct them, or import the good rows only."),
        "row_refused": QCoreApplication.translate(
            "Errors", "Nothing was imported: line %1 was refused as it was written (the directory changed meanwhile)."),
        # -- stakeholder communications (issue 15)
        "unknown_placeholder": QCoreApplication.translate(
            "Errors", "“%1” is not a placeholder a template may use: {title}, {ref}, {severity}, {phase}, {status}, "
                      "{services}, {since}, {elapsed}, {commander}, {bridge}, {war_room}, {next_update}, {now}."),
        "unbalanced_brace": QCoreApplication.translate(
            "Errors", "A brace is left open near “%1”: placeholders are written in braces, like {title}."),
        "empty_template": QCoreApplication.translate("Errors", "A template needs a subject and a text."),
        "no_channel": QCoreApplication.translate("Errors", "Choose at least one channel for the audience."),
        "unknown_audience": QCoreApplication.translate("Errors", "No such audience in this incident's plan."),
        "unknown_notification": QCoreApplication.translate("Errors", "No such message."),
        "not_a_draft": QCoreApplication.translate(
            "Errors", "This message was already sent or discarded: it can no longer be changed."),
        "empty_message": QCoreApplication.translate("Errors", "A message needs a subject and a text."),
        "not_active": QCoreApplication.translate(
            "Errors", "Only a declared or contained incident gets status updates."),
        "empty_audience": QCoreApplication.translate(
            "Errors", "Nobody with an email is in this audience's group yet: add its members in the directory first."),
        # -- delivering stakeholder messages (issue 15: services/mailer.py)
        "unknown_recipient": QCoreApplication.translate("Errors", "No such recipient of a message."),
        "not_resendable": QCoreApplication.translate(
            "Errors", "Only a message that failed or may not have arrived can be sent again, and only to a valid address."),
        # -- teams (services/teams.py)
        "unknown_team": QCoreApplication.translate("Errors", "No such team."),
        "team_exists": QCoreApplication.translate(
            "Errors", "There is already a team named “%1”: choose another name, or move people to it from their own forms."),
        "team_in_use": QCoreApplication.translate(
            "Errors", "%1 people and %2 services still carry this team's name: move them to another team first."),
        "op_too_large": QCoreApplication.translate(
            "Errors", "Nothing was saved: this change is larger than the hub takes in one piece (%1 KB). "
                      "Make it in smaller steps."),
    }.get(code)
    if text is None:
        text = fill(QCoreApplication.translate("Errors", "The operation failed (%1)."), code)
    if "field" in params:
        text = fill(text, field_of(params["field"]), number(params.get("limit", 0)))
    elif "value" in params:  # what was typed, shown as typed
        text = fill(text, user_text(str(params["value"])))
    elif "line" in params:  # a line of an imported file
        text = fill(text, line_number(params["line"]))
    elif "count" in params:
        text = fill(text, number(params["count"]))
    elif "people" in params:  # a team still carried by people and services
        text = fill(text, number(params["people"]), number(params.get("services", 0)))
    path = params.get("path")
    return f"{text}\n{path}" if path else text


def number(value: object) -> str:
    """In the language's digits (QLocale's default follows the language)."""
    try:
        return QLocale().toString(int(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)


def line_number(value: object) -> str:
    """A line of a file in the language's digits, without grouping (line ۱۲۳۴, as editors show it)."""
    from desktop.text.display import digits

    return digits(str(value), i18n.current())


def field_of(where: str) -> str:
    """"incident.title" as people name it: the field's word, or the entity's and the key."""
    entity_key, dot, name = where.partition(".")
    if not dot:
        return field(where)
    word = field(name)
    return word if word != name else f"{entity(entity_key)}: {name}"


def hub_refusal(code: str, params: dict | None = None) -> str:
    """Why the hub will not sync with this station, in the user's language: one wording for the
    command line, the status bar and the Sync hub dialog."""
    params = params or {}
    return {
        "hub_older": QCoreApplication.translate("Sync", "The hub's schema is older than this app: run “crisisroom hub init” "
                                                "with this version."),
        "hub_newer": QCoreApplication.translate("Sync", "The hub is newer than this app: update Crisis Room on this station."),
        "app_older": QCoreApplication.translate("Sync", "The hub no longer takes edits from this version: update Crisis Room "
                                                "on this station."),
        "login": QCoreApplication.translate("Sync", "The hub did not accept this station's name or password."),
        "no_database": QCoreApplication.translate("Sync", "The hub server has no database by that name."),
        "revoked": QCoreApplication.translate("Sync", "This station's access to the hub was revoked. Ask the hub's "
                                              "administrator; its edits are kept here."),
        "password_changed": QCoreApplication.translate("Sync", "This station's hub password was changed outside Crisis Room. "
                                                       "Ask the administrator to run “crisisroom hub add-station” again."),
        "copied": QCoreApplication.translate("Sync", "This database is a copy of another station's and cannot sync under a "
                                             "second login. Sync it with that station's login, or start a new station and "
                                             "join the hub; its edits are kept here."),
        "other_station": QCoreApplication.translate("Sync", "This login belongs to another station's database. Ask for a login "
                                                    "of this station's own; its edits are kept here."),
        "clock_ahead": fill(QCoreApplication.translate("Sync", "This computer's clock is %1 minutes ahead of the hub's. "
                                                       "Set it right; nothing is sent until then, and nothing is lost."),
                            number(params.get("minutes", 0))),
        "seq_reused": QCoreApplication.translate("Sync", "Another copy of this station's database is syncing under the same "
                                                 "login. Use one copy only; the next sync sorts out the numbering."),
        "unreachable": _unreachable(params.get("reason", ""), params.get("address", "")),
        "not_admin": QCoreApplication.translate("Sync", "This login may not set up the hub: the administrator URL must log "
                                                "in as a PostgreSQL superuser (such as postgres)."),
        "hub_error": QCoreApplication.translate("Sync", "The hub server could not do this (details in crisisroom.log)."),
        "error": QCoreApplication.translate("Sync", "Sync failed on this station (details in crisisroom.log); trying again."),
        # -- a demo database never joins a hub (issue 13)
        "demo": QCoreApplication.translate("Sync", "This is a demo database: its invented incidents must never reach a real "
                                           "hub. Start a new organisation or join the hub with an empty station."),
    }.get(code) or QCoreApplication.translate("Sync", "The hub refused this station.")


def _unreachable(reason: str, address: str) -> str:
    """Why the hub cannot be reached, naming the address when it is known; the driver's own
    text (English, technical) goes to the log only."""
    offline = QCoreApplication.translate("Sync", "The station keeps working offline.")
    where = isolate(address) if address else QCoreApplication.translate("Sync", "this address")
    text = {
        "refused": QCoreApplication.translate("Sync", "Nothing answers at %1: the hub server is down or the port is wrong."),
        "unknown_host": QCoreApplication.translate("Sync", "The hub's address %1 is not known: check its name and the network."),
        "timeout": QCoreApplication.translate("Sync", "The hub at %1 did not answer in time."),
        "no_route": QCoreApplication.translate("Sync", "The network does not reach the hub at %1."),
        "tls": QCoreApplication.translate("Sync", "The hub at %1 and this station do not agree on TLS (the encrypted connection)."),
        "lost": QCoreApplication.translate("Sync", "The connection to the hub at %1 was lost; the next sync goes on from where "
                                           "this one stopped."),
    }.get(reason) or QCoreApplication.translate("Sync", "The hub cannot be reached at %1.")
    return f"{fill(text, where)} {offline}"


def import_problem(code: str, params: dict | None = None) -> str:
    """Why a CSV file, or one of its rows, is not imported (services/csv_import.py): the file's
    encoding or header, a row's values; the directory's own refusals are worded by error()."""
    params = params or {}
    text = {
        "unknown_encoding": QCoreApplication.translate(
            "Import", "“%1” is not an encoding this app knows: try utf-8, utf-16 or cp1256 (Windows Persian)."),
        "not_in_encoding": QCoreApplication.translate(
            "Import", "The file cannot be read as %1 (line %2). Say which encoding it was saved in; nothing was imported."),
        "unsure_encoding": QCoreApplication.translate(
            "Import", "The file is not UTF-8, and it does not read as Persian in the Windows Persian encoding (cp1256) "
            "either. Say which encoding it was saved in; nothing was imported."),
        "empty_file": QCoreApplication.translate("Import", "The file is empty: its first row must name the columns."),
        "bad_csv": QCoreApplication.translate("Import", "The file is not a CSV table that can be read (near line %1)."),
        "unknown_column": QCoreApplication.translate(
            "Import", "The column “%1” is not one the import knows; nothing was imported. The columns are: %2."),
        "duplicate_column": QCoreApplication.translate("Import", "The column “%1” appears twice in the header row."),
        "missing_column": QCoreApplication.translate("Import", "The header row has no column “%1”."),
        "extra_cells": QCoreApplication.translate("Import", "The row has more cells than the header row has columns."),
        # -- the import window of the directory page (issue 13)
        "no_file": QCoreApplication.translate("Import", "The file is not there any more: choose it again."),
        "unreadable": QCoreApplication.translate(
            "Import", "This file cannot be read (it is a folder, or you may not read it): choose another."),
        "too_large": QCoreApplication.translate(
            "Import", "The file is larger than %1 MB, far more than a directory needs: check that it is the right file."),
        "import_failed": QCoreApplication.translate(
            "Import", "The import failed (details in crisisroom.log); nothing was written."),
    }.get(code)
    if text is None:
        return error(code, params)
    if code.endswith("_column"):
        return fill(text, user_text(str(params.get("column", ""))), params.get("known", ""))
    if code.endswith("_encoding"):
        return fill(text, isolate(str(params.get("encoding", ""))), line_number(params.get("line", 0)))
    if code == "bad_csv":
        return fill(text, line_number(params.get("line", 0)))
    if code == "too_large":
        return fill(text, number(params.get("megabytes", 0)))
    return text


def op_refusal(code: str, params: dict | None = None) -> str:
    """Why an op from the hub was held or refused here, or why the hub refused one of ours."""
    params = params or {}
    text = {
        "clock_ahead": QCoreApplication.translate("Sync", "its clock is more than an hour ahead (held until then)"),
        "missing_ref": QCoreApplication.translate("Sync", "it refers to a %1 that has not arrived (held until it does)"),
        "malformed": QCoreApplication.translate("Sync", "it is not a valid edit"),
        "too_large": QCoreApplication.translate("Sync", "it is too large"),
        "duplicate_op_id": QCoreApplication.translate("Sync", "another edit already has its id"),
        "newer_schema": QCoreApplication.translate("Sync", "it comes from a newer version of Crisis Room"),
        "unknown_entity": QCoreApplication.translate("Sync", "it changes something this version does not know"),
        "unknown_field": QCoreApplication.translate("Sync", "it changes “%1”, which this version does not know"),
        "bad_value": QCoreApplication.translate("Sync", "its value for “%1” has the wrong type"),
        "unknown_value": QCoreApplication.translate("Sync", "its value for “%1” is not one this version knows"),
        "too_long": QCoreApplication.translate("Sync", "its “%1” is longer than %2 characters"),
        "control_characters": QCoreApplication.translate("Sync", "its “%1” holds control characters"),
        # -- text a person types (issue 12)
        "blank": QCoreApplication.translate("Sync", "its “%1” holds only invisible characters"),
    }.get(code) or fill(QCoreApplication.translate("Sync", "it breaks a rule (%1)"), code)
    if "field" in params:
        text = fill(text, field_of(params["field"]), number(params.get("limit", 0)))
    elif "entity" in params:
        text = fill(text, entity(params["entity"]))
    return text


def delivery(key: str | None) -> str:
    """A message's delivery state, for one recipient or the whole message (models/keys.py Delivery)."""
    return _word("delivery", lambda: {
        "draft": QCoreApplication.translate("Mail", "Draft"), "queued": QCoreApplication.translate("Mail", "Queued"),
        "sending": QCoreApplication.translate("Mail", "Sending"), "sent": QCoreApplication.translate("Mail", "Sent"),
        "failed": QCoreApplication.translate("Mail", "Not sent"),
        "unsure": QCoreApplication.translate("Mail", "May have arrived"),
        "cancelled": QCoreApplication.translate("Mail", "Discarded"),
    }, key or "")


def mail_error(error: str | None, detail: str = "") -> str:
    """Why a message did not reach a recipient, or why the mail server could not be used
    (services/mailer.py): a stored error, ``code: the server's words``, or a code and its detail.
    The server's words follow ours as they came (mail servers answer in English)."""
    code, _, stored = (error or "").partition(": ")
    detail = detail or stored
    text = {
        "ok": QCoreApplication.translate("Mail", "The mail server accepted the message."),
        "changed_elsewhere": QCoreApplication.translate(
            "Mail", "The message's words were changed at another station after it was queued here: not sent."),
        "not_listed": QCoreApplication.translate("Mail", "This address was added to the message by another station: "
                                                   "it is not mailed from here."),
        "no_address": QCoreApplication.translate("Mail", "This person has no email address in the directory."),
        "invalid_address": QCoreApplication.translate("Mail", "This person's email address is not valid."),
        "refused": QCoreApplication.translate("Mail", "The mail server refused the message for this address; it is not "
                                              "sent again."),
        "deferred": QCoreApplication.translate("Mail", "The mail server asked to try again later; it will be."),
        "unreachable": QCoreApplication.translate("Mail", "The mail server cannot be reached; messages wait and are sent "
                                                  "when it can be."),
        "timeout": QCoreApplication.translate("Mail", "The mail server did not answer in time; messages wait and are "
                                              "tried again."),
        "tls": QCoreApplication.translate("Mail", "The mail server and this station do not agree on encryption (TLS): "
                                          "check the security setting and the port."),
        "auth_failed": QCoreApplication.translate("Mail", "The mail server did not accept the user name or password; "
                                                  "messages wait until the mail settings are corrected."),
        "sender_refused": QCoreApplication.translate("Mail", "The mail server refused the sender's address; messages "
                                                     "wait until the mail settings are corrected."),
        "not_supported": QCoreApplication.translate("Mail", "The mail server does not offer what the settings ask for "
                                                    "(a login or encryption)."),
        "lost": QCoreApplication.translate("Mail", "The connection to the mail server was lost; messages wait and are "
                                           "tried again."),
        "interrupted": QCoreApplication.translate("Mail", "Sending was interrupted: the message may have arrived. Check "
                                                  "with the person before sending it again."),
        "not_configured": QCoreApplication.translate("Mail", "No mail server is set for this station: messages wait "
                                                     "until one is."),
        "error": QCoreApplication.translate("Mail", "Mail delivery failed (details in crisisroom.log); it is tried "
                                            "again."),
    }.get(code) or fill(QCoreApplication.translate("Mail", "The mail server could not be used (%1)."), code)
    return f"{text} ({isolate(detail)})" if detail else text


# -- words for Qt-free code (timeline descriptions, the postmortem PDF): reports/words.py's Words

_LABELS = {
    "severity": severity, "status": status, "role": role, "column": column,
    "reported_via": reported_via, "field": field, "priority": priority, "entry_kind": entry_kind, "entity": entity,
    "level": level, "risk": risk, "approval": approval, "outcome": outcome, "problem_state": problem_state,
    "group_kind": group_kind, "channel": channel, "phase": phase, "comm_event": comm_event,
}
_texts: dict[str, dict[str, str]] = {}


def _build() -> dict[str, str]:
    return {
        # timeline entries
        "entry.pair": QCoreApplication.translate("Words", "from %1 to %2"),
        "entry.acknowledged": QCoreApplication.translate("Words", "Acknowledged"),
        "entry.yes": QCoreApplication.translate("Words", "yes"),
        "entry.no": QCoreApplication.translate("Words", "no"),
        "entry.review_ticked": QCoreApplication.translate("Words", "Review: ticked «%1»"),
        "entry.review_cleared": QCoreApplication.translate("Words", "Review: unticked «%1»"),
        "entry.review_override": QCoreApplication.translate(
            "Words", "Closed without a complete review (left: %1). Why: %2"),
        "review.fix_verified": QCoreApplication.translate("Words", "the fix is verified in production"),
        "review.monitoring_confirmed": QCoreApplication.translate("Words", "monitoring confirms it"),
        "review.docs_updated": QCoreApplication.translate("Words", "the documentation is updated"),
        "review.lessons_written": QCoreApplication.translate("Words", "lessons learned are written"),
        "review.actions_owned": QCoreApplication.translate("Words", "every action item has an owner and a due time"),
        "entry.reported_as": QCoreApplication.translate("Words", "Reported as %1"),
        "entry.took_over": QCoreApplication.translate("Words", "%1: %2 took over from %3"),
        "entry.role": QCoreApplication.translate("Words", "%1: %2"),
        "entry.renounced": QCoreApplication.translate("Words", "%1: %2 stepped down"),
        "entry.task_moved": QCoreApplication.translate("Words", "Task «%1» moved to %2"),
        "entry.task_added": QCoreApplication.translate("Words", "Task added: %1"),
        "entry.task_edited": QCoreApplication.translate("Words", "Task «%1» edited: %2"),
        "entry.message_queued": QCoreApplication.translate("Words", "Stakeholder message (%1) via %2 queued for %3 recipients"),
        "entry.message_out": QCoreApplication.translate("Words", "Stakeholder message (%1) via %2 queued"),
        "entry.message_delivered": QCoreApplication.translate(
            "Words", "Stakeholder message (%1) via %2: %3 sent, %4 not sent, %5 may have arrived"),
        "entry.message_resent": QCoreApplication.translate("Words", "Stakeholder message (%1) via %2 sent again to one recipient"),
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
        "pm.no_problem_record": QCoreApplication.translate("Words", "No problem record is linked."),
        "pm.not_analysed": QCoreApplication.translate("Words", "Not analysed yet."),
        "pm.problem_state": QCoreApplication.translate("Words", "State"),
        "pm.problem_owner": QCoreApplication.translate("Words", "Owner"),
        "pm.cause": QCoreApplication.translate("Words", "Root cause"),
        "pm.contributing": QCoreApplication.translate("Words", "Contributing factors"),
        "pm.change_why": QCoreApplication.translate("Words", "What is changed and why"),
        "pm.approved_by": QCoreApplication.translate("Words", "%1 by %2, %3"),
        "pm.scheduled_at": QCoreApplication.translate("Words", "Scheduled for"),
        "pm.check": QCoreApplication.translate("Words", "Check"),
        "pm.state": QCoreApplication.translate("Words", "Done"),
        "pm.done": QCoreApplication.translate("Words", "Yes"),
        "pm.done_at": QCoreApplication.translate("Words", "Yes, %1"),
        "pm.not_done": QCoreApplication.translate("Words", "No"),
        "pm.not_yet": QCoreApplication.translate("Words", "not yet"),
        "pm.open_role": QCoreApplication.translate("Words", "still holds the role"),
        "pm.users_notified": QCoreApplication.translate("Words", "%1 messages to users"),
        # the monthly report (issue 17)
        "mr.title": QCoreApplication.translate("Words", "Monthly major-incident report"),
        "mr.period": QCoreApplication.translate("Words", "Period"),
        "mr.from_to": QCoreApplication.translate("Words", "%1 to %2"),
        "mr.previous": QCoreApplication.translate("Words", "Compared with"),
        "mr.counted": QCoreApplication.translate("Words", "Major incidents counted"),
        "mr.exercises_count": QCoreApplication.translate("Words", "Exercises (not counted)"),
        "mr.generated": QCoreApplication.translate("Words", "Generated"),
        "mr.counting": QCoreApplication.translate(
            "Words", "Counted: declared in the month, not cancelled, not merged into another incident, not an exercise."),
        "mr.figures": QCoreApplication.translate("Words", "Figures"),
        "mr.measure": QCoreApplication.translate("Words", "Measure"),
        "mr.change": QCoreApplication.translate("Words", "Change"),
        "mr.count": QCoreApplication.translate("Words", "Major incidents"),
        "mr.mtta": QCoreApplication.translate("Words", "MTTA"),
        "mr.mttr": QCoreApplication.translate("Words", "MTTR"),
        "mr.mtbmi": QCoreApplication.translate("Words", "Mean time between incidents"),
        "mr.sla_breaches": QCoreApplication.translate("Words", "SLA breaches"),
        "mr.phase_time": QCoreApplication.translate("Words", "Mean time in %1"),
        "mr.trend": QCoreApplication.translate("Words", "The last twelve months"),
        "mr.trend_count": QCoreApplication.translate("Words", "Major incidents per month"),
        "mr.trend_mttr": QCoreApplication.translate("Words", "MTTR per month (hours)"),
        "mr.trend_mttr_minutes": QCoreApplication.translate("Words", "MTTR per month (minutes)"),
        "mr.per_service": QCoreApplication.translate("Words", "Per service"),
        "mr.per_severity": QCoreApplication.translate("Words", "Per severity"),
        "mr.per_commander": QCoreApplication.translate("Words", "Per incident commander"),
        "mr.name": QCoreApplication.translate("Words", "Name"),
        "mr.none": QCoreApplication.translate("Words", "(none)"),
        "mr.distribution": QCoreApplication.translate("Words", "Time to resolve"),
        "mr.ttr_upto": QCoreApplication.translate("Words", "up to %1 h"),
        "mr.ttr_over": QCoreApplication.translate("Words", "over %1 h"),
        "mr.incidents": QCoreApplication.translate("Words", "The month's major incidents"),
        "mr.ref": QCoreApplication.translate("Words", "Reference"),
        "mr.incident": QCoreApplication.translate("Words", "Incident and postmortem"),
        "mr.severity": QCoreApplication.translate("Words", "Severity"),
        "mr.status": QCoreApplication.translate("Words", "Status"),
        "mr.declared": QCoreApplication.translate("Words", "Declared"),
        "mr.tta": QCoreApplication.translate("Words", "TTA"),
        "mr.ttr": QCoreApplication.translate("Words", "TTR"),
        "mr.postmortem": QCoreApplication.translate("Words", "Postmortem: %1"),
        "mr.postmortem_draft": QCoreApplication.translate("Words", "Postmortem (draft): %1"),
        "mr.no_incidents": QCoreApplication.translate("Words", "No major incident was declared this month."),
        "mr.exercises": QCoreApplication.translate("Words", "Exercises"),
        "mr.exercises_apart": QCoreApplication.translate(
            "Words", "Drills are listed here only: they are in none of the figures above."),
        "mr.no_exercises": QCoreApplication.translate("Words", "No exercise was run this month."),
    }


# -- words the postmortem gained with issue 12 (first-time edits, roles that ended with the incident)

def _build_issue12() -> dict[str, str]:
    return {
        "entry.set": QCoreApplication.translate("Words", "set to %1"),
        "entry.cleared": QCoreApplication.translate("Words", "cleared (was %1)"),
        "pm.until_closed": QCoreApplication.translate("Words", "%1, when the incident was closed"),
        "pm.until_cancelled": QCoreApplication.translate("Words", "%1, when the incident was cancelled"),
    }


class QtWords:
    """Words in the installed language (i18n.install), for Qt-free describers and reports."""

    def __init__(self) -> None:
        self.lang = i18n.current()

    def text(self, key: str) -> str:
        table = _texts.get(self.lang)
        if table is None:
            table = _texts[self.lang] = {**_build(), **_build_issue12()}
        return table[key]

    def label(self, kind: str, key: str | None) -> str:
        return _LABELS[kind](key or "") if key else ""
