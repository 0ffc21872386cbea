"""CSV import of the directory: people, services and stakeholder groups (issue 13). Qt-free.

Four steps, one function each, so a window can show the plan before anything is written:

- ``decode(data, encoding)``: the file's bytes as text. UTF-8 with or without a BOM, UTF-16
  with a BOM, and the Windows Persian code page (cp1256) that spreadsheet programs still write
  — taken only when the result reads as Persian or Latin text; otherwise the person is asked
  for the encoding (``unsure_encoding``). Never mojibake.
- ``read(text, kind)``: the header row's names (English or Persian, ``COLUMNS``) and the rows
  with their line numbers.
- ``plan(conn, table)``: what would be added, changed (which fields), left as it is and refused
  (line, code, params), written nowhere: the preview.
- ``apply(store, plan)``: each row's change one command through the write path, all in one
  transaction: all or nothing, or the good rows only when the person chooses so.

Importing the same file again updates, never duplicates: a person is the one with the row's
external id, else its email, else (a row with neither) its name; a service the one with its
external id, else its name; a custom group the one with its name. A row that matches nobody
gets an id derived from the same key (``stable_id``), so two stations importing the same file
create the same person, and the two creations merge into one when they sync.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import sqlite3
import stat
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop.models.keys import Criticality, GroupKind
from desktop.services import directory
from desktop.services.directory import stable_id
from desktop.services.changes import Changes
from desktop.services.errors import CommandError
from desktop.services.ops import Change, MalformedOp, check_field, wire_value
from desktop.services.registry import spec
from desktop.services.writer import Tx
from desktop.text.normalize import normalize_input, search_key

KINDS = ("people", "services", "groups")


# -- the header row: each field's names, English first, then Persian (the README's table)

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "people": {
        "name": ("name", "full name", "نام", "نام و نام خانوادگی", "نام کامل"),
        "email": ("email", "e-mail", "ایمیل", "پست الکترونیک", "رایانامه"),
        "phone": ("phone", "mobile", "telephone", "تلفن", "شماره تلفن", "موبایل", "تلفن همراه"),
        "team": ("team", "department", "تیم", "واحد"),
        "title": ("title", "job title", "position", "عنوان", "سمت", "عنوان شغلی"),
        "groups": ("groups", "stakeholder groups", "گروه‌ها", "گروه‌های ذی‌نفع"),
        "organisation": ("organisation", "organization", "company", "سازمان", "شرکت"),
        "languages": ("languages", "language", "زبان‌ها", "زبان"),
        "external_id": ("external_id", "employee id", "شناسه", "شناسه بیرونی", "کد پرسنلی", "شماره پرسنلی"),
    },
    "services": {
        "name": ("name", "service", "نام", "نام سرویس", "سرویس"),
        "description": ("description", "شرح", "توضیحات"),
        "owner_team": ("owner_team", "owner", "تیم مالک", "مالک"),
        "criticality": ("criticality", "اهمیت", "میزان اهمیت"),
        "sla_sev1": ("sla_sev1", "sla critical", "SLA بحرانی", "SLA شدت ۱"),
        "sla_sev2": ("sla_sev2", "sla high", "SLA بالا", "SLA شدت ۲"),
        "sla_sev3": ("sla_sev3", "sla medium", "SLA متوسط", "SLA شدت ۳"),
        "sla_sev4": ("sla_sev4", "sla low", "SLA پایین", "SLA شدت ۴"),
        "used_by": ("used_by", "users", "کاربران", "استفاده‌کنندگان"),
        "external_id": ("external_id", "شناسه", "شناسه بیرونی"),
    },
    "groups": {
        "name": ("name", "group", "نام", "نام گروه", "گروه"),
        "kind": ("kind", "type", "نوع"),
        "members": ("members", "اعضا", "عضوها"),
    },
}
_REQUIRED = {"people": ("name",), "services": ("name",), "groups": ()}  # a group needs a name or a kind

# The words a cell may give for a stored key (compared as header names are: any letters' forms,
# case, spaces, ZWNJ, _ and - aside); the key itself is always accepted.
CRITICALITY_WORDS = {
    Criticality.CRITICAL: ("critical", "بحرانی", "حیاتی"), Criticality.HIGH: ("high", "بالا", "زیاد"),
    Criticality.MEDIUM: ("medium", "متوسط"), Criticality.LOW: ("low", "پایین", "کم"),
}
GROUP_KIND_WORDS = {
    GroupKind.TECHNICAL_TEAM: ("technical team", "تیم فنی"),
    GroupKind.MANAGEMENT: ("management", "مدیریت ارشد", "مدیران", "مدیریت"),
    GroupKind.KEY_STAKEHOLDERS: ("key stakeholders", "ذی‌نفعان کلیدی"),
    GroupKind.USERS: ("users", "کاربران"),
    GroupKind.CUSTOM: ("custom", "custom group", "گروه سفارشی", "سفارشی"),
}
_LIST = re.compile("[;\u061b]")  # ; or the Persian ؛ between the groups of a person, the members of a group
Progress = Callable[[int, int], None]  # (rows done, rows in all), told after each row


def _key(text: str) -> str:
    """How names and words are compared: search_key, without spaces, ZWNJ, _ and -."""
    return re.sub(r"[\s_\-]+", "", search_key(text))


_HEADERS = {kind: {_key(name): name_of for name_of, names in fields.items() for name in names}
            for kind, fields in COLUMNS.items()}
_CRITICALITY = {_key(w): k.value for k, words in CRITICALITY_WORDS.items() for w in (k.value, *words)}
_GROUP_KINDS = {_key(w): k.value for k, words in GROUP_KIND_WORDS.items() for w in (k.value, *words)}


def known_columns(kind: str) -> str:
    """The header names of a kind as the README lists them: "name (نام), email (ایمیل), …"."""
    return ", ".join(f"{names[0]} ({next(n for n in names if _is_persian(n))})" for names in COLUMNS[kind].values())


def _is_persian(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


class FileRefused(CommandError):
    """The whole file cannot be imported; nothing was read into the plan. ``code``:
    unknown_encoding, not_in_encoding (encoding, line), unsure_encoding, empty_file, bad_csv
    (line), unknown_column (column, known), duplicate_column (column), missing_column (column);
    read_file's no_file, unreadable, too_large (megabytes)."""


@dataclass(frozen=True)
class Refusal:
    """A row that will not be imported: its line in the file and why, as (code, params) that
    labels.import_refusal words; ``field`` params name the column as the file's header does."""

    line: int
    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Row:
    """A row of the plan. ``action``: add, change or same; ``fields``: what is written (all of
    them for add, the changed ones for change); ``changed``: the fields that change (``groups``
    or ``members`` when memberships are added)."""

    line: int
    action: str
    entity_id: str
    name: str
    fields: dict
    changed: tuple[str, ...] = ()
    groups: tuple[tuple[str, str, str | None], ...] = ()  # people: (group id, kind, name) joined
    members: tuple[str, ...] = ()  # groups: person ids added


@dataclass(frozen=True)
class Table:
    kind: str
    encoding: str
    columns: dict[str, str]  # field -> its name as the file's header row writes it
    rows: tuple[tuple[int, dict[str, str]], ...]  # (line, field -> cell)
    refused: tuple[Refusal, ...] = ()  # rows that could not even be read (extra cells)


@dataclass(frozen=True)
class Plan:
    kind: str
    encoding: str
    columns: dict[str, str]
    rows: tuple[Row, ...]
    refused: tuple[Refusal, ...]

    @property
    def added(self) -> list[Row]:
        return [r for r in self.rows if r.action == "add"]

    @property
    def changed(self) -> list[Row]:
        return [r for r in self.rows if r.action == "change"]

    @property
    def unchanged(self) -> list[Row]:
        return [r for r in self.rows if r.action == "same"]

    def column(self, name: str) -> str:
        """A field as the file names it."""
        return self.columns.get(name, name)


@dataclass(frozen=True)
class Imported:
    added: int
    changed: int
    refused: tuple[Refusal, ...]  # the plan's, and any row the database refused when written
    changes: Changes
    # One undo step for the whole import: what the rows' ops wrote, in order, and what undoes
    # them all (each row's inverse, the last row's first).
    forward: tuple[Change, ...] = ()
    inverse: tuple[Change, ...] = ()


# -- decoding -------------------------------------------------------------------------------

# Besides ASCII, what Persian text in cp1256 is made of: the letters Persian writes (with the
# Arabic ي ك ى older files use), hamza forms, tatweel, vowel marks after a letter, ZWNJ/ZWJ,
# no-break space, the Persian comma, semicolon and question mark, guillemets, typographic quotes
# and dashes, × ÷ and direction marks. Anything else from cp1256 (Urdu letters, French letters,
# ‰ ¹ ¤ …) is what a file in another encoding turns into: unsure, ask.
_PERSIAN_LETTERS = set("ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيپچژکگی")
_MARKS = set("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")
_OTHER_OK = set("\u0640\u200c\u200d\u00a0\u060c\u061b\u061f«»\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u2022×÷"
                "\u200e\u200f")


def plausible_persian(text: str) -> bool:
    """Whether text decoded from cp1256 reads as Persian (and Latin) rather than as another
    encoding's bytes: only Persian letters and their punctuation past ASCII, no word mixing
    Latin and Persian letters, vowel marks only after a letter, and ط/ظ (the lead bytes of UTF-8
    Persian read as cp1256) no more common than real text has them."""
    letters = mojibake = 0
    previous = ""
    for ch in text:
        if ch < "\x80":
            if ch < " " and ch not in "\t\r\n":
                return False
            if ch.isalpha() and previous in _PERSIAN_LETTERS:
                return False  # a Latin letter glued to a Persian one: not a word anyone wrote
        elif ch in _PERSIAN_LETTERS:
            if previous.isascii() and previous.isalpha():
                return False
            letters += 1
            mojibake += ch in "طظ"
        elif ch in _MARKS:
            if previous not in _PERSIAN_LETTERS and previous not in _MARKS:
                return False
        elif ch not in _OTHER_OK:
            return False
        previous = ch
    return letters > 0 and mojibake <= max(2, letters // 5)


def _line_of(data: bytes | str, position: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, position) + 1  # type: ignore[arg-type]


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, the encoding it was read in). ``encoding``: the person's word for it (any name
    Python knows: cp1256, windows-1256, utf-16…), which is then the only one tried."""
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise FileRefused("unknown_encoding", encoding=encoding[:40]) from None
        return _strict(data, name), name
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _strict(data, name), name
    if b"\x00" in data[:4096]:  # UTF-16 written without its mark (NUL halves of ASCII letters)
        even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
        name = "utf-16-le" if odd > even else "utf-16-be"
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            raise FileRefused("unsure_encoding") from None
        if "\x00" not in text:
            return text, name
        raise FileRefused("unsure_encoding")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1256")  # every byte means something in cp1256: judge what it made
    if plausible_persian(text):
        return text, "cp1256"
    raise FileRefused("unsure_encoding")


def _strict(data: bytes, name: str) -> str:
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        raise FileRefused("not_in_encoding", encoding=name, line=_line_of(data, exc.start)) from None
    return text[1:] if text.startswith("\ufeff") else text


# -- reading the table ----------------------------------------------------------------------

def read(text: str, kind: str, encoding: str = "utf-8", progress: Progress | None = None) -> Table:
    """The header row mapped to fields, and each non-empty row with the line it starts on.
    The separator is the one (comma, semicolon or tab) that makes the header row's names known.
    ``progress`` is told (line, lines) after each record."""
    if kind not in KINDS:
        raise ValueError(kind)
    if not text.strip():
        raise FileRefused("empty_file")
    headers = _HEADERS[kind]
    first = text.lstrip("\r\n").splitlines()[0]
    delimiter = max((",", ";", "\t"), key=lambda d: (
        sum(_key(c) in headers for c in next(csv.reader([first], delimiter=d))), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, dict[str, str]]] = []
    refused: list[Refusal] = []
    columns: dict[str, str] = {}
    header: list[str | None] | None = None
    line = 1
    try:
        lines = text.count("\n") + 1
        for record in reader:
            if progress is not None:
                progress(line, lines)
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = _header(record, kind, columns)
                continue
            extra = record[len(header):]
            cells = {name: record[n] if n < len(record) else "" for n, name in enumerate(header) if name is not None}
            unnamed = [n for n, (name, cell) in enumerate(zip(header, record), 1) if name is None and cell.strip()]
            if any(cell.strip() for cell in extra) or unnamed:
                refused.append(Refusal(start, "extra_cells"))
                continue
            rows.append((start, cells))
    except csv.Error:
        raise FileRefused("bad_csv", line=line) from None
    if header is None:
        raise FileRefused("empty_file")
    return Table(kind, encoding, columns, tuple(rows), tuple(refused))


def _header(record: list[str], kind: str, columns: dict[str, str]) -> list[str | None]:
    header: list[str | None] = []
    for cell in record:
        written = normalize_input(cell)
        if not written:
            header.append(None)  # a column without a name (a spreadsheet's trailing comma): must stay empty
            continue
        name = _HEADERS[kind].get(_key(written))
        if name is None:
            raise FileRefused("unknown_column", column=written[:80], known=known_columns(kind))
        if name in columns:
            raise FileRefused("duplicate_column", column=written[:80])
        columns[name] = written
        header.append(name)
    for name in _REQUIRED[kind]:
        if name not in columns:
            raise FileRefused("missing_column", column=_named(kind, name))
    if kind == "groups" and not {"name", "kind"} & set(columns):
        raise FileRefused("missing_column", column=_named(kind, "name"))
    return header


def _named(kind: str, name: str) -> str:
    names = COLUMNS[kind][name]
    return f"{names[0]} ({next(n for n in names if _is_persian(n))})"


# -- the plan -------------------------------------------------------------------------------

LARGEST = 50 * 1024 * 1024  # bytes: 100,000 people with every column take about 15 MB


def read_file(path: str | os.PathLike) -> bytes:
    """The file's bytes, or FileRefused: no_file, unreadable (a folder, no permission, a disk
    error), too_large (megabytes) — a picture or an archive chosen by mistake is not read whole."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise IsADirectoryError(path)  # a folder, a device, a pipe (whose read would wait forever)
        with open(path, "rb") as file:
            data = file.read(LARGEST + 1)
    except FileNotFoundError:
        raise FileRefused("no_file") from None
    except OSError:
        raise FileRefused("unreadable") from None
    if len(data) > LARGEST:
        raise FileRefused("too_large", megabytes=LARGEST // (1024 * 1024))
    return data


def load(data: bytes, kind: str, encoding: str | None = None, progress: Progress | None = None) -> Table:
    text, used = decode(data, encoding)
    return read(text, kind, used, progress)


def plan(conn: sqlite3.Connection, table: Table, progress: Progress | None = None) -> Plan:
    """What importing the table would do to this database, nothing written (run it with
    Store.read: one consistent snapshot). ``progress`` is told after each row (a window shows
    it, and lets its own thread in between rows)."""
    planner = {"people": _PeoplePlan, "services": _ServicePlan, "groups": _GroupPlan}[table.kind](conn, table)
    refused = list(table.refused)
    rows: list[Row] = []
    for done, (line, cells) in enumerate(table.rows, 1):
        try:
            rows.append(planner.row(line, cells))
        except CommandError as exc:
            refused.append(Refusal(line, exc.code, _params(exc.params, table.columns)))
        if progress is not None:
            progress(done, len(table.rows))
    refused.sort(key=lambda r: r.line)
    return Plan(table.kind, table.encoding, table.columns, tuple(rows), tuple(refused))


def _params(params: dict, columns: dict[str, str]) -> dict:
    """A refusal's field as the file's header names it (person.email → "ایمیل")."""
    if "field" not in params:
        return dict(params)
    name = str(params["field"]).rpartition(".")[2]
    return {**params, "field": columns.get(name, name)}


def _checked(entity: str, fields: dict[str, Any], columns: dict[str, str]) -> None:
    """The write path's own value rules (lengths, control characters, stable keys), so the plan
    refuses what the commands would."""
    entity_spec = spec(entity)
    for name, value in fields.items():
        try:
            check_field(entity_spec, name, wire_value(entity_spec.kinds[name], value))
        except MalformedOp as exc:
            raise CommandError(exc.code, **{**exc.params, "field": columns.get(name, exc.params.get("field", name))}) from None


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, bool):
        return bool(old) == new
    return (old if old not in (None, "") else None) == (new if new not in (None, "") else None)


class _Index:
    """Rows of one table found by a key; archived rows left out."""

    def __init__(self) -> None:
        self.found: dict[str, list[str]] = defaultdict(list)

    def add(self, key: str | None, row_id: str) -> None:
        if key:
            self.found[key].append(row_id)

    def one(self, key: str | None, value: str) -> str | None:
        ids = self.found.get(key or "", [])
        if len(ids) > 1:
            raise CommandError("ambiguous", value=value[:80])
        return ids[0] if ids else None


class _Planner:
    entity = ""
    fields: tuple[str, ...] = ()

    def __init__(self, conn: sqlite3.Connection, table: Table) -> None:
        self.conn, self.columns = conn, table.columns
        self.seen: dict[tuple[str, str], int] = {}  # (what, key) -> the line that used it first

    def once(self, line: int, *keys: tuple[str, str | None]) -> None:
        """The same person (service, group) twice in one file: the second row is refused."""
        for key in keys:
            if key[1] and key in self.seen:
                raise CommandError("duplicate_row", line=self.seen[key])
        for key in keys:
            if key[1]:
                self.seen[key] = line

    def diff(self, stored: dict[str, Any] | None, fields: dict[str, Any]) -> dict[str, Any]:
        if stored is None:
            return fields
        return {k: v for k, v in fields.items() if not _same(stored.get(k), v)}


class _PeoplePlan(_Planner):
    entity = "person"
    fields = ("name", "title", "team", "email", "phone", "languages", "organisation", "outside_expert", "external_id")

    def __init__(self, conn: sqlite3.Connection, table: Table) -> None:
        super().__init__(conn, table)
        self.people: dict[str, dict[str, Any]] = {}
        self.by_external, self.by_email, self.by_name = _Index(), _Index(), _Index()
        for row in conn.execute(f"SELECT id, archived, {', '.join(self.fields)} FROM people ORDER BY id"):
            person = dict(zip(("id", "archived", *self.fields), row))
            self.people[person["id"]] = person
            if not person["archived"]:
                self.by_external.add(search_key(person["external_id"]), person["id"])
                self.by_email.add((person["email"] or "").lower(), person["id"])
                self.by_name.add(search_key(person["name"]), person["id"])
        self.groups = _Groups(conn)

    def row(self, line: int, cells: dict[str, str]) -> Row:
        given = {k: v for k, v in cells.items() if k in self.fields}
        if "organisation" in cells:
            given["outside_expert"] = bool(normalize_input(cells["organisation"]))
        fields = directory.person_fields(given)  # the directory's own rules: emails, phones, names
        _checked("person", fields, self.columns)
        external, email = search_key(fields.get("external_id")), fields.get("email") or ""
        name = fields["name"]
        if external:
            found = self.by_external.one(external, fields["external_id"])
            found = found or (self.by_email.one(email, email) if email else None)
            new_id = stable_id("person", "external_id", external)
        elif email:
            found, new_id = self.by_email.one(email, email), stable_id("person", "email", email)
        else:
            found = self.by_name.one(search_key(name), name)
            new_id = stable_id("person", "name", search_key(name))
        person_id = found or new_id
        self.once(line, ("person", person_id), ("external_id", external), ("email", email))
        stored = self.people.get(person_id) if found else None
        groups = self.groups.joined(person_id, cells.get("groups", ""), self.columns)
        changes = self.diff(stored, fields)
        changed = tuple(dict.fromkeys("organisation" if f == "outside_expert" else f for f in changes))
        changed += ("groups",) if groups else ()
        action = "add" if stored is None else "change" if changed else "same"
        return Row(line, action, person_id, name, changes, changed, groups)


class _Groups:
    """Stakeholder groups as the import finds them: a built-in kind's group, a custom group by
    its name; one the file names that does not exist yet gets its stable id, made by the first
    row that joins it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.by_kind: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        self.existing: set[str] = set()
        for group_id, kind, name in conn.execute(
                "SELECT id, kind, name FROM stakeholder_groups WHERE NOT archived ORDER BY id"):
            self.existing.add(group_id)
            if kind == GroupKind.CUSTOM:
                self.by_name.setdefault(_key(name or ""), group_id)
            else:
                self.by_kind.setdefault(kind, group_id)
        self.members = {(g, p) for g, p in conn.execute("SELECT group_id, person_id FROM group_members WHERE NOT archived")}

    def find(self, kind: str, name: str | None) -> tuple[str, bool]:
        """(the group's id, whether it exists)."""
        if kind != GroupKind.CUSTOM:
            group_id = self.by_kind.setdefault(kind, stable_id("group", "kind", kind))
        else:
            group_id = self.by_name.setdefault(_key(name or ""), stable_id("group", "name", _key(name or "")))
        return group_id, group_id in self.existing

    def joined(self, person_id: str, cell: str, columns: dict[str, str]) -> tuple[tuple[str, str, str | None], ...]:
        """The groups a person's cell names that they are not in yet: (id, kind, name)."""
        joined = []
        for word in (normalize_input(w) for w in _LIST.split(cell or "")):
            if not word:
                continue
            kind = _GROUP_KINDS.get(_key(word), GroupKind.CUSTOM.value)
            name = word if kind == GroupKind.CUSTOM else None
            if name is not None:
                _checked("stakeholder_group", {"name": name}, {"name": columns.get("groups", "groups")})
            group_id, _exists = self.find(kind, name)
            if (group_id, person_id) not in self.members and all(g[0] != group_id for g in joined):
                joined.append((group_id, kind, name))
        return tuple(joined)


class _ServicePlan(_Planner):
    entity = "service"
    fields = ("name", "description", "owner_team", "criticality", "sla_sev1", "sla_sev2", "sla_sev3", "sla_sev4",
              "used_by", "external_id")

    def __init__(self, conn: sqlite3.Connection, table: Table) -> None:
        super().__init__(conn, table)
        self.services: dict[str, dict[str, Any]] = {}
        self.by_external, self.by_name = _Index(), _Index()
        for row in conn.execute(f"SELECT id, archived, {', '.join(self.fields)} FROM services ORDER BY id"):
            service = dict(zip(("id", "archived", *self.fields), row))
            self.services[service["id"]] = service
            if not service["archived"]:
                self.by_external.add(search_key(service["external_id"]), service["id"])
                self.by_name.add(_key(service["name"] or ""), service["id"])

    def row(self, line: int, cells: dict[str, str]) -> Row:
        given: dict[str, Any] = {k: v for k, v in cells.items() if k in self.fields}
        if "criticality" in given:
            word = normalize_input(given["criticality"])
            given["criticality"] = _CRITICALITY.get(_key(word)) if word else None
            if word and given["criticality"] is None:
                raise CommandError("unknown_criticality", value=word[:40])
        for name in ("sla_sev1", "sla_sev2", "sla_sev3", "sla_sev4"):
            if name in given:
                given[name] = normalize_input(given[name]) or None
        fields = directory.service_fields(given)  # the catalogue's own rules: names, SLA minutes
        _checked("service", fields, self.columns)
        external, name = search_key(fields.get("external_id")), fields["name"]
        found = self.by_external.one(external, fields.get("external_id") or "") if external else None
        found = found or self.by_name.one(_key(name), name)
        service_id = found or (stable_id("service", "external_id", external) if external
                               else stable_id("service", "name", _key(name)))
        self.once(line, ("service", service_id), ("external_id", external), ("name", _key(name)))
        stored = self.services.get(service_id) if found else None
        changes = self.diff(stored, fields)
        action = "add" if stored is None else "change" if changes else "same"
        return Row(line, action, service_id, name, changes, tuple(changes))


class _GroupPlan(_Planner):
    entity = "stakeholder_group"

    def __init__(self, conn: sqlite3.Connection, table: Table) -> None:
        super().__init__(conn, table)
        self.groups = _Groups(conn)
        self.by_external, self.by_email = _Index(), _Index()
        for person_id, email, external in conn.execute(
                "SELECT id, email, external_id FROM people WHERE NOT archived ORDER BY id"):
            self.by_email.add((email or "").lower(), person_id)
            self.by_external.add(search_key(external), person_id)

    def row(self, line: int, cells: dict[str, str]) -> Row:
        name, word = normalize_input(cells.get("name", "")), normalize_input(cells.get("kind", ""))
        kind = _GROUP_KINDS.get(_key(word)) if word else None
        if word and kind is None:
            raise CommandError("unknown_kind", value=word[:40])
        named_kind = _GROUP_KINDS.get(_key(name)) if name else None
        if kind is None:  # no kind given: a built-in group by its word, else a group of the file's own
            kind = named_kind if named_kind and named_kind != GroupKind.CUSTOM else GroupKind.CUSTOM.value
        if kind == GroupKind.CUSTOM:
            if not name:
                raise CommandError("empty_name")
            _checked("stakeholder_group", {"name": name}, self.columns)
        elif name and named_kind != kind:
            raise CommandError("built_in_group")  # the four built-in groups keep the app's names
        custom = name if kind == GroupKind.CUSTOM else None
        group_id, exists = self.groups.find(kind, custom)
        self.once(line, ("group", group_id))
        members: list[str] = []
        for token in (normalize_input(t) for t in _LIST.split(cells.get("members", ""))):
            if not token:
                continue
            person = (self.by_email.one(token.lower(), token) if "@" in token
                      else self.by_external.one(search_key(token), token))
            if person is None:
                raise CommandError("unknown_member", value=token[:80])
            if (group_id, person) not in self.groups.members and person not in members:
                members.append(person)
        fields = {"kind": kind, "name": custom}
        action = "change" if exists and members else "same" if exists else "add"
        return Row(line, action, group_id, custom or kind, fields if not exists else {},
                   ("members",) if exists and members else (), members=tuple(members))


# -- applying it ----------------------------------------------------------------------------

def import_person(tx: Tx, person_id: str, fields: dict[str, Any], create: bool,
                  groups: Iterable[tuple[str, str, str | None]] = ()) -> str:
    """One row of a people file: the person added (with the id the import gave them) or their
    changed fields, and the groups they join (a group the file names made on first use)."""
    if create:
        directory.add_person(tx, person_id=person_id, **fields)
    elif fields:
        directory.edit_person(tx, person_id, **fields)
    for group_id, kind, name in groups:
        if tx.row("stakeholder_group", group_id) is None:
            directory.add_group(tx, kind, name or "", group_id=group_id)
        directory.add_member(tx, group_id, person_id)
    return person_id


def import_service(tx: Tx, service_id: str, fields: dict[str, Any], create: bool) -> str:
    if create:
        directory.add_service(tx, service_id=service_id, **fields)
    elif fields:
        directory.edit_service(tx, service_id, **fields)
    return service_id


def import_group(tx: Tx, group_id: str, fields: dict[str, Any], create: bool, members: Iterable[str] = ()) -> str:
    if create:
        directory.add_group(tx, fields["kind"], fields.get("name") or "", group_id=group_id)
    for person_id in members:
        directory.add_member(tx, group_id, person_id)
    return group_id


def _command(plan: Plan, row: Row) -> tuple[Callable[..., Any], tuple]:
    create = row.action == "add"
    if plan.kind == "people":
        return import_person, (row.entity_id, row.fields, create, row.groups)
    if plan.kind == "services":
        return import_service, (row.entity_id, row.fields, create)
    return import_group, (row.entity_id, row.fields, create, row.members)


def apply(store: Any, plan: Plan, *, good_rows: bool = False, by: str | None = None,
          progress: Progress | None = None) -> Imported:
    """Writes the plan: each added or changed row one command (one op) through the write path,
    all in one transaction. With refused rows nothing is written (``rows_refused``) unless
    ``good_rows``; a row the database refuses now (changed since the plan) refuses the whole
    import the same way, or is left out with the good rows. ``by``: the operator, when not the
    station's; ``progress``: told after each row of the plan."""
    if plan.refused and not good_rows:
        raise CommandError("rows_refused", count=len(plan.refused))
    refused = list(plan.refused)
    touched: list[tuple[str, str]] = []  # (entity, id): kept flat, not 5,000 Changes for the collector to walk
    incidents: set[str] = set()
    forward: list[Change] = []
    inverse: list[tuple[Change, ...]] = []
    added = changed = 0
    with store.batch() as run:
        for done, row in enumerate(plan.rows):
            if progress is not None:
                progress(done, len(plan.rows))
            if row.action == "same":
                continue
            command, args = _command(plan, row)
            try:
                committed = run(command, *args, by=by)
            except CommandError as exc:
                refusal = Refusal(row.line, exc.code, _params(exc.params, plan.columns))
                if not good_rows:
                    raise RowRefused(refusal) from None
                refused.append(refusal)
                continue
            done_changes = committed.changes
            touched.extend((entity, entity_id) for entity, ids in done_changes.ids.items() for entity_id in ids)
            incidents.update(done_changes.incidents)
            forward.extend(committed.forward)
            inverse.append(committed.inverse)
            added += row.action == "add"
            changed += row.action == "change"
    refused.sort(key=lambda r: r.line)
    return Imported(added, changed, tuple(refused), Changes.of(touched, incidents), tuple(forward),
                    tuple(change for row in reversed(inverse) for change in row))


class RowRefused(CommandError):
    """A row the database refused while the import was written: nothing was written."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__("row_refused", line=refusal.line)
        self.refusal = refusal

