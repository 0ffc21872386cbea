"""A timeline entry in words — the same on the screen and in the postmortem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from desktop.reports.words import Words
from desktop.text.display import compose as fill, join
from desktop.services.queries import EntryRow
from desktop.wire import from_wire_time


# An edited field's stored key → the kind of word it is shown as.
_WORDED = {"severity": "severity", "impact": "level", "urgency": "level", "reported_via": "reported_via",
           "state": "problem_state", "risk": "risk", "approval": "approval", "outcome": "outcome",
           "priority": "priority"}
PEOPLE_FIELDS = ("owner_id", "approved_by")  # edited fields that hold a person's id
YES_NO_FIELDS = ("exercise",)


def wire_time_words(moment: Callable[[dt.datetime], str]) -> Callable[[str], str]:
    """``when`` for describe: a stored time through ``moment`` (a formatter's), or as stored
    when it does not read as one."""
    def when(wire: str) -> str:
        try:
            return moment(from_wire_time(wire))
        except (TypeError, ValueError):
            return wire
    return when


def describe(entry: EntryRow, words: Words, people: Mapping[str, str], tasks: Mapping[str, str],
             isolate: Callable[[str], str] = lambda text: text,
             when: Callable[[str], str] = lambda wire: wire) -> str:
    """A note's text, or what the change was ("from X to Y": Vazirmatn has no arrow glyphs).
    ``isolate`` wraps people's values for the screen; the PDF shapes them itself. ``when``
    words a stored time (its wire text). Details of a shape no command writes (an entry that
    arrived before the hub's checks, or from a newer version) read as the entry's kind: an
    entry is never changed, and one bad one must not break a timeline or a postmortem."""
    try:
        return _describe(entry, words, people, tasks, isolate, when)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        return words.label("entry_kind", entry.kind)


def _describe(entry: EntryRow, words: Words, people: Mapping[str, str], tasks: Mapping[str, str],
              isolate: Callable[[str], str], when: Callable[[str], str]) -> str:
    d = entry.details

    def pair(before: str, after: str) -> str:
        return fill(words.text("entry.pair"), isolate(before), isolate(after))

    if entry.kind == "note":
        return isolate(entry.text)
    if entry.kind == "status":
        if d.get("acknowledged"):
            return words.text("entry.acknowledged")
        separator = "؛ " if words.lang == "fa" else "; "
        if "review" in d:  # checklist items ticked or cleared
            return join([fill(words.text("entry.review_ticked" if done else "entry.review_cleared"),
                              words.text(f"review.{item}")) for item, done in d["review"].items()], separator)
        if "review_override" in d:
            missing = join([words.text(f"review.{item}") for item in d["review_override"]], separator)
            return fill(words.text("entry.review_override"), missing, isolate(entry.text))
        if d.get("from") is None:
            return fill(words.text("entry.reported_as"), words.label("status", d.get("to")))
        return pair(words.label("status", d.get("from")), words.label("status", d.get("to")))
    if entry.kind == "field":
        out = []
        for name, before, after in d.get("changes", []):
            if isinstance(before, list) or isinstance(after, list):
                out.append(words.label("field", name))
                continue
            shown = [str(v) if v not in (None, "") else "" for v in (before, after)]
            if name in _WORDED:
                shown = [words.label(_WORDED[name], v) if v else v for v in shown]
            elif name in PEOPLE_FIELDS:
                shown = [people.get(v, "") if v else v for v in shown]
            elif name.endswith("_at"):
                shown = [when(v) if v else v for v in shown]
            elif name in YES_NO_FIELDS:  # stored 0/1 or false/true: said as yes or no
                shown = [words.text("entry.yes" if v in ("1", "True", "true") else "entry.no") for v in shown]
            if not shown[0] and shown[1]:  # a first value is set, not changed from nothing
                change = fill(words.text("entry.set"), isolate(shown[1]))
            elif shown[0] and not shown[1]:
                change = fill(words.text("entry.cleared"), isolate(shown[0]))
            else:
                change = pair(*(v or "—" for v in shown))
            out.append(f"{words.label('field', name)}: {change}")
        said = join(out, "؛ " if words.lang == "fa" else "; ")
        if d.get("record"):  # a problem or change record the incident links to
            said = f"{words.label('entity', d['record'])}: {said}"
        return said
    if entry.kind == "role":
        person = people.get(d.get("person") or "", "")
        previous = people.get(d.get("previous") or "", "")
        role = words.label("role", d.get("role", ""))
        if person and previous:
            return fill(words.text("entry.took_over"), role, isolate(person), isolate(previous))
        if person:
            return fill(words.text("entry.role"), role, isolate(person))
        return fill(words.text("entry.renounced"), role, isolate(previous))
    if entry.kind == "task":
        title = isolate(tasks.get(d.get("task", ""), ""))
        if d.get("action") == "moved":
            return fill(words.text("entry.task_moved"), title, words.label("column", d.get("to", "")))
        if d.get("action") == "edited":  # issue 16: the fields changed, by name
            comma = "، " if words.lang == "fa" else ", "
            return fill(words.text("entry.task_edited"), title,
                        comma.join(words.label("field", f) for f in d.get("fields", [])))
        return fill(words.text("entry.task_added"), title)
    if entry.kind == "record":
        return words.text({"problem": "entry.problem_linked", "change": "entry.change_linked",
                           "duplicate": "entry.duplicate", "merged": "entry.merged"}.get(d.get("link", ""),
                                                                                          "entry.record"))
    if entry.kind == "conflict":
        comma = "، " if words.lang == "fa" else ", "
        if d.get("conflict") == "holders":
            names = comma.join(isolate(people.get(p, "")) for p in d.get("people", []))
            return fill(words.text("entry.double_holders"), words.label("role", d.get("role", "")), names)
        named: list[str] = []  # an incident's fields by name; anything else once, by what it is
        for e, f, *rest in d.get("fields", []):
            if e == "incident":
                word = words.label("field", f)
            elif e == "task" and rest and tasks.get(rest[0]):
                word = f"{words.label('entity', e)} {isolate(tasks[rest[0]])}"
            else:
                word = words.label("entity", e)
            if word not in named:
                named.append(word)
        return fill(words.text("entry.superseded"), comma.join(named))
    if entry.kind == "communication" and d.get("event"):  # services/comms.py, services/mailer.py
        about, channel = words.label("comm_event", d["event"]), words.label("channel", d.get("channel", ""))
        if d.get("resent"):
            return fill(words.text("entry.message_resent"), about, channel)
        if "sent" in d or "failed" in d:
            return fill(words.text("entry.message_delivered"), about, channel, _n(words, d.get("sent", 0)),
                        _n(words, d.get("failed", 0)), _n(words, d.get("unsure", 0)))
        if not d.get("recipients"):  # the status page, a desktop notification: nobody to count
            return fill(words.text("entry.message_out"), about, channel)
        return fill(words.text("entry.message_queued"), about, channel, _n(words, d.get("recipients", 0)))
    if entry.kind == "undo":
        return words.text("entry.undone" if d.get("action") == "undo" else "entry.redone")
    return isolate(entry.text)


def _n(words: Words, value: object) -> str:
    """A count in the words' digits (Persian digits in Persian)."""
    from desktop.text.display import digits

    return digits(str(value if isinstance(value, int) else 0), words.lang)
