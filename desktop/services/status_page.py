"""The status page for the users' audience (issue 15): one self-contained HTML file, right to left
in Persian, that a LAN share or a web server's folder serves as it is.

- **What it shows.** Every active major incident (declared or contained) that the users were told
  about — it has a status-page message that left the draft state (queued or sent, not cancelled) —
  and those resolved in the last 24 hours, shown as resolved. For each: the affected services,
  the current state and the severity in words, since when, and the latest status-page message
  with its time ("last update"). With nothing running, a calm "all services are operating
  normally".
- **Self-contained and inert.** Vazirmatn (Regular and Bold) is embedded as data: URIs, there is
  no script at all, and a Content-Security-Policy meta forbids scripts and every remote load; the
  page refreshes itself every minute with a meta refresh. Every value people typed is escaped.
- **Written atomically.** ``publish`` replaces ``index.html`` in the chosen folder through
  ``desktop.files.write_atomically`` (a temp file beside it, then a rename): a browser or a web
  server never reads half a page. It creates no folder; a folder that is missing, not a folder
  or not writable is refused with a ``StatusPageError`` code the GUI words.
- **Delivery.** The station that queued a status-page message publishes it and marks it sent
  with ``mark_published`` (a command; the caller records the timeline entries).

Dates are Jalali with Persian digits in Persian, Gregorian in English (``DisplayFormat``); the
words for severities and states are the messages' own (``comm_templates.WORDS``). Qt-free.
"""

from __future__ import annotations

import base64
import datetime as dt
import errno
import html
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from sqlite3 import Connection

from desktop.files import NotRegularFile, error_code, write_atomically
from desktop.models.keys import (ACTIVE_STATUSES, SEVERITY_COLOURS, SEVERITY_TEXT, Channel, Delivery, Severity,
                                 Status, values)
from desktop.paths import resources
from desktop.services.comm_templates import WORDS
from desktop.services.errors import CommandError
from desktop.services.writer import Tx
from desktop.text.calendar import utcnow
from desktop.text.display import TEHRAN, DisplayFormat, fill
from desktop.text.normalize import neutralize_bidi
from desktop.wire import from_wire_time, to_wire_time

INDEX = "index.html"
REFRESH_SECONDS = 60
RECENT = dt.timedelta(hours=24)  # how long a resolved incident stays on the page
CSP = ("default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; "
       "base-uri 'none'; form-action 'none'")
FONTS = (("Vazirmatn-Regular.ttf", 400), ("Vazirmatn-Bold.ttf", 700))
# Statuses after the fix: the users read them all as "resolved".
_AFTER_FIX = (Status.RESOLVED.value, Status.IN_REVIEW.value, Status.CLOSED.value)
_HIDDEN = (Delivery.DRAFT.value, Delivery.CANCELLED.value)  # messages the users were never shown
_RTL = {"fa"}

# The page's own words (content for an audience, like the messages: not the screen's catalogue).
TEXT: dict[str, dict[str, str]] = {
    "fa": {
        "title": "وضعیت سرویس‌ها",
        "ok": "همه سرویس‌ها به‌طور عادی کار می‌کنند",
        "ok_more": "اختلالی در جریان نیست.",
        "down": "اختلال در سرویس‌ها",
        "down_more": "%1 حادثه در جریان است؛ تیم فنی روی رفع اختلال کار می‌کند.",
        "ongoing": "حادثه‌های جاری",
        "recent": "رفع‌شده در ۲۴ ساعت گذشته",
        "services": "سرویس‌های آسیب‌دیده",
        "severity": "شدت",
        "state": "وضعیت",
        "since": "زمان شروع",
        "resolved_at": "زمان رفع",
        "last_update": "آخرین به‌روزرسانی",
        "ref": "شناسه",
        "at": "%1، ساعت %2",
        "generated": "این صفحه در %1 ساخته شد و هر دقیقه خودبه‌خود تازه می‌شود.",
        "zone": "ساعت‌ها به وقت %1 است.",
        "tehran": "تهران",
    },
    "en": {
        "title": "Service status",
        "ok": "All services are operating normally",
        "ok_more": "No disruption is under way.",
        "down": "Some services are disrupted",
        "down_more": "Incidents under way: %1. The technical team is working on them.",
        "ongoing": "Ongoing incidents",
        "recent": "Resolved in the last 24 hours",
        "services": "Affected services",
        "severity": "Severity",
        "state": "State",
        "since": "Since",
        "resolved_at": "Resolved",
        "last_update": "Last update",
        "ref": "Reference",
        "at": "%1, %2",
        "generated": "This page was generated on %1 and refreshes itself every minute.",
        "zone": "Times are %1 time.",
        "tehran": "Tehran",
    },
}


class StatusPageError(CommandError):
    """The page could not be written. ``code`` is stable and the GUI words it:

    - ``no_folder``: the folder does not exist (nothing is created for it);
    - ``not_a_folder``: the path is a file, not a folder;
    - ``not_writable``: the folder refuses new files (permissions, a read-only disk or share);
    - ``not_regular``: ``index.html`` in it is a folder, a device or a pipe, or a link out of it;
    - ``write_failed``: the disk failed the write (full, gone, …).

    ``params`` carry ``folder``, and for the OS's refusals ``reason`` (its own words, for the log
    and the details line) and ``cause`` (``desktop.files.error_code``: disk_full, read_only_fs…)."""


# -- what the page shows

@dataclass(frozen=True)
class Shown:
    """One incident as the users see it."""

    incident_id: str
    title: str
    ref: str
    severity: str
    status: str  # the stored status; ``resolved`` is True for every status after the fix
    resolved: bool
    declared_at: dt.datetime | None
    resolved_at: dt.datetime | None
    services: tuple[str, ...]
    message_id: str
    message: str
    message_lang: str
    updated_at: dt.datetime | None


_LATEST = (
    "SELECT id, text, lang, coalesce(queued_at, sent_at, created_at) AS at FROM notifications "
    "WHERE incident_id = ? AND channel = ? AND NOT archived AND coalesce(state, 'draft') NOT IN (?, ?) "
    "ORDER BY at IS NULL, at DESC, lang = ? DESC, id DESC LIMIT 1")


def shown(conn: Connection, lang: str = "fa", now: dt.datetime | None = None) -> list[Shown]:
    """The incidents on the page, most pressing first: the active ones by severity and newest
    first, then the recently resolved ones, last resolved first."""
    now = now or utcnow()
    since = to_wire_time(now - RECENT)
    active = tuple(s.value for s in ACTIVE_STATUSES)
    rows = conn.execute(
        f"SELECT i.id, i.title, i.ref, i.severity, i.status, i.declared_at, i.resolved_at FROM incidents i "
        f"WHERE NOT i.archived AND (i.status IN ({', '.join('?' * len(active))}) "
        f"OR (i.status IN ({', '.join('?' * len(_AFTER_FIX))}) AND i.resolved_at >= ?)) "
        f"AND EXISTS (SELECT 1 FROM notifications n WHERE n.incident_id = i.id AND n.channel = ? "
        f"AND NOT n.archived AND coalesce(n.state, 'draft') NOT IN (?, ?))",
        (*active, *_AFTER_FIX, since, Channel.STATUS_PAGE.value, *_HIDDEN)).fetchall()
    found = []
    for incident_id, title, ref, severity, status, declared_at, resolved_at in rows:
        message = conn.execute(_LATEST, (incident_id, Channel.STATUS_PAGE.value, *_HIDDEN, lang)).fetchone()
        services = tuple(name for (name,) in conn.execute(
            "SELECT s.name FROM incident_services l JOIN services s ON s.id = l.service_id "
            "WHERE l.incident_id = ? AND NOT l.archived ORDER BY s.name_key, s.id", (incident_id,)) if name)
        found.append(Shown(
            incident_id, title or "", ref or "", severity or Severity.SEV2.value, status,
            status in _AFTER_FIX, _time(declared_at), _time(resolved_at), services,
            message[0], message[1] or "", message[2] if message[2] in TEXT else lang, _time(message[3])))
    order = values(Severity)
    found.sort(key=lambda s: (s.resolved, order.index(s.severity) if s.severity in order else len(order),
                              -(s.resolved_at or s.declared_at or now).timestamp(), s.incident_id))
    return found


def _time(value: str | None) -> dt.datetime | None:
    try:
        return from_wire_time(value) if value else None
    except ValueError:
        return None


# -- the HTML

def page(conn: Connection, lang: str = "fa", now: dt.datetime | None = None, title: str | None = None,
         timezone: str = TEHRAN, calendar: str = "auto") -> str:
    """The whole page, as text: read it from ``conn`` (a plain sqlite3 connection) at ``now``."""
    now = now or utcnow()
    lang = lang if lang in TEXT else "fa"
    return render(shown(conn, lang, now), lang, now, title, timezone, calendar)


def render(incidents: Iterable[Shown], lang: str, now: dt.datetime, title: str | None = None,
           timezone: str = TEHRAN, calendar: str = "auto") -> str:
    words = TEXT[lang]
    display = DisplayFormat(lang, calendar, timezone)
    incidents = list(incidents)
    ongoing = [s for s in incidents if not s.resolved]
    recent = [s for s in incidents if s.resolved]
    heading = _clean(title) if title and title.strip() else words["title"]
    if ongoing:
        banner = (f'<section class="banner down" role="status"><h2>{_e(words["down"])}</h2>'
                  f'<p>{_e(fill(words["down_more"], display.number(len(ongoing))))}</p></section>')
    else:
        banner = (f'<section class="banner ok" role="status"><h2>{_e(words["ok"])}</h2>'
                  f'<p>{_e(words["ok_more"])}</p></section>')
    sections = []
    for name, group in (("ongoing", ongoing), ("recent", recent)):
        if group:
            cards = "\n".join(_card(s, lang, display) for s in group)
            sections.append(f'<section class="{name}" aria-labelledby="h-{name}">'
                            f'<h2 id="h-{name}">{_e(words[name])}</h2>\n{cards}\n</section>')
    zone = words["tehran"] if display.timezone in (TEHRAN, "Iran") else display.timezone
    generated = fill(words["generated"], _when(display, now, weekday=True))
    direction = "rtl" if lang in _RTL else "ltr"
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{direction}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{REFRESH_SECONDS}">
<meta name="generator" content="Crisis Room">
<title>{_e(heading)}</title>
<style>
{_font_faces()}{_CSS}{_severity_css()}
</style>
</head>
<body>
<header><div class="wrap"><h1>{_e(heading)}</h1>
<p class="generated"><time datetime="{_iso(now)}">{_e(generated)}</time></p></div></header>
<main class="wrap">
{banner}
{chr(10).join(sections)}
</main>
<footer class="wrap"><p>{_e(fill(words["zone"], zone))}</p></footer>
</body>
</html>
"""


def _card(s: Shown, lang: str, display: DisplayFormat) -> str:
    words, names = TEXT[lang], WORDS[lang]
    auto = ' dir="auto"' if lang not in _RTL else ""  # on a Persian page Persian is expected: rtl
    state = Status.RESOLVED.value if s.resolved else s.status
    state_word = names.get(state, state)
    severity_word = names.get(s.severity, s.severity)
    services = "".join(f"<li{auto}>{_e(_clean(name))}</li>" for name in s.services) or f"<li>{_e(names['none'])}</li>"
    facts = [(words["services"], f'<ul class="services">{services}</ul>')]
    if s.declared_at:
        facts.append((words["since"], _time_tag(display, s.declared_at)))
    if s.resolved and s.resolved_at:
        facts.append((words["resolved_at"], _time_tag(display, s.resolved_at)))
    if s.updated_at:
        facts.append((words["last_update"], _time_tag(display, s.updated_at)))
    rows = "".join(f"<dt>{_e(term)}</dt><dd>{value}</dd>" for term, value in facts)
    ref = (f' <span class="ref">{_e(words["ref"])}: <bdi dir="ltr">{_e(_clean(s.ref))}</bdi></span>'
           if s.ref else "")
    message_dir = "rtl" if s.message_lang in _RTL else "ltr"
    return (f'<article class="incident {_e(state)} {_e(s.severity)}">'
            f'<h3{auto}>{_e(_clean(s.title))}</h3>'
            f'<p class="chips"><span class="chip state {_e(state)}">{_e(words["state"])}: {_e(state_word)}</span> '
            f'<span class="chip severity {_e(s.severity)}">{_e(words["severity"])}: {_e(severity_word)}</span>'
            f'{ref}</p>'
            f'<dl>{rows}</dl>'
            f'<div class="message" lang="{_e(s.message_lang)}" dir="{message_dir}">{_paragraphs(s.message)}</div>'
            f'</article>')


def _paragraphs(text: str) -> str:
    """People's text as paragraphs: a blank line between paragraphs, a line break within one."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", _clean(text).replace("\r\n", "\n").replace("\r", "\n"))]
    return "".join("<p>" + "<br>".join(_e(line) for line in p.split("\n")) + "</p>" for p in parts if p)


def _when(display: DisplayFormat, moment: dt.datetime, weekday: bool = False) -> str:
    return fill(TEXT[display.lang]["at"], display.long_date(moment, weekday=weekday), display.time(moment))


def _time_tag(display: DisplayFormat, moment: dt.datetime) -> str:
    return f'<time datetime="{_iso(moment)}">{_e(_when(display, moment))}</time>'


def _iso(moment: dt.datetime) -> str:
    """The machine-readable time of a <time> (HTML allows at most milliseconds: none here)."""
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _clean(text: str) -> str:
    return neutralize_bidi(text or "")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


@lru_cache(maxsize=1)
def _font_faces() -> str:
    """Vazirmatn Regular and Bold as TrueType data: URIs (about 330 KB together; every browser
    reads TTF). A font missing from the install leaves the system's fonts to do the work."""
    faces = []
    for name, weight in FONTS:
        path = resources() / "fonts" / name
        try:
            data = base64.b64encode(path.read_bytes()).decode("ascii")
        except OSError:
            continue
        faces.append(f'@font-face{{font-family:"Vazirmatn";font-style:normal;font-weight:{weight};'
                     f'font-display:swap;src:url(data:font/ttf;base64,{data}) format("truetype")}}\n')
    return "".join(faces)


@lru_cache(maxsize=1)
def _severity_css() -> str:
    return "".join(f".chip.severity.{key}{{background:{colour};color:{SEVERITY_TEXT[key]}}}"
                   f".incident.{key}{{border-inline-start-color:{colour}}}\n"
                   for key, colour in SEVERITY_COLOURS.items())


# High contrast (text ≥ 7:1 on its background, chips ≥ 4.5:1), one column on a phone.
_CSS = """\
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#eef0f3;color:#111418;font-family:"Vazirmatn",Tahoma,"Segoe UI",system-ui,sans-serif;
font-size:1.0625rem;line-height:1.75}
.wrap{max-width:60rem;margin:0 auto;padding:0 1rem}
header{background:#15202b;color:#fff}
header .wrap{padding-top:1.1rem;padding-bottom:1rem}
h1{margin:0;font-size:1.6rem;font-weight:700;line-height:1.4}
.generated{margin:.25rem 0 0;color:#dde3ea;font-size:.95rem}
main.wrap{padding-top:1.25rem;padding-bottom:1rem}
h2{font-size:1.25rem;margin:1.5rem 0 .75rem;font-weight:700}
.banner{margin:0 0 1rem;padding:1rem 1.25rem;border-radius:.5rem;border-inline-start:.5rem solid}
.banner h2{margin:0;font-size:1.35rem}
.banner p{margin:.25rem 0 0}
.banner.ok{background:#e3f4e8;border-color:#17692c;color:#0b3318}
.banner.down{background:#fde8e7;border-color:#a50f15;color:#4d0307}
.incident{background:#fff;border:1px solid #c4cad3;border-inline-start:.5rem solid #5b6470;border-radius:.5rem;
padding:1rem 1.25rem;margin:0 0 1rem}
article.incident.resolved{background:#f7fbf8;border-inline-start-color:#17692c}
h3{margin:0 0 .5rem;font-size:1.2rem;font-weight:700;line-height:1.5;overflow-wrap:anywhere}
.chips{margin:0 0 .75rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.chip{display:inline-block;padding:.1rem .75rem;border-radius:999px;font-weight:700;font-size:.95rem;
border:1px solid transparent}
.chip.state{background:#fff;color:#111418;border-color:#111418}
.chip.state.declared{background:#4d0307;color:#fff;border-color:#4d0307}
.chip.state.contained{background:#7a4100;color:#fff;border-color:#7a4100}
.chip.state.resolved{background:#17692c;color:#fff;border-color:#17692c}
.ref{color:#39414b;font-size:.9rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:0 0 .75rem}
dt{font-weight:700;color:#39414b}
dd{margin:0}
.services{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.35rem}
.services li{background:#e7eaee;border-radius:.35rem;padding:0 .6rem;overflow-wrap:anywhere}
.message{background:#f4f6f8;border-inline-start:.25rem solid #5b6470;border-radius:.25rem;padding:.5rem 1rem}
.message p{margin:.4rem 0;overflow-wrap:anywhere}
footer{color:#39414b;font-size:.9rem;padding-bottom:2rem}
@media (max-width:36rem){
body{font-size:1rem}
.wrap{padding:0 .75rem}
.incident{padding:.75rem .9rem}
dl{grid-template-columns:1fr;gap:0}
dd{margin:0 0 .4rem}
}
@media print{header{background:none;color:#000}.generated{color:#000}}
"""


# -- writing it

def publish(conn: Connection, folder: Path | str, lang: str = "fa", now: dt.datetime | None = None,
            title: str | None = None, timezone: str = TEHRAN, calendar: str = "auto") -> Path:
    """Writes the page as ``index.html`` in ``folder`` (atomically: readers see the old page or
    the new one) and returns its path. Creates nothing: the folder must exist and take files."""
    folder = Path(folder)
    _check_folder(folder)
    target = folder / INDEX
    if target.is_symlink():  # a link is followed (the web server's own layout) but never out of the folder
        real_folder = Path(os.path.realpath(folder))
        if Path(os.path.realpath(target)).parent != real_folder:
            raise StatusPageError("not_regular", folder=str(folder), path=str(target))
    data = page(conn, lang, now, title, timezone, calendar).encode("utf-8")
    try:
        write_atomically(target, data)
    except NotRegularFile:
        raise StatusPageError("not_regular", folder=str(folder), path=str(target)) from None
    except OSError as exc:
        code = "not_writable" if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else "write_failed"
        raise StatusPageError(code, folder=str(folder), reason=exc.strerror or str(exc),
                              cause=error_code(exc)) from exc
    return target


def _check_folder(folder: Path) -> None:
    try:
        found = folder.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise StatusPageError("no_folder", folder=str(folder)) from None
    except PermissionError as exc:  # a folder above it may not be searched
        raise StatusPageError("not_writable", folder=str(folder), reason=exc.strerror or str(exc),
                              cause=error_code(exc)) from None
    except OSError as exc:
        raise StatusPageError("write_failed", folder=str(folder), reason=exc.strerror or str(exc),
                              cause=error_code(exc)) from None
    if not stat.S_ISDIR(found.st_mode):
        raise StatusPageError("not_a_folder", folder=str(folder))


# -- delivery

def queued_ids(conn: Connection, station_id: str) -> list[str]:
    """The status-page messages this station queued and has not published yet: what a publish
    delivers (an older one the page no longer shows is delivered by being superseded)."""
    return [row[0] for row in conn.execute(
        "SELECT id FROM notifications WHERE channel = ? AND station_id = ? AND NOT archived "
        "AND state IN (?, ?, ?, ?) ORDER BY queued_at, id",
        (Channel.STATUS_PAGE.value, station_id, Delivery.QUEUED.value, Delivery.SENDING.value,
         Delivery.UNSURE.value, Delivery.FAILED.value))]


def mark_published(tx: Tx, notification_ids: Iterable[str], now: dt.datetime | None = None) -> list[str]:
    """A command: the status-page messages the page now shows are sent (``sent_at`` = ``now``,
    the command's time by default). A draft or a cancelled message was never on the page and a
    sent one keeps its first time: they are left alone. Returns the ids marked; records nothing
    else (the caller writes the timeline entries)."""
    now = now or tx.now
    marked = []
    for notification_id in dict.fromkeys(notification_ids):
        row = tx.row("notification", notification_id, "channel", "state")
        if row is None:
            raise CommandError("unknown_notification", id=notification_id)
        if row["channel"] != Channel.STATUS_PAGE:
            raise CommandError("bad_value", field="notification.channel", value=row["channel"])
        if row["state"] in (*_HIDDEN, Delivery.SENT.value):
            continue
        tx.put("notification", notification_id, state=Delivery.SENT.value, sent_at=now)
        marked.append(notification_id)
    return marked
