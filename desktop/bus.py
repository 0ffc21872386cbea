"""One change signal for the whole app: views refresh only what a change touched."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ChangeBus(QObject):
    # (Changes, initiator): the initiator is the object that asked for the change, so a view can
    # skip the refresh of an edit it has already shown.
    changed = Signal(object, object)
    # A failure people must be told about: (code, params) worded by the views.
    failed = Signal(str, object)
    # An edit was tried with nobody named as operating this station: the window asks who.
    operator_needed = Signal()
