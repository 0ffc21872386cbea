"""Delivery of stakeholder email (issue #15): the messages this station queued (services/comms.py
``send``) go to its mail server, one email per recipient, each exactly once.

- **Only the queuing station sends.** A message names the one station that delivers it
  (``notifications.station_id``); recipients are picked by it, and the command that claims a
  recipient checks it again, so a change synced from elsewhere can never make two stations send.
- **Claimed before it is sent.** Each recipient is first committed ``sending`` (attempts + 1),
  then handed to the server, then committed ``sent``, ``failed`` (refused for good: a 5xx on that
  recipient, with the server's words) or ``queued`` again with ``next_try_at`` (a temporary
  failure: backoff 30 s·2^n, at most 30 min, ±20 %). One command (``step``) settles a recipient
  and claims the next: about one op per recipient. A recipient found ``sending`` when delivery
  starts (the process died mid-send) may have been delivered: ``recover`` makes it ``unsure``;
  so does a connection lost after the message was handed over (during DATA). Only a person
  sends an unsure one again (``resend``).
- **Server-wide failures** (unreachable, timeout, TLS, a refused login or sender) leave every
  recipient of the run queued with the reason and a retry time; nothing is given up.
- **The message's state** once every recipient is final (sent, failed, unsure): ``sent`` when
  any was sent (the failures stay visible per recipient and in the timeline entry's counts),
  ``unsure`` when none was sent but some may have arrived, ``failed`` when none was. One
  COMMUNICATION timeline entry says so, with the detail keys comms.send uses plus the counts.
- **Desktop messages** of this station are marked sent when delivery runs; the GUI shows them
  (``Report.desktop``, ``desktop_messages``).

The database is reached through a ``Db`` (``run`` a command, ``read`` a query, both awaited): a
Store directly for the command line, tests and benchmarks (``StoreDb``), the GUI's database worker
in desktop/mail_delivery.py. SMTP is aiosmtplib on the running asyncio loop (the qasync loop in
the GUI), one connection per run, one message after the other on it.

Errors are kept as ``code`` or ``code: the server's words`` (``recipient.error``); labels.py words
the codes (``labels.mail_error``).
"""

from __future__ import annotations

import datetime as dt
import email.policy
import functools
import html
import random
import socket
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from sqlite3 import Connection
from typing import TYPE_CHECKING, Any, Protocol

from desktop.models.keys import Channel, Delivery, EntryKind
from desktop.text.calendar import utcnow
from desktop.wire import from_wire_time, to_wire_time

if TYPE_CHECKING:
    import ssl

    from desktop.services.store import Store
    from desktop.services.writer import Tx

SECURITY = ("none", "starttls", "tls")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}
OPEN = (Delivery.QUEUED.value, Delivery.SENDING.value)  # a recipient still to be settled
FINAL = (Delivery.SENT.value, Delivery.FAILED.value, Delivery.UNSURE.value)
FIRST_RETRY_S = 30
LONGEST_RETRY_S = 30 * 60
JITTER = 0.2
INTERRUPTED = "interrupted"  # the error of an unsure recipient: it may have been delivered
# Where the password is kept (desktop/passwords.py): the keyring, else this 0600 file.
_PASSWORD_SERVICE = "crisisroom-mail"
_PASSWORD_FILE = "mail-passwords.json"


# -- the station's mail server

@dataclass(frozen=True)
class SmtpSettings:
    """The station's mail server: station-local (desktop/settings.py keys ``mail/…``, the
    password in the keyring), never shared data."""

    host: str = ""
    port: int = 587
    security: str = "starttls"  # none | starttls | tls (SMTPS, usually port 465)
    username: str = ""
    password: str = field(default="", repr=False)
    from_address: str = ""
    from_name: str = ""
    timeout: float = 30.0  # seconds, per connection and per reply

    @property
    def configured(self) -> bool:
        return bool(self.host and self.from_address)

    def password_key(self) -> str:
        return f"{self.username}@{self.host}:{self.port}"


def stored_password(smtp: SmtpSettings) -> str:
    """The password kept for this server and login ("" when none)."""
    from desktop import passwords

    if not smtp.username:
        return ""
    return passwords.get(_PASSWORD_SERVICE, smtp.password_key(), _PASSWORD_FILE) or ""


def remember_password(smtp: SmtpSettings, password: str) -> None:
    """Keeps the password of ``smtp``'s login (the keyring, else a 0600 file); "" forgets it."""
    from desktop import passwords

    if password:
        passwords.put(_PASSWORD_SERVICE, smtp.password_key(), password, _PASSWORD_FILE)
    else:
        passwords.forget(_PASSWORD_SERVICE, smtp.password_key(), _PASSWORD_FILE)


# -- what a run did

@dataclass(frozen=True)
class Job:
    """A claimed recipient (committed ``sending``) and the message to send them."""

    recipient_id: str
    notification_id: str
    address: str
    name: str
    attempts: int
    subject: str
    text: str
    lang: str
    message_id: str
    incident_ref: str


@dataclass(frozen=True)
class Attempt:
    """One recipient's outcome in a run: sent, failed (for good), queued (retried at
    ``next_try_at``) or unsure (the connection was lost while the server had the message)."""

    recipient_id: str
    address: str
    state: str
    error: str | None = None
    next_try_at: dt.datetime | None = None


@dataclass(frozen=True)
class DesktopMessage:
    notification_id: str
    incident_id: str
    incident_ref: str
    subject: str
    text: str


@dataclass
class Report:
    attempts: list[Attempt] = field(default_factory=list)
    problem: str = ""  # why the server could not be used at all: a code (labels.mail_error), "" if it was
    detail: str = ""  # the server's or the system's words for it
    waiting: int = 0  # this station's recipients still queued after the run
    next_try_at: dt.datetime | None = None  # the earliest retry among them
    more: bool = False  # the run stopped at its limit: run again
    desktop: list[DesktopMessage] = field(default_factory=list)  # desktop messages marked sent now
    recovered: int = 0  # recipients made unsure (recover), when the run began with it

    def count(self, state: str) -> int:
        return sum(1 for a in self.attempts if a.state == state)

    @property
    def ok(self) -> bool:
        """Nothing failed, was put off or left unsure in this run."""
        return not self.problem and all(a.state == Delivery.SENT for a in self.attempts)


def error_text(code: str, detail: str = "") -> str:
    return f"{code}: {detail}" if detail else code


def error_code(error: str | None) -> tuple[str, str]:
    """A stored error as (code, the server's words)."""
    code, _, detail = (error or "").partition(": ")
    return code, detail


def backoff(attempts: int, rng: random.Random | None = None) -> dt.timedelta:
    """How long before trying again after ``attempts`` tries: 30 s·2^(n-1), at most 30 min, ±20 %."""
    base = min(FIRST_RETRY_S * 2 ** max(attempts - 1, 0), LONGEST_RETRY_S)
    return dt.timedelta(seconds=base * (rng or random).uniform(1 - JITTER, 1 + JITTER))


# -- the database

class Db(Protocol):
    """How delivery reaches the station's database: commands through the write path, reads."""

    @property
    def station_id(self) -> str: ...

    async def run(self, command: Callable[..., Any], *args: Any) -> Any: ...

    async def read(self, query: Callable[..., Any], *args: Any) -> Any: ...


class StoreDb:
    """A Store used from the loop's own thread (the command line, tests, benchmarks): each step
    is one short SQLite transaction, run in place."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def station_id(self) -> str:
        return self.store.station.station_id

    async def run(self, command: Callable[..., Any], *args: Any) -> Any:
        return self.store.run(command, *args).value

    async def read(self, query: Callable[..., Any], *args: Any) -> Any:
        return self.store.read(query, *args)


def _as_db(db: Db | Store) -> Db:
    from desktop.services.store import Store

    return StoreDb(db) if isinstance(db, Store) else db


# -- queries (plain sqlite3)

def due_recipients(conn: Connection, station_id: str, now: str | None, limit: int) -> list[tuple[str, int, str]]:
    """(recipient id, attempts so far, address) of this station's email recipients due at
    ``now`` (a wire time; None: every queued one, a retry's wait or not), oldest message first."""
    return [(r[0], r[1] or 0, r[2] or "") for r in conn.execute(
        "SELECT r.id, r.attempts, r.address FROM notification_recipients r JOIN notifications n ON n.id = r.notification_id "
        "WHERE r.state = ? AND NOT r.archived AND n.station_id = ? AND n.channel = ? AND n.state NOT IN (?, ?) "
        "AND (? IS NULL OR r.next_try_at IS NULL OR r.next_try_at <= ?) ORDER BY n.queued_at, n.id, r.id LIMIT ?",
        (Delivery.QUEUED.value, station_id, Channel.EMAIL.value, Delivery.DRAFT.value, Delivery.CANCELLED.value,
         now, now, limit))]


def waiting(conn: Connection, station_id: str) -> tuple[int, dt.datetime | None]:
    """How many of this station's email recipients are queued, and the earliest retry time."""
    count, first = conn.execute(
        "SELECT count(*), min(r.next_try_at) FROM notification_recipients r JOIN notifications n "
        "ON n.id = r.notification_id WHERE r.state = ? AND NOT r.archived AND n.station_id = ? AND n.channel = ? "
        "AND n.state NOT IN (?, ?)",
        (Delivery.QUEUED.value, station_id, Channel.EMAIL.value, Delivery.DRAFT.value,
         Delivery.CANCELLED.value)).fetchone()
    return count, (from_wire_time(first) if first else None)


def _loose_ends(conn: Connection, station_id: str) -> bool:
    """Whether this station has desktop messages to mark sent, or email messages with no
    recipient left to settle (all refused when queued: no address) still marked queued."""
    return conn.execute(
        "SELECT 1 FROM notifications n WHERE n.station_id = ? AND n.state IN (?, ?) AND NOT n.archived AND "
        "(n.channel = ? OR (n.channel = ? AND NOT EXISTS (SELECT 1 FROM notification_recipients r "
        "WHERE r.notification_id = n.id AND r.state IN (?, ?) AND NOT r.archived))) LIMIT 1",
        (station_id, *OPEN, Channel.DESKTOP.value, Channel.EMAIL.value, *OPEN)).fetchone() is not None


def desktop_messages(conn: Connection, since: str | None = None) -> list[DesktopMessage]:
    """Desktop messages sent (by any station) after ``since`` (a wire time), oldest first: what
    the GUI shows as tray messages on a coordinator station."""
    return [DesktopMessage(*row) for row in conn.execute(
        "SELECT n.id, n.incident_id, coalesce(i.ref, ''), coalesce(n.subject, ''), coalesce(n.text, '') "
        "FROM notifications n LEFT JOIN incidents i ON i.id = n.incident_id WHERE n.channel = ? AND n.state = ? "
        "AND NOT n.archived AND n.sent_at > ? ORDER BY n.sent_at, n.id",
        (Channel.DESKTOP.value, Delivery.SENT.value, since or ""))]


@dataclass(frozen=True)
class MessageStatus:
    notification_id: str
    queued_at: dt.datetime | None
    channel: str
    state: str
    subject: str
    incident_ref: str
    mine: bool  # queued (and so delivered) by this station
    counts: dict[str, int]  # recipient state → how many


def status(conn: Connection, station_id: str, latest: int = 10) -> tuple[dict[str, int], list[MessageStatus]]:
    """Recipients per delivery state (every station's messages), and the latest queued messages."""
    counts = {state: n for state, n in conn.execute(
        "SELECT state, count(*) FROM notification_recipients WHERE NOT archived GROUP BY state")}
    messages = []
    for nid, queued_at, channel, state, subject, ref, owner in conn.execute(
            "SELECT n.id, n.queued_at, n.channel, n.state, coalesce(n.subject, ''), coalesce(i.ref, ''), "
            "n.station_id FROM notifications n LEFT JOIN incidents i ON i.id = n.incident_id "
            "WHERE n.queued_at IS NOT NULL AND NOT n.archived ORDER BY n.queued_at DESC, n.id LIMIT ?", (latest,)):
        per = {s: k for s, k in conn.execute(
            "SELECT state, count(*) FROM notification_recipients WHERE notification_id = ? AND NOT archived "
            "GROUP BY state", (nid,))}
        messages.append(MessageStatus(nid, from_wire_time(queued_at) if queued_at else None, channel or "",
                                      state or "", subject, ref, owner == station_id, per))
    return counts, messages


# -- commands (the write path)

def step(tx: Tx, results: Sequence[Attempt], claim: Sequence[str], now: dt.datetime | None,
         deferred: Sequence[tuple[str, str, dt.datetime]] = ()) -> list[Job]:
    """One op of a run: settles the outcomes of the recipients sent since the last step,
    puts off ``deferred`` (recipient id, error, next try) that were never handed over, claims the
    ``claim`` recipients that are still this station's to send and due at ``now`` (None: queued
    is enough), and finishes the messages all of whose recipients are settled. Returns the
    claimed recipients' jobs."""
    closed: Counter[str] = Counter()
    touched: set[str] = set()
    for result in results:
        _settle(tx, result, closed, touched)
    for recipient_id, error, next_try_at in deferred:
        row = tx.row("notification_recipient", recipient_id, "state", "attempts", "notification_id")
        if row is None or row["state"] != Delivery.QUEUED or not _mine(tx, row["notification_id"]):
            continue
        tx.put("notification_recipient", recipient_id, attempts=(row["attempts"] or 0) + 1, error=error[:1000],
               next_try_at=next_try_at)
    jobs = [job for job in (_claim(tx, recipient_id, now) for recipient_id in claim) if job is not None]
    _finish(tx, touched, closed)
    return jobs


def _mine(tx: Tx, notification_id: str) -> dict[str, Any] | None:
    """The message, if this station is the one that delivers it."""
    message = tx.row("notification", notification_id, "station_id", "channel", "state", "subject", "text", "lang",
                     "message_id", "incident_id", "group_id", "template")
    if message is None or message["station_id"] != tx.station.station_id:
        return None
    return message


def _listed_here(tx: Tx, recipient_id: str) -> bool:
    """Whether this station wrote the recipient's address (when it queued the message): every
    station is untrusted by the others, and a crafted op must not make this one mail its
    message (the incident's news) to an address of the crafter's choosing."""
    from desktop.services.apply import IMMUTABLE_CLOCK

    found = tx.conn.execute("SELECT station_id FROM field_clocks WHERE entity = 'notification_recipient' AND "
                            "entity_id = ? AND field = ?", (recipient_id, IMMUTABLE_CLOCK)).fetchone()
    return found is not None and found[0] == tx.station.station_id  # the address is immutable: its clock is '*'


def _worded_here(tx: Tx, notification_id: str) -> bool:
    """Whether the subject and text to send are the ones this station wrote when it queued the
    message (comms.send writes them again): another station's later edit is not mailed from here."""
    clocks = dict(tx.conn.execute("SELECT field, station_id FROM field_clocks WHERE entity = 'notification' AND "
                                  "entity_id = ? AND field IN ('subject', 'text')", (notification_id,)).fetchall())
    return all(clocks.get(field) == tx.station.station_id for field in ("subject", "text"))


def _claim(tx: Tx, recipient_id: str, now: dt.datetime | None) -> Job | None:
    row = tx.row("notification_recipient", recipient_id, "state", "notification_id", "address", "person_id",
                 "attempts", "next_try_at")
    if row is None or row["state"] != Delivery.QUEUED:
        return None  # settled, claimed by another run, or resent meanwhile
    if now is not None and row["next_try_at"] and row["next_try_at"] > to_wire_time(now):
        return None
    message = _mine(tx, row["notification_id"])
    if (message is None or message["channel"] != Channel.EMAIL
            or message["state"] in (Delivery.DRAFT, Delivery.CANCELLED)):
        return None
    if not _listed_here(tx, recipient_id):  # an address another station added to our message
        tx.put("notification_recipient", recipient_id, state=Delivery.FAILED.value, error="not_listed")
        return None
    if not _worded_here(tx, row["notification_id"]):  # its words rewritten elsewhere after it was queued
        tx.put("notification_recipient", recipient_id, state=Delivery.FAILED.value, error="changed_elsewhere")
        return None
    attempts = (row["attempts"] or 0) + 1
    tx.put("notification_recipient", recipient_id, state=Delivery.SENDING.value, attempts=attempts)
    name = tx.conn.execute("SELECT name FROM people WHERE id = ?", (row["person_id"],)).fetchone()
    ref = tx.conn.execute("SELECT ref FROM incidents WHERE id = ?", (message["incident_id"],)).fetchone()
    return Job(recipient_id, row["notification_id"], row["address"] or "", (name[0] if name else None) or "",
               attempts, message["subject"] or "", message["text"] or "", message["lang"] or "fa",
               message["message_id"] or "", (ref[0] if ref else None) or "")


def _settle(tx: Tx, result: Attempt, closed: Counter[str], touched: set[str]) -> None:
    row = tx.row("notification_recipient", result.recipient_id, "state", "notification_id")
    # Unsure too: another process's recover may have got there first; what the server said is truer.
    if row is None or row["state"] not in (Delivery.SENDING, Delivery.UNSURE):
        return
    fields: dict[str, Any] = {"state": result.state, "error": result.error[:1000] if result.error else None}
    if result.state == Delivery.SENT:
        fields["sent_at"] = tx.now
    if result.state == Delivery.QUEUED:
        fields["next_try_at"] = result.next_try_at
    tx.put("notification_recipient", result.recipient_id, **fields)
    if row["state"] in OPEN and result.state in FINAL:
        closed[row["notification_id"]] += 1
    touched.add(row["notification_id"])


def _finish(tx: Tx, notification_ids: Iterable[str], closed: Counter[str]) -> None:
    """Each message whose recipients are all settled gets its state, sent_at and one timeline
    entry. ``closed``: recipients this command moved from open to final (not yet in the table)."""
    for notification_id in sorted(notification_ids):
        message = _mine(tx, notification_id)
        if message is None or message["channel"] != Channel.EMAIL or message["state"] not in OPEN:
            continue
        still_open = tx.conn.execute(
            f"SELECT count(*) FROM notification_recipients WHERE notification_id = ? AND NOT archived "
            f"AND state IN ({', '.join('?' * len(OPEN))})", (notification_id, *OPEN)).fetchone()[0]
        if still_open - closed[notification_id] > 0:
            continue
        pending = tx.pending_rows("notification_recipient")
        tally = Counter(pending.get(rid, {}).get("state", state) for rid, state in tx.conn.execute(
            "SELECT id, state FROM notification_recipients WHERE notification_id = ? AND NOT archived",
            (notification_id,)))
        if tally[Delivery.SENT]:
            state = Delivery.SENT
        elif tally[Delivery.UNSURE]:
            state = Delivery.UNSURE
        else:
            state = Delivery.FAILED
        tx.put("notification", notification_id, state=state.value,
               sent_at=tx.now if state == Delivery.SENT else None)
        _record(tx, message, notification_id, {
            "state": state.value, "recipients": sum(tally.values()), "sent": tally[Delivery.SENT],
            "failed": tally[Delivery.FAILED], "unsure": tally[Delivery.UNSURE]})


def _record(tx: Tx, message: dict[str, Any], notification_id: str, details: dict[str, Any]) -> None:
    from desktop.services.timeline import record

    record(tx, message["incident_id"], EntryKind.COMMUNICATION,
           {"notification": notification_id, "group": message["group_id"], "channel": message["channel"],
            "event": message["template"], **details})


def tidy(tx: Tx) -> list[DesktopMessage]:
    """Marks this station's queued desktop messages sent (returned, for the GUI to show) and
    finishes its email messages that have no recipient left to send to."""
    me = tx.station.station_id
    shown = []
    for nid, incident_id, subject, text, ref in tx.conn.execute(
            "SELECT n.id, n.incident_id, coalesce(n.subject, ''), coalesce(n.text, ''), coalesce(i.ref, '') "
            "FROM notifications n LEFT JOIN incidents i ON i.id = n.incident_id WHERE n.station_id = ? "
            "AND n.channel = ? AND n.state = ? AND NOT n.archived ORDER BY n.queued_at, n.id",
            (me, Channel.DESKTOP.value, Delivery.QUEUED.value)).fetchall():
        tx.put("notification", nid, state=Delivery.SENT.value, sent_at=tx.now)
        shown.append(DesktopMessage(nid, incident_id, ref, subject, text))
    idle = [r[0] for r in tx.conn.execute(
        "SELECT n.id FROM notifications n WHERE n.station_id = ? AND n.channel = ? AND n.state IN (?, ?) "
        "AND NOT n.archived AND NOT EXISTS (SELECT 1 FROM notification_recipients r WHERE r.notification_id = n.id "
        "AND r.state IN (?, ?) AND NOT r.archived)", (me, Channel.EMAIL.value, *OPEN, *OPEN))]
    _finish(tx, idle, Counter())
    return shown


def recover(tx: Tx) -> int:
    """At start: this station's recipients left ``sending`` (the process stopped while the server
    may have had the message) become ``unsure``, never sent again on their own. Returns how many."""
    found = tx.conn.execute(
        "SELECT r.id, r.notification_id FROM notification_recipients r JOIN notifications n "
        "ON n.id = r.notification_id WHERE r.state = ? AND NOT r.archived AND n.station_id = ?",
        (Delivery.SENDING.value, tx.station.station_id)).fetchall()
    closed: Counter[str] = Counter()
    for recipient_id, notification_id in found:
        tx.put("notification_recipient", recipient_id, state=Delivery.UNSURE.value, error=INTERRUPTED)
        closed[notification_id] += 1
    _finish(tx, set(closed), closed)
    return len(found)


def resend(tx: Tx, recipient_id: str) -> None:
    """A person sends a message to one recipient again: one that may have arrived (unsure) or
    that failed. It is queued at once; the station that queued the message delivers it."""
    from desktop.services.errors import CommandError

    row = tx.row("notification_recipient", recipient_id, "state", "notification_id", "error")
    if row is None:
        raise CommandError("unknown_recipient", id=recipient_id)
    if row["state"] not in (Delivery.UNSURE, Delivery.FAILED) or error_code(row["error"])[0] in (
            "no_address", "invalid_address"):
        raise CommandError("not_resendable")
    tx.put("notification_recipient", recipient_id, state=Delivery.QUEUED.value, error=None, next_try_at=None)
    message = tx.row("notification", row["notification_id"], "state", "channel", "incident_id", "group_id",
                     "template")
    if message["state"] in FINAL:
        tx.put("notification", row["notification_id"], state=Delivery.QUEUED.value)
    _record(tx, message, row["notification_id"], {"state": Delivery.QUEUED.value, "recipients": 1,
                                                  "resent": recipient_id})


# -- the email

_FONTS = {"fa": "Vazirmatn, Tahoma, 'Segoe UI', Arial, sans-serif",
          "en": "'Segoe UI', Roboto, Helvetica, Arial, sans-serif"}


def html_body(text: str, lang: str, title: str = "") -> str:
    """The text as HTML, every character escaped: paragraphs at blank lines, <br> at line ends;
    right to left in Persian."""
    direction = "rtl" if lang == "fa" else "ltr"
    align = "right" if direction == "rtl" else "left"
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    body = "\n".join(f"<p>{'<br>'.join(html.escape(line) for line in p.strip(chr(10)).split(chr(10)))}</p>"
                     for p in paragraphs)
    return (f'<!DOCTYPE html>\n<html dir="{direction}" lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n</head>\n"
            f'<body dir="{direction}" style="direction: {direction}; text-align: {align}; '
            f'font-family: {_FONTS.get(lang, _FONTS["en"])}; line-height: 1.7;">\n'
            f'<div dir="{direction}">\n{body}\n</div>\n</body>\n</html>\n')


def build_message(job: Job, smtp: SmtpSettings, now: dt.datetime | None = None) -> EmailMessage:
    """One recipient's email: text and (right-to-left in Persian) HTML alternatives, the
    message's own Message-ID (the same on every retry), marked as sent by a program."""
    message = _compose(job, smtp, now)
    message["To"] = _address(job.name, job.address)
    return message


def _compose(job: Job, smtp: SmtpSettings, now: dt.datetime | None = None) -> EmailMessage:
    """The email without its To: the same for every recipient of a message."""
    message = EmailMessage()
    message["Subject"] = job.subject
    message["From"] = Address(display_name=smtp.from_name, addr_spec=smtp.from_address)
    message["Date"] = format_datetime(now or utcnow())
    message["Message-ID"] = job.message_id
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"  # no out-of-office replies to a crisis room
    if job.incident_ref:
        message["X-Crisis-Room-Incident"] = job.incident_ref
    message.set_content(job.text)
    message.add_alternative(html_body(job.text, job.lang, job.subject), subtype="html")
    message["Content-Language"] = job.lang  # after the parts: add_alternative moves Content-* into them
    return message


class _Wire:
    """Each message's bytes made once per run (the email package takes milliseconds a message);
    a recipient's copy is its own To: line in front of them."""

    def __init__(self, smtp: SmtpSettings) -> None:
        self.smtp = smtp
        self._made: dict[str, bytes] = {}

    def bytes(self, job: Job) -> bytes:
        body = self._made.get(job.notification_id)
        if body is None:
            body = _compose(job, self.smtp).as_bytes(policy=email.policy.SMTP)
            if job.notification_id:
                self._made[job.notification_id] = body
        policy = email.policy.SMTP if job.address.isascii() else email.policy.SMTPUTF8
        line = policy.header_factory("To", str(_address(job.name, job.address))).fold(policy=policy)
        return line.encode("ascii" if policy is email.policy.SMTP else "utf-8") + body


def _address(name: str, address: str) -> Address | str:
    try:
        return Address(display_name=name, addr_spec=address)
    except (ValueError, IndexError):  # the email package cannot parse it: the server will say
        return address


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The system's CA certificates, loaded once (about 0.1 s: not on every connection)."""
    import ssl

    return ssl.create_default_context()


def preload() -> None:
    """Imports and loads what a run needs (aiosmtplib, the TLS context, the email package's lazy
    parts), for a caller that would rather not pay for it on its event loop's thread (0.1–0.2 s,
    once)."""
    import aiosmtplib  # noqa: F401

    _tls_context()
    _compose(Job("", "", "a@example.org", "", 0, "ی", "ی", "fa", "<x@x>", ""), SmtpSettings(
        from_address="a@example.org")).as_bytes(policy=email.policy.SMTP)


# -- SMTP

async def _connect(smtp: SmtpSettings) -> Any:
    import aiosmtplib

    client = aiosmtplib.SMTP(hostname=smtp.host, port=smtp.port or DEFAULT_PORTS.get(smtp.security, 25),
                             timeout=smtp.timeout, use_tls=smtp.security == "tls",
                             start_tls=smtp.security == "starttls", username=smtp.username or None,
                             password=(smtp.password or None) if smtp.username else None,
                             local_hostname=socket.gethostname() or "localhost",
                             tls_context=_tls_context() if smtp.security != "none" else None)
    await client.connect()
    try:
        if client.is_ehlo_or_helo_needed:  # the extensions (SMTPUTF8) are known from here on
            try:
                await client.ehlo()
            except aiosmtplib.SMTPHeloError:
                await client.helo()
    except BaseException:
        client.close()
        raise
    return client


async def _close(client: Any) -> None:
    transport = client.transport
    try:
        await client.quit()
    except Exception:  # noqa: BLE001 - gone already: nothing to say goodbye to
        client.close()
    if transport is not None:
        # After QUIT nothing is left to say: no TLS goodbye the loop would have to finish later
        # (a loop that ends first, as the command line's does, would leave the socket open).
        transport.abort()


def explain(exc: BaseException) -> tuple[str, str]:
    """(code, detail) for a failure to use the server at all (labels.mail_error words the code)."""
    import ssl

    import aiosmtplib

    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return "auth_failed", f"{exc.code} {exc.message}".strip()
    if isinstance(exc, (aiosmtplib.SMTPTimeoutError, TimeoutError)):
        return "timeout", str(exc)
    if isinstance(exc, ssl.SSLError) or isinstance(exc.__cause__, ssl.SSLError) or "TLS" in str(exc):
        return "tls", str(exc.__cause__ if isinstance(exc.__cause__, ssl.SSLError) else exc)
    if isinstance(exc, aiosmtplib.SMTPSenderRefused):
        return "sender_refused", f"{exc.code} {exc.message}".strip()
    if isinstance(exc, aiosmtplib.SMTPServerDisconnected):
        return "lost", str(exc)
    if isinstance(exc, aiosmtplib.SMTPResponseException):  # e.g. a 421 or 554 greeting
        return ("refused" if exc.code >= 500 else "deferred"), f"{exc.code} {exc.message}".strip()
    if isinstance(exc, aiosmtplib.SMTPNotSupported):
        return "not_supported", str(exc)
    if isinstance(exc, (OSError, aiosmtplib.SMTPConnectError)):
        return "unreachable", str(exc)
    return "smtp_error", str(exc) or type(exc).__name__


async def _transfer(client: Any, smtp: SmtpSettings, job: Job, data: bytes, now: dt.datetime,
                    rng: random.Random | None) -> tuple[Attempt, tuple[str, str] | None]:
    """Hands one message to the server: the recipient's outcome, and what stops the run (the
    connection is gone, or the server refuses our sender) or None."""
    import aiosmtplib

    def again(error: str) -> Attempt:
        return Attempt(job.recipient_id, job.address, Delivery.QUEUED.value, error, now + backoff(job.attempts, rng))

    options, encoding = [], "ascii"
    if not job.address.isascii():
        if not client.supports_extension("smtputf8"):
            return Attempt(job.recipient_id, job.address, Delivery.FAILED.value,
                           error_text("refused", "the mail server does not accept non-ASCII addresses (SMTPUTF8)")), None
        options, encoding = ["SMTPUTF8"], "utf-8"
    phase = "mail"
    try:
        await client.mail(smtp.from_address, options=options, encoding=encoding)
        phase = "rcpt"
        await client.rcpt(job.address, encoding=encoding)
        phase = "data"
        await client.data(data)
    except (aiosmtplib.SMTPRecipientRefused, aiosmtplib.SMTPDataError) as exc:  # the server's answer on this one
        await _reset(client)
        words = f"{exc.code} {exc.message}".strip()
        if exc.code >= 500:
            return Attempt(job.recipient_id, job.address, Delivery.FAILED.value, error_text("refused", words)), None
        return again(error_text("deferred", words)), None
    except aiosmtplib.SMTPSenderRefused as exc:  # our From: the same for everyone, so the run stops
        await _reset(client)
        problem = ("sender_refused", f"{exc.code} {exc.message}".strip())
        return again(error_text(*problem)), problem
    except ValueError as exc:  # an address that cannot be put in a command (control characters)
        await _reset(client)
        if phase == "mail":  # our own From: the same for everyone
            problem = ("sender_refused", str(exc))
            return again(error_text(*problem)), problem
        return Attempt(job.recipient_id, job.address, Delivery.FAILED.value, error_text("invalid_address", str(exc))), None
    except Exception as exc:  # noqa: BLE001 - the connection is gone, timed out or broke: said, never left "sending"
        problem = explain(exc)
        if phase == "data":  # the server may have the message: never sent again on its own
            return Attempt(job.recipient_id, job.address, Delivery.UNSURE.value,
                           error_text(INTERRUPTED, problem[1] or problem[0])), problem
        return again(error_text(*problem)), problem
    return Attempt(job.recipient_id, job.address, Delivery.SENT.value), None


async def _reset(client: Any) -> None:
    try:
        await client.rset()
    except Exception:  # noqa: BLE001 - a connection that cannot reset fails the next command, said there
        pass


# -- a run

async def deliver(db: Db | Store, smtp: SmtpSettings, *, now: dt.datetime | None = None, limit: int = 1000,
                  retry_now: bool = False, rng: random.Random | None = None) -> Report:
    """Delivers what is due at this station: desktop messages marked sent, then each email
    recipient claimed, sent and settled, on one SMTP connection. ``now``: the time retries are
    judged by (tests drive it); ``retry_now``: recipients waiting for a retry go now too (a
    person asked). Never raises for the mail server's failures: the report says."""
    db = _as_db(db)
    now = now or utcnow()
    report = Report()
    station_id = db.station_id
    if await db.read(_loose_ends, station_id):
        report.desktop = await db.run(tidy)
    due = await db.read(due_recipients, station_id, None if retry_now else to_wire_time(now), limit)
    report.more = len(due) >= limit
    if due and not smtp.configured:
        report.problem = "not_configured"
    elif due:
        await _send_all(db, smtp, due, now, None if retry_now else now, report, rng)
    report.waiting, report.next_try_at = await db.read(waiting, station_id)
    return report


async def _send_all(db: Db, smtp: SmtpSettings, due: list[tuple[str, int, str]], now: dt.datetime,
                    due_by: dt.datetime | None, report: Report, rng: random.Random | None) -> None:
    try:
        Address(addr_spec=smtp.from_address)  # a sender that is no address fails here, before anyone is claimed
    except Exception as exc:  # noqa: BLE001 - the email package raises several kinds
        report.problem, report.detail = "sender_refused", f"{smtp.from_address}: {exc}"
        report.attempts += _put_off(due, error_text(report.problem, report.detail), now, rng)
        await db.run(step, (), (), now, [(a.recipient_id, a.error, a.next_try_at) for a in report.attempts])
        return
    try:
        client = await _connect(smtp)
    except Exception as exc:  # noqa: BLE001 - a server that cannot be used is said, and everything waits
        report.problem, report.detail = explain(exc)
        error = error_text(report.problem, report.detail)
        report.attempts += _put_off(due, error, now, rng)
        await db.run(step, (), (), now, [(a.recipient_id, error, a.next_try_at) for a in report.attempts])
        return
    results: list[Attempt] = []
    wire = _Wire(smtp)
    left = list(due)
    stopped: tuple[str, str] | None = None
    try:
        while left and stopped is None:
            recipient_id = left.pop(0)[0]
            jobs = await db.run(step, results, (recipient_id,), due_by)
            results = []
            for job in jobs:
                try:
                    data = wire.bytes(job)
                except Exception as exc:  # noqa: BLE001 - claimed but not handed over: it waits, never stuck "sending"
                    stopped = ("smtp_error", f"{type(exc).__name__}: {exc}")
                    outcome = Attempt(job.recipient_id, job.address, Delivery.QUEUED.value, error_text(*stopped),
                                      now + backoff(job.attempts, rng))
                else:
                    outcome, stopped = await _transfer(client, smtp, job, data, now, rng)
                results.append(outcome)
                report.attempts.append(outcome)
    finally:
        put_off: list[Attempt] = []
        if stopped is not None:
            report.problem, report.detail = stopped
            put_off = _put_off(left, error_text(*stopped), now, rng)
            report.attempts += put_off
        try:
            await db.run(step, results, (), now, [(a.recipient_id, a.error, a.next_try_at) for a in put_off])
        finally:
            await _close(client)


def _put_off(due: list[tuple[str, int, str]], error: str, now: dt.datetime,
             rng: random.Random | None) -> list[Attempt]:
    """Recipients never handed to the server because it could not be used: tried again later."""
    return [Attempt(rid, address, Delivery.QUEUED.value, error, now + backoff(attempts + 1, rng))
            for rid, attempts, address in due]


async def send_test(smtp: SmtpSettings, to: str, subject: str = "Crisis Room: test message",
                    text: str = "This is a test message from Crisis Room.", lang: str = "en") -> tuple[str, str]:
    """Sends one message to ``to`` (the settings dialog's test): ("ok", "") or (code, the
    server's words), codes as labels.mail_error words them."""
    if not smtp.configured:
        return "not_configured", ""
    try:
        client = await _connect(smtp)
    except Exception as exc:  # noqa: BLE001
        return explain(exc)
    try:
        host = socket.gethostname() or "localhost"
        from desktop.wire import new_id

        job = Job("", "", to, "", 1, subject, text, lang, f"<test-{new_id()}@{host}.crisisroom>", "")
        outcome, problem = await _transfer(client, smtp, job, _Wire(smtp).bytes(job), utcnow(), None)
    finally:
        await _close(client)
    if outcome.state == Delivery.SENT:
        return "ok", ""
    if problem is not None:
        return problem
    return error_code(outcome.error)
