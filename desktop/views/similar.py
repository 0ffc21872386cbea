"""Similar past incidents, with their root cause and fix: a proven solution reused at once."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop.context import AppContext
from desktop.services import queries
from desktop.services.queries import Similar
from desktop.text.normalize import isolate
from desktop import labels
from desktop.views.elided import never_widen


class SimilarIncidents(QGroupBox):
    shown = Signal(list)  # the Similar rows on display

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        never_widen(self.text)  # a long title wraps in the room there is
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        self._ask: tuple[str, tuple[str, ...], str | None] = ("", (), None)
        self._timer = QTimer(self)  # typing in the title asks once it pauses, not per letter
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._query)
        self.rows: list[Similar] = []
        self.retranslate()

    def look_for(self, text: str, service_ids: tuple[str, ...] = (), exclude: str | None = None) -> None:
        self._ask = (text, tuple(service_ids), exclude)
        self._timer.start()

    def _query(self) -> None:
        asked = self._ask

        def done(rows: list[Similar]) -> None:
            if asked == self._ask:
                self.show_rows(rows)

        self.ctx.query(queries.similar, *asked, on_done=done)

    def show_rows(self, rows: list[Similar]) -> None:
        self.rows = rows
        if not rows:
            self.text.setText(self.tr("No similar closed incident."))
        else:
            lines = []
            # Outside the f-string: lupdate does not see a tr() inside one (it showed in English).
            cause_word, fix_word, lessons_word = self.tr("Root cause"), self.tr("Fix"), self.tr("Lessons learned")
            for row in rows:
                fix = f"{labels.user_text(row.fix)} ({labels.outcome(row.fix_outcome)})" if row.fix else "—"
                line = (f"{isolate(row.ref, rtl=False)} · {labels.user_text(row.title)}\n"
                        f"    {cause_word}: {labels.user_text(row.root_cause) or '—'}\n"
                        f"    {fix_word}: {fix}")
                if row.lessons:  # what was learned last time, one line of it
                    first = row.lessons.strip().splitlines()[0]
                    line += f"\n    {lessons_word}: {labels.user_text(first[:200])}"
                lines.append(line)
            self.text.setText("\n".join(lines))
        self.shown.emit(rows)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Similar past incidents"))
        self.show_rows(self.rows) if self.rows else self.text.setText(self.tr("No similar closed incident."))
