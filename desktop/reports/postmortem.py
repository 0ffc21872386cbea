"""The postmortem PDF: the sections the best post-incident review templates agree on.

Persian first: shaped, reordered per line, tables mirrored, Latin runs kept, Persian digits for
every number the report writes (never inside identifiers or people's words), Vazirmatn embedded.
An incident that is not closed exports as a draft, marked on every page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Spacer

from desktop import __version__
from desktop.files import NotRegularFile, error_code, replacing
from desktop.reports import shaping
from desktop.reports.data import PostmortemData
from desktop.reports.describe import describe, wire_time_words
from desktop.reports.flowables import ALERT, MARGIN, MUTED, REGULAR, Rule, Text, numbered_canvas, register_fonts, table
from desktop.reports.phase_chart import chart, phases
from desktop.reports.words import Words
from desktop.text.calendar import utcnow
from desktop.text.display import DisplayFormat, compose


class ReportError(Exception):
    """The report cannot be written: ``code`` is stable (not_regular, or what desktop.files.error_code
    makes of the OS error: no_folder, permission_denied, is_directory, disk_full, read_only_fs,
    unwritable), ``path`` says where, ``detail`` is the raw error for the log."""

    def __init__(self, code: str, path: Path, detail: str = "") -> None:
        super().__init__(f"{code}: {path}: {detail}")
        self.code, self.path, self.detail = code, path, detail


WIDTH = A4[0] - 2 * MARGIN  # of the body frame


def write_document(out: Path, story: list[Flowable], canvas: Callable, rtl: bool,
                   progress: Callable[[float], None] | None = None, **info: object) -> int:
    """Lays ``story`` out on A4 pages drawn by ``canvas`` (flowables.numbered_canvas) into ``out``,
    atomically (desktop.files: no partial file, ever; a folder, device or pipe at ``out`` is
    refused with ReportError); ``info``: the document's title, subject, author, keywords.
    ``progress`` is told the share laid out after each flowable. Returns the number of pages."""
    try:
        with replacing(out) as temp:
            doc = BaseDocTemplate(
                str(temp), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 8,
                bottomMargin=MARGIN, creator=f"Crisis Room {__version__}", lang="fa-IR" if rtl else "en",
                initialFontName=REGULAR, **info)  # else the canvas references an unembedded Helvetica
            doc.addPageTemplates([PageTemplate("page", [Frame(MARGIN, MARGIN, WIDTH, A4[1] - 2 * MARGIN - 8,
                                                              id="body", leftPadding=0, rightPadding=0)])])
            if progress:
                total, done = len(story), [0]

                def after(_flowable: Flowable) -> None:
                    done[0] += 1
                    progress(min(done[0] / total, 1.0))

                doc.afterFlowable = after  # type: ignore[method-assign]
            doc.build(story + [Spacer(1, 1)], canvasmaker=canvas)
    except NotRegularFile as exc:
        raise ReportError("not_regular", out, exc.path) from exc
    except OSError as exc:
        raise ReportError(error_code(exc), out, str(exc)) from exc
    return doc.page


class _Writer:
    def __init__(self, data: PostmortemData, words: Words, pinned_only: bool, now: dt.datetime,
                 display: DisplayFormat | None = None) -> None:
        self.d, self.w, self.now = data, words, now
        self.lang = words.lang
        # The screen's formats (desktop.text.display), in the words' language.
        self.f = (display or DisplayFormat(self.lang)).for_language(self.lang)
        self.rtl = self.lang == "fa"
        self.pinned_only = pinned_only
        self.width = WIDTH

    # -- words and numbers
    def t(self, key: str, *values: str) -> str:
        return compose(self.w.text(key), *values)

    def number(self, value: int | float, decimals: int = 0) -> str:
        return self.f.number(value, decimals)

    def when(self, moment: dt.datetime | None, both: bool = False) -> str:
        """As on the screen; ``both`` adds the other calendar's date (the headline facts)."""
        if moment is None:
            return self.t("pm.not_yet")
        return self.f.datetime(moment, both=both)

    def span(self, start: dt.datetime | None, end: dt.datetime | None) -> str:
        if start is None or end is None:
            return self.t("pm.not_yet")
        return self.f.duration((end - start).total_seconds())

    # -- building blocks
    def heading(self, key: str) -> list[Flowable]:
        title, rule = Text(self.t(key), self.rtl, 13, bold=True, space_before=10, space_after=2), Rule(2)
        title.keepWithNext = rule.keepWithNext = True  # never a heading alone at the foot of a page
        return [title, rule]

    def para(self, text: str | None, muted_if_empty: str = "pm.none") -> Flowable:
        if text:
            return Text(text, self.rtl, 10)
        return Text(self.t(muted_if_empty), self.rtl, 9.5, color=MUTED)

    def facts(self, pairs: list[tuple[str, str]]) -> Flowable:
        label_width = 42 * mm
        return table([(self.t(k), v) for k, v in pairs], [label_width, self.width - label_width],
                     self.rtl, header=False, size=9.5)

    def grid(self, header: list[str], rows: list[list[str]], fractions: list[float], empty: str) -> Flowable:
        if not rows:
            return Text(self.t(empty), self.rtl, 9.5, color=MUTED)
        widths = [self.width * f for f in fractions]
        return table([[self.t(h) for h in header], *rows], widths, self.rtl)

    # -- the sections
    def story(self) -> list[Flowable]:
        i, d = self.d.incident, self.d
        out: list[Flowable] = [Text(self.t("pm.title"), self.rtl, 11, color=MUTED, space_after=0),
                               Text(i["title"] or "", self.rtl, 18, bold=True, space_after=4)]
        if not d.closed:
            out.append(Text(self.t("pm.draft"), self.rtl, 10, bold=True, color=ALERT))
        out.append(self.facts([
            ("pm.reference", i["ref"] or ""),
            ("pm.severity", self.w.label("severity", i["severity"])),
            ("pm.status", self.w.label("status", i["status"])),
            ("pm.declared", self.when(i["declared_at"], both=True)),
            ("pm.resolved", self.when(i["resolved_at"], both=True)),
            ("pm.duration", self.span(i["declared_at"], i["resolved_at"])),
            ("pm.commander", d.commander or self.t("pm.none")),
            ("pm.authors", ("، " if self.rtl else ", ").join(d.authors) or self.t("pm.none")),
            ("pm.generated", self.when(self.now)),
        ]))
        out += self.heading("pm.summary") + [self.para(i.get("review_summary") or i.get("description"))]
        users = [n for n in d.notices if n.audience == "users"]
        out += self.heading("pm.impact") + [self.facts([
            ("pm.services", ("، " if self.rtl else ", ").join(d.services) or self.t("pm.none")),
            ("pm.users", self.t("pm.users_notified", self.number(len(users))) if users else self.t("pm.none")),
            ("pm.duration", self.span(i["declared_at"], i["resolved_at"])),
            ("pm.business_impact", i.get("review_impact") or self.t("pm.none")),
        ])]
        out += self.heading("pm.detection") + [self.facts([
            ("pm.reported_via", self.w.label("reported_via", i["reported_via"])),
            ("pm.detected_at", self.when(i["detected_at"])),
            ("pm.reported_at", self.when(i["reported_at"])),
            ("pm.time_to_detect", self.span(i["detected_at"], i["reported_at"])),
        ])]
        spans = phases(i, self.now)
        out += self.heading("pm.phases") + [KeepTogether([chart(
            spans, self.width, self.rtl, lambda p: self.w.label("phase", p),
            lambda m: f"{self.f.month_day(m)} {self.f.time(m)}")])]
        out += self._timeline() + self._responders() + self._root_cause() + self._resolution()
        out += self._metrics() + self._lessons() + self._actions() + self._communications()
        out += self._review() + self._related()
        return out

    def _timeline(self) -> list[Flowable]:
        entries = [e for e in self.d.timeline if e.pinned or not self.pinned_only]
        rows = [[self.when(e.at), e.author or "", self.w.label("entry_kind", e.kind),
                 describe(e, self.w, self.d.people, self.d.task_titles, when=wire_time_words(self.when))]
                for e in entries]
        key = "pm.timeline_pinned" if self.pinned_only else "pm.timeline"
        return self.heading(key) + [self.grid(["pm.time", "pm.by", "pm.kind", "pm.entry"], rows,
                                              [0.19, 0.15, 0.11, 0.55], "pm.no_entries")]

    def _responders(self) -> list[Flowable]:
        rows = [[r.person, self.w.label("role", r.role), self.when(r.assumed_at), self._held_until(r.renounced_at)]
                for r in self.d.roles]
        return self.heading("pm.responders") + [self.grid(["pm.person", "pm.role", "pm.from", "pm.to"], rows,
                                                          [0.25, 0.25, 0.25, 0.25], "pm.no_responders")]

    def _held_until(self, renounced: dt.datetime | None) -> str:
        """When a role ended: handed over, or with the incident (a closed incident's commander
        no longer holds the role), or not yet."""
        if renounced:
            return self.when(renounced)
        i = self.d.incident
        if i["status"] in ("closed", "cancelled"):
            key = "pm.until_closed" if i["status"] == "closed" else "pm.until_cancelled"
            return self.t(key, self.when(i["closed_at"])) if i["closed_at"] else self.w.label("status", i["status"])
        return self.t("pm.open_role")

    def _root_cause(self) -> list[Flowable]:
        """One root cause: the problem record's, else the one written on the incident — said
        once, so the page never says it was found and not analysed in the same breath."""
        out = self.heading("pm.root_cause")
        p = self.d.problem
        cause = (p or {}).get("root_cause") or self.d.incident.get("root_cause")
        if p is None:
            return out + [self.para(cause, "pm.no_problem")] + (
                [self.para(None, "pm.no_problem_record")] if cause else [])
        whys = [line for line in (p.get("five_whys") or "").splitlines() if line.strip()]
        numbered = "\n".join(f"{self.number(n)}. {why}" for n, why in enumerate(whys, 1))
        return out + [self.facts([
            ("pm.problem", p.get("title") or ""),
            ("pm.problem_state", self.w.label("problem_state", p.get("state")) or self.t("pm.none")),
            ("pm.problem_owner", p.get("owner_name") or self.t("pm.none")),
            ("pm.cause", cause or self.t("pm.not_analysed")),
            ("pm.five_whys", numbered or self.t("pm.none")),
            ("pm.contributing", p.get("contributing_factors") or self.t("pm.none")),
            ("pm.known_error", p.get("known_error") or self.t("pm.none")),
            ("pm.workaround", p.get("workaround") or self.t("pm.none")),
        ])]

    def _resolution(self) -> list[Flowable]:
        c = self.d.change
        if c is None:
            return self.heading("pm.resolution") + [self.para(None, "pm.no_change")]
        risk = self.w.label("risk", c.get("risk")) or self.t("pm.none")
        if c.get("risk") and c.get("risk_reason"):
            risk = f"{risk}: {c['risk_reason']}"
        approval = self.w.label("approval", c.get("approval")) or self.t("pm.none")
        if c.get("approval") in ("approved", "emergency", "rejected") and (c.get("approver_name") or c.get("approved_at")):
            approval = self.t("pm.approved_by", approval, c.get("approver_name") or self.t("pm.none"),
                              self.when(c.get("approved_at")))
        return self.heading("pm.resolution") + [self.facts([
            ("pm.change", c.get("title") or ""), ("pm.change_why", c.get("description") or self.t("pm.none")),
            ("pm.plan", c.get("plan") or self.t("pm.none")), ("pm.risk", risk),
            ("pm.rollback", c.get("rollback_plan") or self.t("pm.none")),
            ("pm.approval", approval),
            ("pm.scheduled_at", self.when(c.get("scheduled_at"))),
            ("pm.implemented_at", self.when(c.get("implemented_at"))),
            ("pm.outcome", self.w.label("outcome", c.get("outcome")) or self.t("pm.none")),
        ])]

    def _metrics(self) -> list[Flowable]:
        i = self.d.incident
        declared, resolved, minutes = i["declared_at"], i["resolved_at"], i.get("sla_minutes")
        sla = self.t("pm.none")
        if declared and minutes:
            target = self.f.duration(minutes * 60)
            due = declared + dt.timedelta(minutes=minutes)
            if resolved:
                late = (resolved - due).total_seconds()
                sla = self.t("pm.sla_met", target) if late <= 0 else self.t(
                    "pm.sla_breached", self.f.duration(late), target)
            else:
                sla = self.t("pm.sla_running", self.f.duration((due - self.now).total_seconds()), target)
        return self.heading("pm.metrics") + [self.facts([
            ("pm.tta", self.span(declared, i["acknowledged_at"])),
            ("pm.ttc", self.span(declared, i["contained_at"])),
            ("pm.ttr", self.span(declared, resolved)),
            ("pm.sla", sla),
        ])]

    def _lessons(self) -> list[Flowable]:
        i = self.d.incident
        return self.heading("pm.lessons") + [self.para(i.get("lessons")), self.facts([
            ("pm.went_well", i.get("went_well") or self.t("pm.none")),
            ("pm.went_wrong", i.get("went_wrong") or self.t("pm.none")),
            ("pm.got_lucky", i.get("got_lucky") or self.t("pm.none")),
        ])]

    def _actions(self) -> list[Flowable]:
        rows = [[t.title, t.owner or "", self.when(t.due_at) if t.due_at else "", self.w.label("column", t.column)]
                for t in self.d.tasks if t.source == "review"]
        return self.heading("pm.actions") + [self.grid(["pm.task", "pm.owner", "pm.due", "pm.status"], rows,
                                                       [0.46, 0.18, 0.2, 0.16], "pm.no_actions")]

    def _communications(self) -> list[Flowable]:
        rows = [[self.when(n.at), n.audience if n.custom else self.w.label("group_kind", n.audience),
                 self.w.label("channel", n.channel), n.text] for n in self.d.notices]
        return self.heading("pm.communications") + [self.grid(
            ["pm.time", "pm.audience", "pm.channel", "pm.message"], rows, [0.19, 0.17, 0.12, 0.52],
            "pm.no_communications")]

    def _review(self) -> list[Flowable]:
        """The checklist item by item (done, and when it was ticked), an override if the
        incident was closed without it, and the change's outcome."""
        review, c = self.d.review, self.d.change
        out = self.heading("pm.pir")
        if review is not None:
            rows = [[self.w.text(f"review.{item.key}"),
                     (self.t("pm.done_at", self.when(item.at)) if item.at else self.t("pm.done")) if item.done
                     else self.t("pm.not_done")] for item in review.items]
            out.append(self.grid(["pm.check", "pm.state"], rows, [0.62, 0.38], "pm.none"))
        for entry in self.d.timeline:
            if entry.kind == "status" and "review_override" in entry.details:
                out.append(self.para(describe(entry, self.w, self.d.people, self.d.task_titles,
                                              when=wire_time_words(self.when))))
        if c is not None and c.get("outcome"):
            out.append(self.facts([("pm.outcome", self.w.label("outcome", c["outcome"])),
                                   ("pm.implemented_at", self.when(c.get("implemented_at")))]))
        return out

    def _related(self) -> list[Flowable]:
        d = self.d
        pairs = []
        if d.problem:
            pairs.append(("pm.problem", d.problem.get("title") or ""))
        if d.change:
            pairs.append(("pm.change", d.change.get("title") or ""))
        if d.duplicate_of:
            pairs.append(("pm.duplicate_of", d.duplicate_of))
        if d.duplicates:
            pairs.append(("pm.duplicates", ", ".join(d.duplicates)))
        return self.heading("pm.related") + [self.facts(pairs) if pairs else self.para(None)]


def write(data: PostmortemData, words: Words, out: Path | str, *, pinned_only: bool = False,
          progress: Callable[[float], None] | None = None, now: dt.datetime | None = None,
          display: DisplayFormat | None = None) -> int:
    """Writes the postmortem to ``out`` atomically (desktop.files: no partial file, ever; a
    folder, device or pipe at ``out`` is refused). Returns the number of pages.

    ``display`` carries the user's calendar and time-zone settings (``Formatter.display`` on the
    screen, ``DisplayFormat.from_settings(lang, settings)`` elsewhere), so dates, durations and
    numbers read as they do on the screen; without it, the defaults: the calendar of the words'
    language, Tehran time."""
    out = Path(out)
    register_fonts()
    writer = _Writer(data, words, pinned_only, now or utcnow(), display)
    incident = data.incident
    canvas = numbered_canvas(writer.w.text("pm.page"), _header(incident["ref"] or "", incident["title"] or "", writer.width),
                             writer.rtl, None if data.closed else writer.t("pm.watermark"), number=writer.number)
    return write_document(out, writer.story(), canvas, writer.rtl, progress,
                          title=f"{writer.t('pm.title')}: {incident['title']}", author=data.commander or "",
                          subject=incident["ref"] or "", keywords=[incident["ref"] or "", incident["status"] or ""])


def _header(ref: str, title: str, width: float, size: float = 8) -> str:
    """The page header: the reference and the title, the title cut short (…) to stay on one line."""
    title = shaping.clean(title).replace("\n", " ")

    def fits(text: str) -> bool:
        return shaping.width_of(f"{ref} · {text}", lambda s: stringWidth(s, REGULAR, size)) <= width

    if not fits(title):
        low, high = 0, len(title)
        while low < high:  # the longest start of the title that fits with its ellipsis
            middle = (low + high + 1) // 2
            low, high = (middle, high) if fits(title[:middle].rstrip() + "…") else (low, middle - 1)
        title = title[:low].rstrip() + "…"
    return f"{ref} · {shaping.embed(title)}"
