"""Stakeholder message templates: the placeholders a template may use, the built-in Persian and
English wording of each event's message (written with the glossary), and rendering.

Messages are content, not interface: a Persian station may write to an English-speaking
audience, so both languages' words live here (not in the Qt catalogues, which follow the
screen's language). Dates are Jalali with Persian digits in Persian, Gregorian in English.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.models.keys import CommEvent
from desktop.text.display import DisplayFormat

PLACEHOLDERS = ("title", "ref", "severity", "phase", "status", "services", "since", "elapsed", "commander",
                "bridge", "war_room", "next_update", "now")
_FIELD = re.compile(r"\{([^{}]*)\}")

WORDS: dict[str, dict[str, str]] = {
    "fa": {"sev1": "بحرانی", "sev2": "بالا", "sev3": "متوسط", "sev4": "پایین",
           "identification": "شناسایی", "containment": "مهار", "resolution": "رفع", "maintenance": "نگهداشت",
           "proposed": "گزارش‌شده", "declared": "اعلام‌شده", "contained": "مهارشده", "resolved": "رفع‌شده",
           "in_review": "در حال بازبینی", "closed": "بسته", "cancelled": "لغوشده",
           "none": "ثبت نشده", "list": "، "},
    "en": {"sev1": "critical", "sev2": "high", "sev3": "medium", "sev4": "low",
           "identification": "identification", "containment": "containment", "resolution": "resolution",
           "maintenance": "maintenance", "proposed": "reported", "declared": "declared", "contained": "contained",
           "resolved": "resolved", "in_review": "in review", "closed": "closed", "cancelled": "cancelled",
           "none": "not set", "list": ", "},
}

_FA = {
    CommEvent.DECLARED: ("[{severity}] حادثه مهم اعلام شد: {title}",
                         "یک حادثه مهم با شدت {severity} اعلام شد.\n\nعنوان: {title}\nشناسه: {ref}\n"
                         "سرویس‌های آسیب‌دیده: {services}\nاز: {since}\nفرمانده حادثه: {commander}\n"
                         "پل کنفرانس: {bridge}\n\nگزارش وضعیت بعدی: {next_update}"),
    CommEvent.SEVERITY_CHANGED: ("[{severity}] شدت حادثه تغییر کرد: {title}",
                                 "شدت حادثه «{title}» ({ref}) اکنون {severity} است.\n"
                                 "مرحله: {phase} · زمان سپری‌شده: {elapsed}\n\nگزارش وضعیت بعدی: {next_update}"),
    CommEvent.CONTAINED: ("[{severity}] حادثه مهار شد: {title}",
                          "حادثه «{title}» ({ref}) مهار شد و اثر آن محدود شده است؛ کار برای رفع کامل ادامه دارد.\n"
                          "سرویس‌ها: {services}\nزمان سپری‌شده: {elapsed}\n\nگزارش وضعیت بعدی: {next_update}"),
    CommEvent.RESOLVED: ("[{severity}] حادثه رفع شد: {title}",
                         "حادثه «{title}» ({ref}) رفع شد. سرویس‌های {services} دوباره در دسترس‌اند.\n"
                         "مدت حادثه: {elapsed}\n\nبازبینی پس از حادثه انجام خواهد شد."),
    CommEvent.CLOSED: ("حادثه بسته شد: {title}",
                       "حادثه «{title}» ({ref}) پس از بازبینی بسته شد. مدت حادثه: {elapsed}"),
    CommEvent.COMMANDER_CHANGED: ("[{severity}] فرمانده حادثه: {commander} — {title}",
                                  "از این پس {commander} فرمانده حادثه «{title}» ({ref}) است.\n"
                                  "پل کنفرانس: {bridge}"),
    CommEvent.STATUS_UPDATE: ("[{severity}] گزارش وضعیت: {title}",
                              "وضعیت حادثه «{title}» ({ref}) در {now}:\n\nمرحله: {phase}\n"
                              "سرویس‌های آسیب‌دیده: {services} (از {since})\nزمان سپری‌شده: {elapsed}\n"
                              "فرمانده حادثه: {commander}\n\nگزارش وضعیت بعدی: {next_update}"),
}
_EN = {
    CommEvent.DECLARED: ("[{severity}] Major incident declared: {title}",
                         "A {severity} major incident has been declared.\n\nTitle: {title}\nReference: {ref}\n"
                         "Affected services: {services}\nSince: {since}\nIncident commander: {commander}\n"
                         "Conference bridge: {bridge}\n\nNext status update: {next_update}"),
    CommEvent.SEVERITY_CHANGED: ("[{severity}] Severity changed: {title}",
                                 "The incident \"{title}\" ({ref}) is now {severity}.\n"
                                 "Phase: {phase} · elapsed: {elapsed}\n\nNext status update: {next_update}"),
    CommEvent.CONTAINED: ("[{severity}] Incident contained: {title}",
                          "The incident \"{title}\" ({ref}) is contained: its impact is limited while work on the "
                          "full fix goes on.\nServices: {services}\nElapsed: {elapsed}\n\n"
                          "Next status update: {next_update}"),
    CommEvent.RESOLVED: ("[{severity}] Incident resolved: {title}",
                         "The incident \"{title}\" ({ref}) is resolved. {services} are available again.\n"
                         "Duration: {elapsed}\n\nA post-incident review will follow."),
    CommEvent.CLOSED: ("Incident closed: {title}",
                       "The incident \"{title}\" ({ref}) was closed after its review. Duration: {elapsed}"),
    CommEvent.COMMANDER_CHANGED: ("[{severity}] Incident commander: {commander} — {title}",
                                  "{commander} is now the incident commander of \"{title}\" ({ref}).\n"
                                  "Conference bridge: {bridge}"),
    CommEvent.STATUS_UPDATE: ("[{severity}] Status update: {title}",
                              "Status of the incident \"{title}\" ({ref}) at {now}:\n\nPhase: {phase}\n"
                              "Affected services: {services} (since {since})\nElapsed: {elapsed}\n"
                              "Incident commander: {commander}\n\nNext status update: {next_update}"),
}
DEFAULTS: dict[tuple[str, str], tuple[str, str]] = {
    **{(event.value, "fa"): text for event, text in _FA.items()},
    **{(event.value, "en"): text for event, text in _EN.items()},
}


class TemplateError(ValueError):
    """A template that cannot be saved: ``code`` (unknown_placeholder, unbalanced_brace) and
    the placeholder or text at fault."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code, params)
        self.code, self.params = code, params


def check(text: str) -> None:
    """Raises TemplateError for a placeholder that is not one of PLACEHOLDERS, or a brace left
    open: a template is refused on save, never sent with «{tittle}» in it."""
    for match in _FIELD.finditer(text):
        if match.group(1) not in PLACEHOLDERS:
            raise TemplateError("unknown_placeholder", name=match.group(1))
    rest = _FIELD.sub("", text)
    if "{" in rest or "}" in rest:
        raise TemplateError("unbalanced_brace", text=rest[max(0, rest.find("{") if "{" in rest else rest.find("}")):][:40])


def fill(text: str, values: Mapping[str, str]) -> str:
    """The template with each {placeholder} replaced; people's words are inserted as they are."""
    return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text)


@dataclass(frozen=True)
class Facts:
    """What a message may say about an incident, read when it is written."""

    title: str
    ref: str
    severity: str
    status: str
    phase: str
    services: tuple[str, ...]
    declared_at: dt.datetime | None
    resolved_at: dt.datetime | None
    commander: str | None
    bridge: tuple[str, ...]
    war_room: str
    next_update: dt.datetime | None


def values(facts: Facts, lang: str, now: dt.datetime, timezone: str = "Asia/Tehran") -> dict[str, str]:
    """The placeholders' values in ``lang``: Jalali dates and Persian digits in Persian."""
    words = WORDS[lang]
    display = DisplayFormat(lang, "auto", timezone)
    end = facts.resolved_at or now
    none = words["none"]
    def own(text: str) -> str:  # people's words in their own direction inside a Persian sentence
        return f"\u2067{text}\u2069" if lang == "fa" and text else text

    def code(text: str) -> str:  # a reference or an address, left to right whatever surrounds it
        return f"\u2066{text}\u2069" if lang == "fa" and text else text

    return {
        "title": own(facts.title), "ref": code(facts.ref),
        "severity": words.get(facts.severity, facts.severity), "phase": words.get(facts.phase, facts.phase),
        "status": words.get(facts.status, facts.status),
        "services": words["list"].join(own(name) for name in facts.services) or none,
        "since": display.datetime(facts.declared_at) if facts.declared_at else none,
        "elapsed": display.duration((end - facts.declared_at).total_seconds()) if facts.declared_at else none,
        "commander": own(facts.commander) if facts.commander else none,
        "bridge": " · ".join(code(part) for part in facts.bridge) or none,  # dialable: digits as they are
        "war_room": own(facts.war_room) if facts.war_room else none,
        "next_update": display.datetime(facts.next_update) if facts.next_update else none,
        "now": display.datetime(now),
    }


def render(subject: str, body: str, facts: Facts, lang: str, now: dt.datetime,
           timezone: str = "Asia/Tehran") -> tuple[str, str]:
    found = values(facts, lang, now, timezone)
    return " ".join(fill(subject, found).split()), fill(body, found)
