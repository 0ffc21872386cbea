"""Declarative base, column types and the conventions every shared entity follows."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import Boolean, MetaData, String, Text, TypeDecorator, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desktop.wire import from_wire_time, new_id, to_wire_time

__all__ = ["Base", "Shared", "UTCDateTime", "new_id", "to_wire_time", "from_wire_time"]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes stored as fixed-width ISO text."""

    impl = String(27)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return to_wire_time(value)

    def process_result_value(self, value: Any, dialect: Any) -> dt.datetime | None:
        return None if value is None else from_wire_time(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Shared:
    """A shared entity: UUIDv7 text id, merged per field by last writer wins, deleted by archiving.

    ``__entity__`` names it in ops; ``__immutable__`` fields are set once, by the op that creates
    the row, and never carry a clock; ``__derived__`` columns (column: (source field, "sort" or
    "search")) are computed from another field on apply and never travel in ops.

    References to other shared entities are plain indexed id columns, not foreign keys: ops may
    arrive in any order (after a hub restore, a task before its incident). A remote op whose
    parent has not arrived yet is held and applied when it does (Store.apply_remote).
    """

    __entity__: ClassVar[str]
    __immutable__: ClassVar[tuple[str, ...]] = ()
    __append_only__: ClassVar[bool] = False  # an undo appends instead of archiving it
    __derived__: ClassVar[dict[str, tuple[str, str]]] = {}
    # The rules a value must meet, checked on every op, local or remote (services/registry.py):
    # a field's allowed stable keys, and a shorter limit than the default for long text.
    __domains__: ClassVar[dict[str, type]] = {}
    __limits__: ClassVar[dict[str, int]] = {}

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


def text_column(nullable: bool = True) -> Any:
    return mapped_column(Text, nullable=nullable)
