"""The one entry point: ``crisisroom`` starts the GUI; subcommands serve scripts, tests and admins.

Every command takes --db and --lang; messages and help come in the chosen language.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from desktop import __version__, i18n
from desktop.text.display import fill



def _argparse_words() -> dict[str, str]:
    """argparse's own words, translated (it asks gettext for them)."""
    return {
        "usage: ": QCoreApplication.translate("cli", "usage: "), "options": QCoreApplication.translate("cli", "options"),
        "positional arguments": QCoreApplication.translate("cli", "positional arguments"),
        "show this help message and exit": QCoreApplication.translate("cli", "show this help message and exit"),
        "%(prog)s: error: %(message)s\n": QCoreApplication.translate("cli", "%(prog)s: error: %(message)s\n"),
        "invalid choice: %(value)r (choose from %(choices)s)":
            QCoreApplication.translate("cli", "invalid choice: %(value)r (choose from %(choices)s)"),
        "the following arguments are required: %s": QCoreApplication.translate("cli", "the following arguments are required: %s"),
        "unrecognized arguments: %s": QCoreApplication.translate("cli", "unrecognized arguments: %s"),
        "expected one argument": QCoreApplication.translate("cli", "expected one argument"),
        "argument %(argument_name)s: %(message)s": QCoreApplication.translate("cli", "argument %(argument_name)s: %(message)s"),
        "invalid %(type)s value: %(value)r": QCoreApplication.translate("cli", "invalid %(type)s value: %(value)r"),
    }


def _whole(text: str) -> int:
    from desktop.text.normalize import parse_int

    try:
        return parse_int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(fill(QCoreApplication.translate("cli", "not a whole number: %1"),
                                              text)) from None


def _number(text: str) -> int:
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(fill(QCoreApplication.translate("cli", "must be at least 1: %1"), text))
    return value


MAX_SCALE = 1000  # about 10,000 incidents and ten minutes of work; more is not a demo


def _scale(text: str) -> int:
    """--scale: checked before the database is opened, so a refused value leaves nothing behind."""
    value = _number(text)
    if value > MAX_SCALE:
        from desktop import labels

        raise argparse.ArgumentTypeError(fill(QCoreApplication.translate(
            "cli", "the scale is at most %1 (about %2 incidents): %3"), labels.number(MAX_SCALE),
            labels.number(MAX_SCALE * 10), text))
    return value


MAX_SIZE = (7680, 4320)  # 8K: every view lays out at this size and the image stays well under Qt's limit


def _size(text: str) -> tuple[int, int]:
    from desktop.text.normalize import parse_int

    try:
        width, height = (parse_int(part) for part in text.lower().replace("×", "x").split("x"))
        if width < 1 or height < 1:
            raise ValueError(text)
    except ValueError:
        raise argparse.ArgumentTypeError(fill(QCoreApplication.translate("cli", "size must look like 1920x1080: %1"),
                                              text)) from None
    if max(width, height) > MAX_SIZE[0] or width * height > MAX_SIZE[0] * MAX_SIZE[1]:
        from desktop import i18n
        from desktop.text.display import digits

        largest = digits(f"{MAX_SIZE[0]}×{MAX_SIZE[1]}", i18n.current())
        raise argparse.ArgumentTypeError(fill(QCoreApplication.translate(
            "cli", "the size %1 is too large for a screenshot: at most %2 pixels (or %3 upright)"), text, largest,
            digits(f"{MAX_SIZE[1]}×{MAX_SIZE[0]}", i18n.current())))
    return width, height


def _smtp_address(text: str) -> tuple[str, int]:
    """HOST:PORT (HOST alone: port 25; an IPv6 address in brackets)."""
    from desktop.text.normalize import parse_int

    host, colon, port = text.strip().rpartition(":")
    if not colon or "]" in port:
        host, port = text.strip(), "25"
    try:
        number = parse_int(port)
    except ValueError:
        number = 0
    host = host.strip("[]")
    if not host or not 0 < number < 65536:
        raise argparse.ArgumentTypeError(fill(QCoreApplication.translate(
            "cli", "a mail server looks like HOST:PORT, e.g. mail.example.org:25: %1"), text))
    return host, number


def _peek(argv: list[str], option: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == option and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(option + "="):
            return arg.split("=", 1)[1]
    return None


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS,
                        help=QCoreApplication.translate("cli", "station database file (default: the platform's data folder)"))
    common.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS,
                        help=QCoreApplication.translate("cli", "language of the interface and messages (default: fa)"))
    parser = argparse.ArgumentParser(
        prog="crisisroom", parents=[common],
        description=QCoreApplication.translate("cli", "Crisis Room: run the crisis room during a major incident. "
                              "Without a command, starts the application."))
    # argparse (3.11) never asks _() for the version action's help: it is given in words here.
    parser.add_argument("--version", action="version", version=f"crisisroom {__version__}",
                        help=QCoreApplication.translate("cli", "show program's version number and exit"))
    parser.add_argument("--wall", action="store_true",
                        help=QCoreApplication.translate("cli", "start as the wall display: full screen, read only"))
    # Any whole number: one with no screen behind it (a monitor unplugged) shows the wall on the primary.
    parser.add_argument("--screen", type=_whole, metavar="N", help=QCoreApplication.translate(
        "cli", "with --wall: the screen to fill, 0 the primary (default: the station's wall setting)"))
    parser.set_defaults(func=_gui)
    commands = parser.add_subparsers(title=QCoreApplication.translate("cli", "commands"), metavar="COMMAND")

    demo = commands.add_parser("demo", parents=[common], help=QCoreApplication.translate("cli", "fill a new database with demo data"))
    demo.add_argument("--scale", type=_scale, default=1,
                      help=QCoreApplication.translate("cli", "size of the data: 1 is about eight incidents, 100 about a thousand"))
    demo.set_defaults(func=_demo)

    init = commands.add_parser("init", parents=[common], help=QCoreApplication.translate(
        "cli", "create an empty station for a new organisation"))
    init.add_argument("--station", required=True, metavar="NAME",
                      help=QCoreApplication.translate("cli", "the station's name, e.g. the room or laptop it runs on"))
    init.add_argument("--code", required=True, help=QCoreApplication.translate(
        "cli", "the short code in front of this station's incident references, e.g. HQ"))
    init.add_argument("--kind", choices=("coordinator", "field", "wall"), default="coordinator",
                      help=QCoreApplication.translate("cli", "what the station is (default: coordinator)"))
    init.add_argument("--operator", required=True, metavar="FULL_NAME", help=QCoreApplication.translate(
        "cli", "who is operating the station: the first person in its directory"))
    init.set_defaults(func=_init)

    imports = commands.add_parser("import", parents=[common], help=QCoreApplication.translate(
        "cli", "import people, services or stakeholder groups from a CSV file"))
    imports.add_argument("what", choices=("people", "services", "groups"),
                         help=QCoreApplication.translate("cli", "what the file lists"))
    imports.add_argument("file", type=Path, metavar="FILE.csv", help=QCoreApplication.translate(
        "cli", "the CSV file; its first row names the columns (see the README)"))
    imports.add_argument("--good-rows", action="store_true", help=QCoreApplication.translate(
        "cli", "import the good rows even when others are refused (default: all or nothing)"))
    imports.add_argument("--dry-run", action="store_true",
                         help=QCoreApplication.translate("cli", "say what would be imported; write nothing"))
    imports.add_argument("--encoding", metavar="NAME", help=QCoreApplication.translate(
        "cli", "the file's encoding when it cannot be told, e.g. cp1256 (Windows Persian)"))
    imports.add_argument("--by", metavar="PERSON", help=QCoreApplication.translate(
        "cli", "who imports: a name in the directory or a person's id (default: this station's operator)"))
    imports.set_defaults(func=_import)

    export = commands.add_parser("export", parents=[common], help=QCoreApplication.translate("cli", "print all shared data as canonical JSON"))
    export.add_argument("--format", choices=("json",), default="json", help=QCoreApplication.translate("cli", "output format"))
    export.add_argument("--out", type=Path, help=QCoreApplication.translate("cli", "write to this file instead of standard output"))
    export.set_defaults(func=_export)

    figures = commands.add_parser("metrics", parents=[common], help=QCoreApplication.translate(
        "cli", "MTTA, MTTR, how many major incidents and how often, for a period"))
    figures.add_argument("--from", dest="first", metavar="DATE", help=QCoreApplication.translate(
        "cli", "the first day, Jalali (1405/09/01) or Gregorian (2026-11-22), digits in any script"))
    figures.add_argument("--to", dest="last", metavar="DATE", help=QCoreApplication.translate(
        "cli", "the last day, included (without dates: all time)"))
    figures.add_argument("--format", choices=("json", "csv"), default="json",
                         help=QCoreApplication.translate("cli", "output format"))
    figures.add_argument("--incidents", action="store_true", help=QCoreApplication.translate(
        "cli", "with csv: the incidents behind the figures instead of the figures"))
    figures.add_argument("--out", type=Path, help=QCoreApplication.translate("cli", "write to this file instead of standard output"))
    figures.set_defaults(func=_metrics)

    pdf = commands.add_parser("export-postmortem", parents=[common],
                              help=QCoreApplication.translate("cli", "write an incident's postmortem as PDF"))
    pdf.add_argument("incident", metavar="INCIDENT",
                     help=QCoreApplication.translate("cli", "the incident's id or reference, e.g. INC-HQ-1405-0001"))
    pdf.add_argument("--out", type=Path, required=True, help=QCoreApplication.translate("cli", "the PDF file to write"))
    pdf.add_argument("--pinned-only", action="store_true",
                     help=QCoreApplication.translate("cli", "only pinned timeline entries"))
    pdf.set_defaults(func=_export_postmortem)

    monthly = commands.add_parser("metrics-report", parents=[common], help=QCoreApplication.translate(
        "cli", "write a month's major-incident report as PDF"))
    monthly.add_argument("--month", metavar="YYYY/MM", help=QCoreApplication.translate(
        "cli", "the month, Jalali (1405/08) or Gregorian (2026/11), digits in any script (default: the last full month)"))
    monthly.add_argument("--out", type=Path, required=True, help=QCoreApplication.translate("cli", "the PDF file to write"))
    monthly.set_defaults(func=_metrics_report)

    move = commands.add_parser("move", parents=[common],
                               help=QCoreApplication.translate("cli", "move an incident through its lifecycle"))
    move.add_argument("incident", metavar="INCIDENT",
                      help=QCoreApplication.translate("cli", "the incident's id or reference, e.g. INC-HQ-1405-0001"))
    from desktop.services.lifecycle import TARGETS  # the statuses a move can lead to (keys only, no Qt)

    move.add_argument("target", choices=(*(status.value for status in TARGETS), "acknowledged"),
                      help=QCoreApplication.translate("cli", "the new status, or acknowledged"))
    move.add_argument("--change", metavar="CHANGE_ID",
                      help=QCoreApplication.translate("cli", "the change record that carried the fix (with resolved)"))
    move.add_argument("--by", metavar="PERSON", help=QCoreApplication.translate(
        "cli", "who makes the move: a name in the directory or a person's id (default: this station's operator)"))
    move.set_defaults(func=_move)

    hub_cmd = commands.add_parser("hub", parents=[common], help=QCoreApplication.translate("cli", "administer the sync hub"))
    hub_actions = hub_cmd.add_subparsers(title=QCoreApplication.translate("cli", "commands"), metavar="ACTION", required=True)
    for action, text in (("init", QCoreApplication.translate("cli", "create or update the hub's schema")),
                         ("add-station", QCoreApplication.translate("cli", "create a station's login; prints its URL last")),
                         ("revoke-station", QCoreApplication.translate("cli", "stop a lost station from connecting"))):
        sub = hub_actions.add_parser(action, parents=[common], help=text)
        if action != "init":
            sub.add_argument("station", metavar="NAME", help=QCoreApplication.translate("cli", "the station's name"))
        sub.add_argument("--url", required=True, help=QCoreApplication.translate("cli", "the hub's administrator URL"))
        sub.set_defaults(func=_hub, action=action)

    sync_cmd = commands.add_parser("sync", parents=[common], help=QCoreApplication.translate(
        "cli", "sync with the hub (with no database yet: a new, empty station joins the hub)"))
    sync_cmd.add_argument("--hub", help=QCoreApplication.translate(
        "cli", "this station's hub URL (remembered for this database; the password goes to the keyring)"))
    sync_cmd.add_argument("--password-stdin", action="store_true",
                          help=QCoreApplication.translate("cli", "read the hub's password from standard input "
                                                          "(never on the command line, where others can see it)"))
    sync_cmd.add_argument("--once", action="store_true",
                          help=QCoreApplication.translate("cli", "one round, then exit (default: keep syncing)"))
    sync_cmd.set_defaults(func=_sync)

    notify = commands.add_parser("notify", parents=[common], help=QCoreApplication.translate(
        "cli", "deliver the stakeholder messages this station queued, or say how delivery stands"))
    notify_actions = notify.add_subparsers(title=QCoreApplication.translate("cli", "commands"), metavar="ACTION",
                                           required=True)
    send = notify_actions.add_parser("send", parents=[common], help=QCoreApplication.translate(
        "cli", "send the email this station queued; exit status 1 when any could not be sent now"))
    send.add_argument("--smtp", metavar="HOST:PORT", type=_smtp_address, help=QCoreApplication.translate(
        "cli", "this mail server, without encryption or login (default: the station's mail settings)"))
    send.add_argument("--from", dest="sender", metavar="ADDRESS", help=QCoreApplication.translate(
        "cli", "the sender's address (default: the station's mail settings)"))
    send.set_defaults(func=_notify_send)
    state = notify_actions.add_parser("status", parents=[common], help=QCoreApplication.translate(
        "cli", "count recipients by delivery state and list the latest messages"))
    state.set_defaults(func=_notify_status)

    shot = commands.add_parser("screenshot", parents=[common], help=QCoreApplication.translate("cli", "render a view to a PNG file"))
    shot.add_argument("--view", choices=("board", "incident", "team", "tasks", "timeline", "comms", "directory", "teams", "wall", "sync-hub", "station", "welcome", "problem", "change", "review", "follow-ups", "all-tasks", "metrics"), default="board",
                      help=QCoreApplication.translate("cli", "which view to render"))
    shot.add_argument("--page", choices=("overview", "focus", "metrics"), default="overview",
                      help=QCoreApplication.translate("cli", "with --view wall: the page (focus: the first critical "
                                                      "incident's; metrics: this month against the last)"))
    shot.add_argument("--size", type=_size, default=(1920, 1080), help=QCoreApplication.translate("cli", "window size, e.g. 1920x1080"))
    shot.add_argument("--out", type=Path, required=True, help=QCoreApplication.translate("cli", "the PNG file to write"))
    shot.set_defaults(func=_screenshot)
    return parser


def _fail(message: str, code: int = 2) -> int:
    print(fill(QCoreApplication.translate("cli", "crisisroom: %1"), message), file=sys.stderr)
    return code


def _log(message: str, exc: BaseException) -> None:
    """The raw detail of a failure (errno, traceback) goes to crisisroom.log, not to the person."""
    import logging

    from desktop.log_file import log_to_file

    log_to_file()
    logging.getLogger("crisisroom.cli").error(message, exc_info=exc)


def _os_failure(exc: OSError, path: Path | str | None) -> int:
    """A file that could not be written (or read), worded for the person, detail in the log."""
    from desktop import labels
    from desktop.files import error_code

    _log(f"cannot write {path}", exc)
    return _fail(labels.error(error_code(exc), {"path": str(path or exc.filename or "")}))


class _Refused(Exception):
    """Bad input worded for the user: main prints it and exits with 2."""


def _open_store(db: Path, readonly: bool = False):  # noqa: ANN202 - Store, imported late to keep --help fast
    from desktop.db import open_database, open_read_only
    from desktop.services.store import Store

    if readonly:  # reading commands change nothing: no migration, no journal switch, no write lock
        return Store(open_read_only(db), readonly=True)
    return Store(open_database(db))


def _existing(db: Path) -> Path:
    if not db.exists():  # reading must not create an empty station database
        raise _Refused(fill(QCoreApplication.translate("cli", "no database at %1"), str(db)))
    return db


def _read(db: Path, query, *args):  # noqa: ANN001, ANN002, ANN202
    """One read from an existing station database, which is left exactly as it was."""
    store = _open_store(_existing(db), readonly=True)
    try:
        return store.read(query, *args)
    finally:
        store.close()


def _gui(args: argparse.Namespace) -> int:
    from desktop.app import run_gui

    return run_gui(getattr(args, "db", None), getattr(args, "lang", None), wall=getattr(args, "wall", False),
                   screen=getattr(args, "screen", None))


def _demo(args: argparse.Namespace) -> int:
    from desktop.services import demo, queries

    store = _open_store(args.db)
    try:
        if store.read(queries.incident_count):
            return _fail(QCoreApplication.translate("cli", "the database already has incidents; demo data goes into a new one"))

        from desktop import labels

        if not store.station.demo and store.read(lambda c: c.execute("SELECT 1 FROM people LIMIT 1").fetchone()):
            return _fail(labels.error("station_exists", {"path": str(args.db)}))  # a real station's directory

        def progress(done: int, total: int) -> None:
            print(fill(QCoreApplication.translate("cli", "demo: %1 of %2 incidents"), labels.number(done),
                       labels.number(total)), file=sys.stderr)

        demo.generate(store, scale=args.scale, progress=progress if args.scale > 1 else None)
    finally:
        store.close()
    print(fill(QCoreApplication.translate("cli", "Demo data written to %1"), str(args.db)))
    return 0


def _init(args: argparse.Namespace) -> int:
    """A new organisation's first station: empty, its operator the first person in it."""
    from desktop.services import setup

    store = setup.new_organisation(args.db, station=args.station, code=args.code, operator=args.operator,
                                   kind=args.kind)  # refusals (a database already there, a bad code…) are worded by main
    try:
        station = store.station
    finally:
        store.close()
    print(fill(QCoreApplication.translate("cli", "Station %1 (%2) is ready at %3, operated by %4."),
               station.name, station.short_code, str(args.db), " ".join(args.operator.split())))
    return 0


def _import(args: argparse.Namespace) -> int:
    """Plans the import, says row by row what it adds, updates and refuses, then writes it all
    (or, with --good-rows, the good rows) — or nothing, exit status 2, when a row was refused."""
    from desktop import labels
    from desktop.services import csv_import

    try:
        data = args.file.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return _fail(fill(QCoreApplication.translate("cli", "no file at %1"), str(args.file)))
    try:
        table = csv_import.load(data, args.what, args.encoding)
    except csv_import.FileRefused as exc:
        if exc.code in ("unsure_encoding", "not_in_encoding"):
            print(labels.import_problem(exc.code, exc.params), file=sys.stderr)
            return _fail(QCoreApplication.translate("cli", "give the encoding with --encoding, e.g. --encoding cp1256"))
        return _fail(labels.import_problem(exc.code, exc.params))
    store = _open_store(_existing(args.db), readonly=args.dry_run)
    try:
        plan = store.read(csv_import.plan, table)
        _say_plan(plan)
        counts = (len(plan.added), len(plan.changed), len(plan.unchanged), len(plan.refused))
        if args.dry_run or (plan.refused and not args.good_rows) or not (plan.added or plan.changed):
            if plan.refused and not args.dry_run and not args.good_rows:
                print(labels.import_problem("rows_refused", {"count": len(plan.refused)}), file=sys.stderr)
            print(fill(QCoreApplication.translate(
                "cli", "Nothing was written: %1 to add, %2 to update, %3 unchanged, %4 refused."),
                *(labels.number(n) for n in counts)))
            return 2 if plan.refused else 0
        by = _operator(store, args.by)
        done = csv_import.apply(store, plan, good_rows=args.good_rows, by=by)
    except csv_import.RowRefused as exc:
        _say_refusal(exc.refusal)
        return _fail(labels.import_problem(exc.code, exc.params))
    finally:
        store.close()
    for refusal in done.refused[len(plan.refused):]:  # rows the database refused as they were written
        _say_refusal(refusal)
    print(fill(QCoreApplication.translate("cli", "Imported: %1 added, %2 updated, %3 unchanged, %4 refused."),
               labels.number(done.added), labels.number(done.changed), labels.number(len(plan.unchanged)),
               labels.number(len(done.refused))))
    return 0


def _say_plan(plan) -> None:  # noqa: ANN001 - a csv_import.Plan
    """Each row the import adds or updates (with the columns that change), and each refusal with
    its line, in the user's language and digits."""
    from desktop import labels

    separator = QCoreApplication.translate("cli", ", ")
    for row in plan.rows:
        if row.action == "add":
            print(fill(QCoreApplication.translate("cli", "line %1: add %2"), labels.line_number(row.line), row.name))
        elif row.action == "change":
            print(fill(QCoreApplication.translate("cli", "line %1: update %2 (%3)"), labels.line_number(row.line), row.name,
                       separator.join(plan.column(name) for name in row.changed)))
    for refusal in plan.refused:
        _say_refusal(refusal)


def _say_refusal(refusal) -> None:  # noqa: ANN001 - a csv_import.Refusal
    from desktop import labels

    print(fill(QCoreApplication.translate("cli", "line %1: %2"), labels.line_number(refusal.line),
               labels.import_problem(refusal.code, refusal.params)), file=sys.stderr)


def _export(args: argparse.Namespace) -> int:
    from desktop.services.export import to_json

    text = _read(args.db, to_json)
    if args.out:
        from desktop.files import write_atomically

        try:
            write_atomically(args.out, text.encode())
        except OSError as exc:
            return _os_failure(exc, args.out)
    else:
        sys.stdout.write(text)
    return 0


def _metrics(args: argparse.Namespace) -> int:
    import json

    from desktop.services import metrics
    from desktop.text.calendar import utcnow

    try:
        period = metrics.between(args.first, args.last)
    except metrics.BadPeriod as exc:
        words = {"bad_date": QCoreApplication.translate(
                     "cli", "%1 is not a date: type year/month/day, Jalali (1405/09/01) or Gregorian (2026-11-22)"),
                 "range_backwards": QCoreApplication.translate("cli", "the period ends before it starts: %1")}
        return _fail(fill(words[exc.code], exc.text))
    lang = args.lang or "fa"
    found = _read(args.db, metrics.report, period, utcnow(), "jalali" if lang == "fa" else "gregorian")
    if args.format == "json":
        data = json.dumps(metrics.as_json(found), ensure_ascii=False, indent=2).encode() + b"\n"
    else:
        from desktop.formatting import Formatter

        from desktop import labels

        words = _metric_words()

        def label(kind: str, key: str) -> str:
            return labels.severity(key) if kind == "severity" else labels.status(key)

        rows = (metrics.incident_csv_rows(found, words.__getitem__, Formatter(lang).datetime, label=label)
                if args.incidents else metrics.csv_rows(found, words.__getitem__, label=label))
        data = metrics.to_csv(rows)
    if args.out:
        from desktop.files import write_atomically

        try:
            write_atomically(args.out, data)
        except OSError as exc:
            return _os_failure(exc, args.out)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _metric_words() -> dict[str, str]:
    """The CSV's headers and group names in the language of the command (each call written out:
    lupdate finds only literal strings)."""
    return {"group": QCoreApplication.translate("metrics", "Group"), "name": QCoreApplication.translate("metrics", "Name"), "count": QCoreApplication.translate("metrics", "Major incidents"),
            "mtta": QCoreApplication.translate("metrics", "MTTA (s)"), "mttr": QCoreApplication.translate("metrics", "MTTR (s)"),
            "mtbmi": QCoreApplication.translate("metrics", "Mean time between (s)"), "sla_breaches": QCoreApplication.translate("metrics", "SLA breaches"),
            "previous_count": QCoreApplication.translate("metrics", "Previous period: major incidents"),
            "previous_mttr": QCoreApplication.translate("metrics", "Previous period: MTTR (s)"), "overall": QCoreApplication.translate("metrics", "All"),
            "service": QCoreApplication.translate("metrics", "Service"), "severity": QCoreApplication.translate("metrics", "Severity"),
            "commander": QCoreApplication.translate("metrics", "Commander"), "none": QCoreApplication.translate("metrics", "(none)"),
            "ref": QCoreApplication.translate("metrics", "Reference"), "title": QCoreApplication.translate("metrics", "Title"), "status": QCoreApplication.translate("metrics", "Status"),
            "declared": QCoreApplication.translate("metrics", "Declared"), "declared_iso": QCoreApplication.translate("metrics", "Declared (UTC, ISO 8601)"),
            "tta": QCoreApplication.translate("metrics", "Time to acknowledge (s)"), "ttr": QCoreApplication.translate("metrics", "Time to resolve (s)"),
            "services": QCoreApplication.translate("metrics", "Services")}


def _export_postmortem(args: argparse.Namespace) -> int:
    from desktop.reports import data, postmortem
    from desktop.labels import QtWords

    try:
        found = _read(args.db, data.load, args.incident)
    except data.UnknownIncident:
        return _fail(fill(QCoreApplication.translate("cli", "no incident with the id or reference %1"), args.incident))

    def write() -> int:
        from desktop.settings import Settings
        from desktop.text.display import DisplayFormat

        display = DisplayFormat.from_settings(args.lang or "fa", Settings())  # the user's calendar and zone
        return postmortem.write(found, QtWords(), args.out, pinned_only=args.pinned_only, display=display)

    return _report(f"postmortem of {args.incident}", args.out, "report_failed",
                   QCoreApplication.translate("cli", "Postmortem written to %1 (%2 pages)"), write)


def _report(what: str, out: Path, failed: str, written: str, write: Callable[[], int]) -> int:
    """Runs ``write`` (a PDF report to ``out``) and says how it went: ``written`` (%1 the path, %2
    the pages), a refusal in words (ReportError), or ``failed``'s words for anything else — never
    a traceback (the detail goes to the log)."""
    from desktop import labels
    from desktop.reports.postmortem import ReportError

    try:
        pages = write()
    except ReportError as exc:
        return _report_refused(what, exc)
    except Exception as exc:  # noqa: BLE001 - a report that cannot be made is said, never a traceback
        _log(f"{what} to {out} failed", exc)
        return _fail(labels.error(failed, {"path": str(out)}), code=1)
    print(fill(written, str(out), labels.number(pages)))
    return 0


def _report_refused(what: str, exc) -> int:  # noqa: ANN001 - a reports.postmortem.ReportError
    """A PDF that could not be written where asked, worded for the person, detail in the log."""
    from desktop import labels

    if exc.code == "not_regular":
        return _fail(labels.error(exc.code, {"path": exc.detail}))
    _log(f"{what} to {exc.path}: {exc.code}", exc.__cause__ or exc)
    return _fail(labels.error(exc.code, {"path": str(exc.path)}))


def _metrics_report(args: argparse.Namespace) -> int:
    """The monthly report PDF, with no window: the month asked for (or the last full one)."""
    from desktop.labels import QtWords
    from desktop.reports import monthly
    from desktop.services.metrics import BadPeriod
    from desktop.settings import Settings
    from desktop.text.calendar import utcnow
    from desktop.text.display import DisplayFormat

    display = DisplayFormat.from_settings(args.lang or "fa", Settings())  # the user's calendar and zone
    now = utcnow()
    try:
        month = (monthly.read_month(args.month, display.timezone) if args.month
                 else monthly.last_full_month(now, display.primary_calendar, display.timezone))
    except BadPeriod:
        return _fail(fill(QCoreApplication.translate(
            "cli", "%1 is not a month: type year/month, Jalali (1405/08) or Gregorian (2026/11)"), args.month))
    found = _read(args.db, monthly.load, month, now, display.timezone)
    return _report(f"monthly report of {args.month}", args.out, "monthly_failed",
                   QCoreApplication.translate("cli", "Monthly report written to %1 (%2 pages)"),
                   lambda: monthly.write(found, QtWords(), args.out, display=display))


def _move(args: argparse.Namespace) -> int:
    """A lifecycle move from the command line. The command decides; a refusal is worded here,
    in the user's language (a forbidden move names where from and where to)."""
    from desktop.reports.data import UnknownIncident, find_incident
    from desktop.services import incidents
    from desktop.services.errors import CommandError
    from desktop import labels

    store = _open_store(_existing(args.db))
    try:
        try:
            incident_id = store.read(find_incident, args.incident)
        except UnknownIncident:
            return _fail(fill(QCoreApplication.translate("cli", "no incident with the id or reference %1"),
                              args.incident))
        by = _operator(store, args.by)
        try:
            if args.target == "acknowledged":
                store.run(incidents.acknowledge, incident_id, by=by)
            else:
                store.run(incidents.move, incident_id, args.target, args.change, by=by)
        except CommandError as exc:
            if exc.code != "forbidden_move":
                return _fail(labels.error(exc.code, exc.params))
            return _fail(fill(QCoreApplication.translate("cli", "%1 cannot go from %2 to %3."), args.incident,
                              labels.status(exc.params["current"]), labels.status(exc.params["target"])))
    finally:
        store.close()
    now = labels.status(args.target) if args.target != "acknowledged" else QCoreApplication.translate("cli", "acknowledged")
    print(fill(QCoreApplication.translate("cli", "%1 is now %2."), args.incident, now))
    return 0


def _operator(store, named: str | None) -> str | None:  # noqa: ANN001 - a Store
    """Who an edit from the command line is by: ``--by``, else the station's operator; never
    nobody (every op names its author)."""
    from desktop.services import queries

    if named is None:
        if store.station.operator_id is None and not store.readonly:
            raise _Refused(QCoreApplication.translate(
                "cli", "no one is operating this station: give --by with your name as in the directory, or "
                "choose the operator in the app (File ▸ This station)"))
        return None
    found = store.read(queries.people_named, named)
    if len(found) != 1:
        raise _Refused(fill(QCoreApplication.translate("cli", "no one in the directory is named %1") if not found else
                            QCoreApplication.translate("cli", "several people are named %1: give the person's id"),
                            named))
    return found[0]


def _hub(args: argparse.Namespace) -> int:
    import psycopg

    from desktop.sync import hub

    try:
        if args.action == "init":
            open_to_all = hub.init(args.url)
            print(QCoreApplication.translate("cli", "The hub is ready."))
            if open_to_all:
                print(fill(QCoreApplication.translate(
                    "cli", "These databases on the server accept any login, the stations' too: %1. Close them "
                    "with “REVOKE CONNECT ON DATABASE name FROM PUBLIC” or in pg_hba.conf."), ", ".join(open_to_all)),
                      file=sys.stderr)
        elif args.action == "add-station":
            url = hub.add_station(args.url, args.station)
            print(fill(QCoreApplication.translate("cli", "Station %1 can sync with:"), args.station))
            print(url)
        else:
            hub.revoke_station(args.url, args.station)
            print(fill(QCoreApplication.translate("cli", "Station %1 can no longer connect."), args.station))
    except hub.HubAdminError as exc:
        return _fail(fill({
            "no_station": QCoreApplication.translate("cli", "the station's name is empty"),
            "long_station": QCoreApplication.translate("cli", "a station name is at most 30 characters: %1"),
            "bad_station": QCoreApplication.translate(
                "cli", "a station name is lower-case Latin letters, digits and _, starting with a letter: %1"),
            "role_taken": QCoreApplication.translate(
                "cli", "the server already has a login %1 that this hub did not create; choose another station name"),
            "unknown_station": QCoreApplication.translate("cli", "this hub has no station %1"),
        }[exc.code], str(exc)))
    except psycopg.Error as exc:
        from desktop import labels
        from desktop.sync.client import explain

        logging.getLogger("crisisroom.sync").warning("hub %s failed: %s", args.action, exc)
        return _fail(labels.hub_refusal(*explain(exc, args.url)))
    return 0


def _sync(args: argparse.Namespace) -> int:
    """One round (--once), or a round on every notification from the hub, at least every 10 s."""
    import psycopg

    from desktop.sync import credentials
    from desktop import labels
    from desktop.sync.client import HubRefused, HubUnavailable, explain, sync_once

    joining = not args.db.exists() or args.db.stat().st_size == 0
    if joining:  # the headless way to join: an empty station that takes everything from the hub
        if not args.hub:
            raise _Refused(fill(QCoreApplication.translate(
                "cli", "no database at %1: give --hub to join a hub with a new, empty station there"), str(args.db)))
        from desktop.services import setup

        store = setup.joining(args.db)
    else:
        store = _open_store(args.db)
    if store.station.demo:  # said before the hub's address or password is kept anywhere
        store.close()
        return _fail(labels.hub_refusal("demo"))
    try:
        given, remembered = args.hub, None
        if args.password_stdin and (given or store.hub_url()):
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise _Refused(QCoreApplication.translate("cli", "no password came on standard input"))
            given = psycopg.conninfo.make_conninfo(given or store.hub_url(), password=password)
        if given:
            remembered = credentials.strip(given)  # the password to the keyring or 0600 file
            store.remember_hub(remembered)
    except psycopg.ProgrammingError:
        _close(store, discard=joining)
        # libpq quotes what it could not read, password and all: say what is wrong, never what was given.
        return _fail(QCoreApplication.translate(
            "cli", "the hub URL is not valid; it looks like postgresql://STATION:PASSWORD@HOST:PORT/DATABASE"))
    except BaseException:
        _close(store, discard=joining)
        raise
    if not args.once and remembered and _on_command_line(args.hub):
        store.close()
        _restart_with(args.hub, remembered)
    hub_url = store.hub_url()
    if not hub_url:
        _close(store, discard=joining)
        return _fail(QCoreApplication.translate("cli", "no hub is set for this database: give --hub once"))
    met = False  # a station made here that never met its hub is removed: the person tries again
    try:
        while True:
            try:
                result = sync_once(store, hub_url)
            except HubUnavailable as exc:
                logging.getLogger("crisisroom.sync").warning("the hub cannot be reached: %s", exc)
                if args.once:
                    return _fail(labels.hub_refusal(*explain(exc, hub_url)))
                result = None
            except HubRefused as exc:
                return _fail(labels.hub_refusal(exc.code, exc.params))
            if result is not None:
                if joining and not met:
                    print(fill(QCoreApplication.translate("cli", "A new station at %1 joined the hub."), str(args.db)))
                met = True
                _say_round(result)
            if args.once:
                return 0
            _wait_for_hub(credentials.with_password(hub_url), seconds=10)
    finally:
        _close(store, discard=joining and not met)


def _close(store, discard: bool = False) -> None:  # noqa: ANN001 - a Store
    """Closes a store; ``discard``: it was made by this command and holds nothing yet."""
    store.close()
    if discard:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{store.path}{suffix}").unlink(missing_ok=True)


def _say_round(result) -> None:  # noqa: ANN001 - a SyncResult
    """What a round did, and each op held or refused, once, by its position."""
    from desktop import labels

    print(fill(QCoreApplication.translate("cli", "sent %1, received %2"), labels.number(result.pushed),
               labels.number(result.pulled)), flush=True)
    if result.recovered:
        print(fill(QCoreApplication.translate("cli", "got back %1 of this station's own edits from the hub (the database "
                                         "had been restored from a backup)"), labels.number(result.recovered)))
    for op in result.quarantined:
        text = (QCoreApplication.translate("cli", "held the edit at hub position %1: %2") if op.state == "held"
                else QCoreApplication.translate("cli", "refused the edit at hub position %1: %2"))
        print(fill(text, labels.number(op.seq), labels.op_refusal(op.code, op.params)),
              file=sys.stderr)
    for seq, reason in result.refused_own:
        print(fill(QCoreApplication.translate("cli", "the hub refused this station's edit number %1: %2"),
                   labels.number(seq), labels.op_refusal(reason)), file=sys.stderr)


def _on_command_line(url: str | None) -> bool:
    """Whether ``url`` carries a password this process was started with (``ps`` shows it)."""
    import psycopg

    return bool(url and psycopg.conninfo.conninfo_to_dict(url).get("password")
                and any(url in a for a in sys.orig_argv))


def _restart_with(url: str, stripped: str) -> None:
    """Runs this very command again, the hub URL without its password (stored by now), so a
    long-running sync never shows the password to ``ps``. Same process id; never returns."""
    import os

    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, *(a.replace(url, stripped) for a in sys.orig_argv[1:])])


def _wait_for_hub(url: str, seconds: float) -> None:
    """Until the hub says new ops arrived (a hint only: the pull carries the data), or the timeout."""
    import time

    import psycopg

    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            conn.execute("LISTEN crisisroom_ops")
            for _notice in conn.notifies(timeout=seconds, stop_after=1):
                return
    except psycopg.Error:
        time.sleep(seconds)  # offline: try again later


def _run_async(work):  # noqa: ANN001, ANN202 - a coroutine, and what it returns
    """Runs a coroutine on a loop of its own (asyncio.run would also unset the thread's loop)."""
    import asyncio

    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(work)
    finally:
        loop.close()


def _notify_send(args: argparse.Namespace) -> int:
    """Delivers what this station queued, says what happened to each recipient; exit status 1
    when anything could not be sent now (refused, put off, or may have arrived)."""
    from dataclasses import replace

    from desktop import labels
    from desktop.services import mailer

    if args.smtp:
        from desktop.settings import Settings

        smtp = mailer.SmtpSettings(host=args.smtp[0], port=args.smtp[1], security="none",
                                   from_address=Settings().get("mail/from").strip())
    else:
        from desktop.mail_delivery import smtp_settings
        from desktop.settings import Settings

        smtp = smtp_settings(Settings())
        smtp = replace(smtp, password=mailer.stored_password(smtp))
    if args.sender:
        smtp = replace(smtp, from_address=args.sender.strip())
    store = _open_store(_existing(args.db))
    try:
        recovered = store.run(mailer.recover).value
        if recovered:
            print(fill(QCoreApplication.translate(
                "cli", "%1 recipients were being sent to when delivery last stopped: they may have the message. "
                "They are not sent again on their own; check with them, then send again from the app."),
                labels.number(recovered)), file=sys.stderr)
        reports = []
        while True:
            report = _run_async(mailer.deliver(store, smtp, retry_now=True))  # asked now: no waiting out a retry
            reports.append(report)
            for attempt in report.attempts:
                _say_attempt(attempt)
            if not report.more or report.problem:
                break
    finally:
        store.close()
    attempts = [a for r in reports for a in r.attempts]
    problem = next((r for r in reports if r.problem), None)
    if problem is not None:
        print(fill(QCoreApplication.translate("cli", "crisisroom: %1"), labels.mail_error(problem.problem, problem.detail)),
              file=sys.stderr)
    if not attempts:
        if problem is None:
            print(QCoreApplication.translate("cli", "Nothing to send."))
        return 0 if problem is None else 1
    counts = [sum(1 for a in attempts if a.state == state) for state in ("sent", "failed", "queued", "unsure")]
    print(fill(QCoreApplication.translate("cli", "Sent %1, not sent %2, waiting %3, may have arrived %4."),
               *(labels.number(n) for n in counts)))
    return 0 if problem is None and counts[0] == len(attempts) else 1


def _say_attempt(attempt) -> None:  # noqa: ANN001 - a mailer.Attempt
    from desktop import labels
    from desktop.text.normalize import isolate

    address = isolate(attempt.address)
    if attempt.state == "sent":
        print(fill(QCoreApplication.translate("cli", "sent: %1"), address))
        return
    text = {"failed": QCoreApplication.translate("cli", "not sent: %1 — %2"),
            "queued": QCoreApplication.translate("cli", "waiting, tried again later: %1 — %2"),
            "unsure": QCoreApplication.translate("cli", "may have arrived: %1 — %2")}[attempt.state]
    print(fill(text, address, labels.mail_error(attempt.error)), file=sys.stderr)


def _notify_status(args: argparse.Namespace) -> int:
    """Recipients per delivery state, and the latest messages with how each went."""
    from desktop import labels
    from desktop.services import mailer
    from desktop.text.normalize import isolate

    store = _open_store(_existing(args.db), readonly=True)
    try:
        counts, messages = store.read(mailer.status, store.station.station_id)
    finally:
        store.close()
    separator = QCoreApplication.translate("cli", ", ")
    print(fill(QCoreApplication.translate("cli", "Recipients: %1"), separator.join(
        f"{labels.delivery(state)} {labels.number(counts.get(state, 0))}"
        for state in ("queued", "sending", "sent", "failed", "unsure"))))
    if not messages:
        print(QCoreApplication.translate("cli", "No message has been queued yet."))
        return 0
    print(QCoreApplication.translate("cli", "Latest messages:"))
    from desktop.settings import Settings
    from desktop.text.display import DisplayFormat

    display = DisplayFormat.from_settings(args.lang or "fa", Settings())
    for message in messages:
        tally = separator.join(f"{labels.delivery(state)} {labels.number(message.counts[state])}"
                               for state in ("queued", "sending", "sent", "failed", "unsure") if state in message.counts)
        here = "" if message.mine else QCoreApplication.translate("cli", " (sent by another station)")
        print(fill(QCoreApplication.translate("cli", "%1  %2  %3  %4: %5%6"),
                   display.datetime(message.queued_at) if message.queued_at else "", isolate(message.incident_ref),
                   labels.channel(message.channel), labels.delivery(message.state),
                   labels.user_text(message.subject), here) + (f" ({tally})" if tally else ""))
    return 0


def _screenshot(args: argparse.Namespace) -> int:
    from desktop.screenshot import NoSuchPage, NotSettled, render

    try:
        render(_existing(args.db), args.view, args.size, args.lang or "fa", args.out, page=args.page)
    except NoSuchPage:
        if args.view in ("problem", "change"):
            return _fail(QCoreApplication.translate("cli", "no incident has such a record, so there is nothing to show"),
                         code=1)
        return _fail(QCoreApplication.translate("cli", "no critical incident is active, so the wall has no focus page"),
                     code=1)
    except NotSettled as exc:
        _log(f"screenshot of {args.view}", exc)
        return _fail(QCoreApplication.translate("cli", "the view did not finish loading, so nothing was written"),
                     code=1)
    except OSError as exc:
        return _os_failure(exc, args.out)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _peek(argv, "--lang")
    if lang not in i18n.LANGUAGES:
        lang = None
    needs_gui = not any(a in ("demo", "export", "export-postmortem", "move", "hub", "sync", "init", "import", "notify",
                              "metrics", "metrics-report")
                        for n, a in enumerate(argv) if n == 0 or argv[n - 1] not in ("--view", "--page"))  # --view metrics: a page
    if needs_gui and not any(a in ("-h", "--help", "--version") for a in argv):
        from desktop.app import make_application

        make_application(lang or "fa")
    else:
        QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
        i18n.install(lang or "fa")
    argparse._ = lambda text: _argparse_words().get(text, text)  # type: ignore[attr-defined]
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "lang"):
        args.lang = lang
    if not hasattr(args, "db"):
        from desktop.paths import default_database

        args.db = default_database()
    from desktop.db import DatabaseError
    from desktop.files import NotRegularFile
    from desktop.services.errors import CommandError
    from desktop import labels
    from desktop.log_file import log_to_file

    log_to_file()  # a driver's or the OS's own words go there; the person gets them in theirs
    try:
        return args.func(args)
    except _Refused as exc:
        return _fail(str(exc))
    except DatabaseError as exc:
        return _fail(labels.error(exc.code, {"path": exc.path}))
    except CommandError as exc:
        return _fail(labels.error(exc.code, exc.params))
    except NotRegularFile as exc:  # --out names a folder, a device or a pipe: left as it is
        return _fail(labels.error(exc.code, {"path": exc.path}))
    except OSError as exc:  # worded by its errno, in the user's language; the raw error in the log
        return _os_failure(exc, None)
