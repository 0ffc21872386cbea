"""Stakeholder communications: each incident's plan, the messages its events prepare, and the
next status update due. Commands run through the write path like every other edit.

- **The plan.** Declaring an incident gives it the default plan of its severity: which of the four
  audiences (technical team, management, key stakeholders and SLA managers, users) are told, by
  which channels, in which language, and whether a message goes out at once or waits for the
  communications lead. Audiences (custom groups too) are added, changed and removed per incident.
- **Events.** Declared, severity changed, contained, resolved, closed, commander changed, and the
  scheduled status update: each prepares one message per audience and channel from the template
  in the audience's language. A message of an "at once" audience is queued right away; the others
  are drafts the lead reads, may edit, and sends (or discards).
- **Who sends.** Queuing stamps the station that queued it; only that station delivers it
  (services/mailer.py, views of the status page), so synced stations never both send.
- **Scheduled updates** are due ``update_every_min`` (the severity's default unless the incident
  sets its own) after the last message queued for the incident; the draft for a slot has an id
  made from the slot, so two stations preparing it make one message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from sqlite3 import Connection

from desktop.models.keys import (ACTIVE_STATUSES, COMM_CHANNELS, COMM_LANGS, MESSAGE_LIMITS, PHASE_OF_STATUS,
                                 UPDATE_EVERY_MIN, Channel, CommEvent, Delivery, EntryKind, GroupKind, Role)
from desktop.services import comm_templates, queries
from desktop.services.comm_templates import Facts, TemplateError
from desktop.services.directory import built_in_group, stable_id
from desktop.services.errors import CommandError
from desktop.services.timeline import record
from desktop.services.writer import Tx
from desktop.text.calendar import utcnow
from desktop.text.normalize import normalize_input
from desktop.wire import stored_time, to_wire_time

LANGS, CHANNELS = COMM_LANGS, COMM_CHANNELS
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
SUBJECT_LIMIT, TEXT_LIMIT = MESSAGE_LIMITS["subject"], MESSAGE_LIMITS["text"]


def _within(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with "…", an isolate it cut open closed again."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 2] + "…"
    opened = sum(cut.count(c) for c in "\u2066\u2067\u2068") > cut.count("\u2069")
    return cut + "\u2069" if opened else cut


@dataclass(frozen=True)
class Line:
    """One audience of a default plan."""

    kind: str
    channels: tuple[str, ...]
    at_once: bool


_TECH = Line(GroupKind.TECHNICAL_TEAM, (Channel.EMAIL, Channel.DESKTOP), True)
_MANAGEMENT = Line(GroupKind.MANAGEMENT, (Channel.EMAIL,), False)
_KEY = Line(GroupKind.KEY_STAKEHOLDERS, (Channel.EMAIL,), False)
_USERS = Line(GroupKind.USERS, (Channel.STATUS_PAGE,), False)
DEFAULT_PLANS: dict[str, tuple[Line, ...]] = {
    "sev1": (_TECH, _MANAGEMENT, _KEY, _USERS),
    "sev2": (_TECH, _MANAGEMENT, _KEY, _USERS),
    "sev3": (_TECH, _KEY, _USERS),
    "sev4": (_TECH,),
}
# The lifecycle moves that are news to stakeholders.
MOVE_EVENTS = {"declared": CommEvent.DECLARED, "contained": CommEvent.CONTAINED,
               "resolved": CommEvent.RESOLVED, "closed": CommEvent.CLOSED}


# -- the plan

def ensure_plan(tx: Tx, incident_id: str, lang: str = "fa") -> None:
    """Gives the incident its severity's default plan, unless it has one."""
    if _audiences(tx, incident_id):
        return
    severity = tx.row("incident", incident_id, "severity")["severity"] or "sev2"
    for line in DEFAULT_PLANS.get(severity, DEFAULT_PLANS["sev2"]):
        group_id = _group_of_kind(tx, line.kind)
        tx.create("comm_audience", stable_id("audience", incident_id, group_id), incident_id=incident_id,
                  group_id=group_id, channels=",".join(line.channels), lang=lang, at_once=line.at_once)


def _group_of_kind(tx: Tx, kind: str) -> str:
    found = tx.conn.execute("SELECT id FROM stakeholder_groups WHERE kind = ? AND NOT archived ORDER BY id LIMIT 1",
                            (kind,)).fetchone()
    return found[0] if found else built_in_group(tx, kind)


def _channels(channels: Iterable[str]) -> str:
    chosen = [str(c) for c in channels]
    unknown = [c for c in chosen if c not in CHANNELS]
    if unknown:
        raise CommandError("bad_value", field="channels", value=unknown[0])
    if not chosen:
        raise CommandError("no_channel")
    return ",".join(c for c in CHANNELS if c in chosen)


def add_audience(tx: Tx, incident_id: str, group_id: str, channels: Iterable[str] = (Channel.EMAIL,),
                 lang: str = "fa", at_once: bool = False) -> str:
    if tx.row("incident", incident_id) is None:
        raise CommandError("unknown_incident", id=incident_id)
    if tx.row("stakeholder_group", group_id) is None:
        raise CommandError("unknown_group", id=group_id)
    if lang not in LANGS:
        raise CommandError("bad_value", field="lang", value=lang)
    audience_id = stable_id("audience", incident_id, group_id)
    tx.create("comm_audience", audience_id, incident_id=incident_id, group_id=group_id,
              channels=_channels(channels), lang=lang, at_once=bool(at_once))
    return audience_id


def set_audience(tx: Tx, audience_id: str, *, channels: Iterable[str] | None = None, lang: str | None = None,
                 at_once: bool | None = None) -> None:
    if tx.row("comm_audience", audience_id) is None:
        raise CommandError("unknown_audience", id=audience_id)
    fields: dict = {}
    if channels is not None:
        fields["channels"] = _channels(channels)
    if lang is not None:
        if lang not in LANGS:
            raise CommandError("bad_value", field="lang", value=lang)
        fields["lang"] = lang
    if at_once is not None:
        fields["at_once"] = bool(at_once)
    tx.put("comm_audience", audience_id, **fields)


def remove_audience(tx: Tx, audience_id: str) -> None:
    if tx.row("comm_audience", audience_id) is None:
        raise CommandError("unknown_audience", id=audience_id)
    tx.put("comm_audience", audience_id, archived=True)


def set_interval(tx: Tx, incident_id: str, minutes: int | None) -> None:
    """Minutes between scheduled status updates; None: the severity's default."""
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int) or not 5 <= minutes <= 24 * 60):
        raise CommandError("bad_value", field="update_every_min", value=minutes)
    if tx.row("incident", incident_id) is None:
        raise CommandError("unknown_incident", id=incident_id)
    tx.put("incident", incident_id, update_every_min=minutes)


# -- templates

def save_template(tx: Tx, event: str, lang: str, subject: str, body: str) -> str:
    """The organisation's wording of ``event`` in ``lang``; refused (bad_template) with an unknown
    placeholder or an open brace, and when empty."""
    subject, body = " ".join(normalize_input(subject).split()), (body or "").strip()
    if event not in {e.value for e in CommEvent} or lang not in LANGS:
        raise CommandError("bad_value", field="event", value=f"{event}/{lang}")
    if not subject or not body:
        raise CommandError("empty_template")
    for text in (subject, body):
        try:
            comm_templates.check(text)
        except TemplateError as exc:  # unknown_placeholder, unbalanced_brace: what is at fault shown
            raise CommandError(exc.code, value=next(iter(exc.params.values()), "")) from None
    template_id = stable_id("template", event, lang)
    if tx.row("comm_template", template_id) is None:
        tx.create("comm_template", template_id, event=event, lang=lang, subject=subject, body=body)
    else:  # an edit of the organisation's wording: undo brings back the one before, not the built-in
        tx.put("comm_template", template_id, subject=subject, body=body)
    return template_id


def template(conn: Connection, event: str, lang: str) -> tuple[str, str]:
    """(subject, body) of ``event`` in ``lang``: the organisation's own, else the built-in one."""
    row = conn.execute("SELECT subject, body FROM comm_templates WHERE id = ? AND NOT archived",
                       (stable_id("template", event, lang),)).fetchone()
    return (row[0], row[1]) if row and row[0] and row[1] else comm_templates.DEFAULTS[(event, lang)]


# -- messages

def facts(tx: Tx, incident_id: str) -> Facts:
    """The incident as this command leaves it (its own puts included: a message written on
    declaring names the services and the commander the same edit sets)."""
    row = tx.row("incident", incident_id, "title", "ref", "severity", "status", "declared_at", "resolved_at",
                 "bridge_url", "bridge_phone", "bridge_pin", "war_room", "update_every_min")
    if row is None:
        raise CommandError("unknown_incident", id=incident_id)
    links = {link_id: service_id for link_id, service_id in tx.conn.execute(
        "SELECT id, service_id FROM incident_services WHERE incident_id = ? AND NOT archived", (incident_id,))}
    for link_id, fields in tx.pending_rows("incident_service").items():
        if fields.get("archived"):
            links.pop(link_id, None)
        elif fields.get("incident_id", incident_id) == incident_id and fields.get("service_id"):
            links[link_id] = fields["service_id"]
    services = sorted(((key or "", name or "") for key, name in (tx.conn.execute(
        "SELECT name_key, name FROM services WHERE id = ?", (sid,)).fetchone() or (None, None)
        for sid in set(links.values()))), key=lambda pair: pair[0])
    commanders = {a: p for a, p in tx.conn.execute(
        "SELECT id, person_id FROM role_assignments WHERE incident_id = ? AND role = ? AND renounced_at IS NULL "
        "AND NOT archived ORDER BY assumed_at, id", (incident_id, Role.INCIDENT_COMMANDER.value))}
    for assignment_id, fields in tx.pending_rows("role_assignment").items():
        if fields.get("renounced_at") or fields.get("archived"):
            commanders.pop(assignment_id, None)
        elif fields.get("role") == Role.INCIDENT_COMMANDER and fields.get("incident_id") == incident_id:
            commanders[assignment_id] = fields["person_id"]
    commander = None
    if commanders:
        found = tx.conn.execute("SELECT name FROM people WHERE id = ?", (list(commanders.values())[-1],)).fetchone()
        commander = found[0] if found else None
    status = row["status"] or "declared"
    severity = row["severity"] or "sev2"
    declared = stored_time(row["declared_at"])
    last = tx.conn.execute("SELECT max(queued_at) FROM notifications WHERE incident_id = ? AND queued_at IS NOT NULL",
                           (incident_id,)).fetchone()[0]
    every = row["update_every_min"] or UPDATE_EVERY_MIN.get(severity, 60)
    base = stored_time(last) or declared or tx.now
    pin = row["bridge_pin"]
    return Facts(row["title"] or "", row["ref"] or "", severity, status, PHASE_OF_STATUS.get(status, "identification"),
                 tuple(name for _key, name in services if name), declared, stored_time(row["resolved_at"]), commander,
                 tuple(v for v in (row["bridge_url"], row["bridge_phone"], pin and f"PIN {pin}") if v),
                 row["war_room"] or "",
                 max(base, tx.now) + dt.timedelta(minutes=every) if status in ACTIVE_STATUSES else None)


def on_event(tx: Tx, incident_id: str, event: str, slot: str | None = None) -> list[str]:
    """Prepares the messages of ``event`` for every audience of the incident's plan: queued at
    once where the plan says so, drafts otherwise. Returns their ids."""
    audiences = _audiences(tx, incident_id)
    if not audiences:
        return []
    found = facts(tx, incident_id)
    made = []
    for audience_id, group_id, channels, lang, at_once in audiences:
        lang = lang if lang in LANGS else "fa"
        subject, body = template(tx.conn, event, lang)
        subject, text = comm_templates.render(subject, body, found, lang, tx.now)
        subject, text = _within(subject, SUBJECT_LIMIT), _within(text, TEXT_LIMIT)  # a 300-character title fits
        for channel in (channels or "").split(","):
            if channel not in CHANNELS:
                continue
            message_id = stable_id("message", audience_id, channel, event, slot) if slot else None
            if message_id and tx.row("notification", message_id) is not None:
                continue  # this slot's update is already prepared (here or at another station)
            message_id = tx.create("notification", message_id, incident_id=incident_id, group_id=group_id,
                                   template=str(event), subject=subject, text=text, lang=lang, channel=channel,
                                   created_at=tx.now, state=Delivery.DRAFT.value, attempts=0)
            made.append(message_id)
            if at_once:
                try:
                    send(tx, message_id)
                except CommandError:  # nobody in the group yet: the draft waits for the lead, said there
                    pass
    return made


def _audiences(tx: Tx, incident_id: str) -> list[tuple[str, str, str, str, bool]]:
    """(id, group, channels, lang, at once) of the plan as this command leaves it: a plan made
    by the same command (declaring) is not in the database yet."""
    rows = {r[0]: {"group_id": r[1], "channels": r[2], "lang": r[3], "at_once": bool(r[4]), "archived": False,
                   "incident_id": incident_id}
            for r in tx.conn.execute("SELECT id, group_id, channels, lang, at_once FROM comm_audiences "
                                     "WHERE incident_id = ? AND NOT archived", (incident_id,))}
    for audience_id, fields in tx.pending_rows("comm_audience").items():
        rows.setdefault(audience_id, {}).update(fields)
    return [(i, r["group_id"], r.get("channels") or "", r.get("lang") or "fa", bool(r.get("at_once")))
            for i, r in sorted(rows.items()) if r.get("incident_id") == incident_id and not r.get("archived")]


def edit_draft(tx: Tx, notification_id: str, subject: str, text: str) -> None:
    row = tx.row("notification", notification_id, "state")
    if row is None:
        raise CommandError("unknown_notification", id=notification_id)
    if row["state"] != Delivery.DRAFT:
        raise CommandError("not_a_draft")
    subject, text = " ".join(normalize_input(subject).split()), (text or "").strip()  # a subject is one line
    if not subject or not text:
        raise CommandError("empty_message")
    tx.put("notification", notification_id, subject=subject, text=text)


def send(tx: Tx, notification_id: str, subject: str | None = None, text: str | None = None) -> int:
    """Queues a draft at this station (it alone delivers it), as the lead edited it when
    ``subject`` and ``text`` are given: one recipient per member of the audience's group (a
    member without a valid email is recorded as failed, said, never skipped silently), and a
    timeline entry. Returns how many recipients it has."""
    row = tx.row("notification", notification_id, "state", "incident_id", "group_id", "channel", "template",
                 "subject", "text")
    if row is None:
        raise CommandError("unknown_notification", id=notification_id)
    if row["state"] != Delivery.DRAFT:
        raise CommandError("not_a_draft")
    if subject is not None and text is not None:
        edit_draft(tx, notification_id, subject, text)
    else:  # written again by this station: what it sends is what it queued (mailer checks the clocks)
        tx.put("notification", notification_id, subject=row["subject"], text=row["text"])
    recipients = 0
    if row["channel"] == Channel.EMAIL:
        members = tx.conn.execute(
            "SELECT p.id, p.email FROM group_members m JOIN people p ON p.id = m.person_id "
            "WHERE m.group_id = ? AND NOT m.archived AND NOT p.archived ORDER BY p.name_key, p.id",
            (row["group_id"],)).fetchall()
        if not members:
            raise CommandError("empty_audience")
        for person_id, email in members:
            address = (email or "").strip()
            ok = bool(_EMAIL.fullmatch(address))
            tx.create("notification_recipient", stable_id("recipient", notification_id, person_id),
                      notification_id=notification_id, person_id=person_id, address=address,
                      state=(Delivery.QUEUED if ok else Delivery.FAILED).value, attempts=0,
                      error=None if ok else ("no_address" if not address else "invalid_address"))
            recipients += 1
    host = tx.station.station_id.replace("-", "")[:12]
    tx.put("notification", notification_id, state=Delivery.QUEUED.value, queued_at=tx.now,
           station_id=tx.station.station_id, message_id=f"<{notification_id}@{host}.crisisroom>")
    record(tx, row["incident_id"], EntryKind.COMMUNICATION,
           {"notification": notification_id, "group": row["group_id"], "channel": row["channel"],
            "event": row["template"], "state": Delivery.QUEUED.value, "recipients": recipients})
    return recipients


def discard(tx: Tx, notification_id: str) -> None:
    row = tx.row("notification", notification_id, "state")
    if row is None:
        raise CommandError("unknown_notification", id=notification_id)
    if row["state"] != Delivery.DRAFT:
        raise CommandError("not_a_draft")
    tx.put("notification", notification_id, state=Delivery.CANCELLED.value)


# -- scheduled status updates

def interval_min(conn: Connection, incident_id: str) -> int:
    severity, own = conn.execute("SELECT severity, update_every_min FROM incidents WHERE id = ?",
                                 (incident_id,)).fetchone()
    return own or UPDATE_EVERY_MIN.get(severity or "sev2", 60)


def next_update_due(conn: Connection, incident_id: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the next status update is due: the interval after the last message queued for the
    incident (or after it was declared); None when it is not active or has no plan. The rule is
    the board's (queries.board), so the board, the wall and this page always agree."""
    rows = queries.board(conn, to_wire_time(now or utcnow()), [incident_id])
    return rows[0].next_update if rows else None


def due_updates(conn: Connection, now: dt.datetime) -> list[tuple[str, dt.datetime]]:
    """(incident id, due time) of the active incidents whose status update is due and has no
    draft waiting already: one read of the board."""
    waiting = {r[0] for r in conn.execute("SELECT DISTINCT incident_id FROM notifications WHERE template = ? AND "
                                          "state = ?", (CommEvent.STATUS_UPDATE.value, Delivery.DRAFT.value))}
    return [(row.id, row.next_update) for row in queries.board(conn, to_wire_time(now))
            if row.next_update is not None and row.next_update <= now and row.id not in waiting]


def status_update_now(tx: Tx, incident_id: str) -> list[str]:
    """A status update prepared now, before it is due (the lead has news)."""
    row = tx.row("incident", incident_id, "status")
    if row is None:
        raise CommandError("unknown_incident", id=incident_id)
    if row["status"] not in ACTIVE_STATUSES:
        raise CommandError("not_active")
    return on_event(tx, incident_id, CommEvent.STATUS_UPDATE)


def prepare_update(tx: Tx, incident_id: str) -> list[str]:
    """The scheduled status update's messages for the slot now due (once per slot, whichever
    station prepares it)."""
    due = next_update_due(tx.conn, incident_id, tx.now)
    if due is None or due > tx.now:  # not due (yet, or again: the one just queued moved it on)
        return []
    return on_event(tx, incident_id, CommEvent.STATUS_UPDATE, slot=to_wire_time(due))

