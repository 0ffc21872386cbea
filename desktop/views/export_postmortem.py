"""The Export postmortem action: a save dialog, progress while the worker writes the PDF."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from desktop.context import AppContext
from desktop.services.store import Store
from desktop.labels import QtWords

log = logging.getLogger("crisisroom.export")


class _Progress(QObject):
    changed = Signal(float)  # emitted on the worker thread, delivered on the GUI thread


class PostmortemExport(QObject):
    """Every start ends in ``finished`` or ``failed``, whatever goes wrong: ``failed`` carries a
    code desktop.labels.error words (not_regular, unknown_incident, the OS error's code from
    desktop.files.error_code, or report_failed), the detail goes to crisisroom.log."""

    finished = Signal(str, int)  # path, pages
    failed = Signal(str, str)  # error code, path

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.window = parent
        self.dialog: QProgressDialog | None = None

    def ask_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Export postmortem"), suggested, self.tr("PDF documents (*.pdf)"))
        return path

    def start(self, incident_id: str, path: str, pinned_only: bool = False) -> None:
        """Writes the PDF on the database worker; the window stays live meanwhile."""
        from desktop.reports import data, postmortem

        words = QtWords()
        words.text("pm.title")  # build the translated table here, on the GUI thread
        display = self.ctx.formatter.display  # the screen's calendar, zone and digits
        progress = _Progress(self)
        self.dialog = QProgressDialog(self.tr("Writing the postmortem…"), "", 0, 100, self.window)
        self.dialog.setCancelButton(None)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        progress.changed.connect(lambda fraction: self.dialog and self.dialog.setValue(int(fraction * 100)))

        def work(store: Store) -> int:
            found = store.read(data.load, incident_id)
            return postmortem.write(found, words, path, pinned_only=pinned_only, progress=progress.changed.emit,
                                    display=display)

        def done(pages: int) -> None:
            self._close()
            self.finished.emit(path, pages)

        def error(exc: BaseException) -> None:
            self._close()
            if isinstance(exc, postmortem.ReportError):
                log.warning("postmortem to %s not written: %s %s", path, exc.code, exc.detail)
                self.failed.emit(exc.code, path)
            elif isinstance(exc, data.UnknownIncident):
                self.failed.emit("unknown_incident", path)
            else:  # a report that cannot be laid out, a bug: said to the person, kept in the log
                log.error("postmortem to %s failed", path, exc_info=exc)
                self.failed.emit("report_failed", path)

        self.ctx.worker.submit(work, done, error)

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None


def suggested_name(ref: str | None) -> str:
    return f"{ref or 'incident'}-postmortem.pdf"

