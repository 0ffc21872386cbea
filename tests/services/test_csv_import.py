"""CSV import of people, services and groups: the encodings spreadsheet programs write, header
names in English and Persian, a plan before anything is written, all or nothing (or the good
rows), and a second import that updates instead of duplicating."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from desktop import i18n, labels
from desktop.services import csv_import, directory
from desktop.services.csv_import import FileRefused
from desktop.services.errors import CommandError
from desktop.services.store import Store
from desktop.wire import new_id
from tests.helpers.stations import new_store, rows, scalar

PEOPLE = (
    "name,email,phone,team,title,groups,organisation,languages,external_id\n"
    "علی رضایی,Ali.Rezaei@Example.ir,۰۹۱۲ ۱۱۱ ۲۲۳۳,زیرساخت,سرپرست شبکه,تیم فنی;هیئت مدیره,,\"fa, en\",E-1001\n"
    "John Smith,john@abrpars.example,+98 21 8888 1234,,Network consultant,technical team,ابر پارس,en,\n"
    "سارا محمدی,sara@example.ir,,روابط عمومی,كارشناس ارتباطات,ذی‌نفعان کلیدی؛ هیئت مدیره,,,E-1003\n"
)


@pytest.fixture
def store(tmp_path: Path):  # noqa: ANN201 - a station with someone operating it
    station = new_store(tmp_path / "import.db")
    me = new_id()
    station.run(directory.add_person, "مریم احمدی", person_id=me, by=me)
    station.set_station(operator_id=me)
    yield station
    station.close()


def plan_of(store: Store, text: str | bytes, kind: str = "people", encoding: str | None = None) -> csv_import.Plan:
    data = text.encode() if isinstance(text, str) else text
    return store.read(csv_import.plan, csv_import.load(data, kind, encoding))


def imported(store: Store, text: str | bytes, kind: str = "people", **options) -> csv_import.Imported:  # noqa: ANN003
    return csv_import.apply(store, plan_of(store, text, kind), **options)


def people(store: Store) -> list[tuple]:
    return rows(store, "SELECT name, email, phone, team, title, organisation, outside_expert, languages, external_id "
                       "FROM people WHERE NOT archived AND name != 'مریم احمدی' ORDER BY email")


def groups_of(store: Store, email: str) -> set[str]:
    return {kind if kind != "custom" else name for kind, name in rows(
        store, "SELECT g.kind, g.name FROM group_members m JOIN stakeholder_groups g ON g.id = m.group_id "
               "JOIN people p ON p.id = m.person_id WHERE p.email = ? AND NOT m.archived", (email,))}


def test_a_good_file_adds_people_with_their_groups_each_row_one_op(store) -> None:  # noqa: ANN001
    ops_before = scalar(store, "SELECT count(*) FROM outbox")
    plan = plan_of(store, PEOPLE)
    assert [(r.line, r.action, r.name) for r in plan.rows] == [
        (2, "add", "علی رضایی"), (3, "add", "John Smith"), (4, "add", "سارا محمدی")]
    assert plan.refused == () and rows(store, "SELECT count(*) FROM people") == [(1,)]  # a plan writes nothing
    done = csv_import.apply(store, plan)
    assert (done.added, done.changed, done.refused) == (3, 0, ())
    assert people(store) == [
        ("علی رضایی", "ali.rezaei@example.ir", "0912 111 2233", "زیرساخت", "سرپرست شبکه", "", 0, "fa, en", "E-1001"),
        ("John Smith", "john@abrpars.example", "+98 21 8888 1234", "", "Network consultant", "ابر پارس", 1, "en", None),
        # typed on an Arabic keyboard: stored with the Persian ک
        ("سارا محمدی", "sara@example.ir", "", "روابط عمومی", "کارشناس ارتباطات", "", 0, "", "E-1003")]
    # built-in kinds by their English or Persian words, a custom group made once, ; or ؛ between them
    assert groups_of(store, "ali.rezaei@example.ir") == {"technical_team", "هیئت مدیره"}
    assert groups_of(store, "john@abrpars.example") == {"technical_team"}
    assert groups_of(store, "sara@example.ir") == {"key_stakeholders", "هیئت مدیره"}
    assert scalar(store, "SELECT count(*) FROM stakeholder_groups") == 3
    assert scalar(store, "SELECT count(*) FROM outbox") - ops_before == 3  # one command, one op, per row
    operators = rows(store, "SELECT DISTINCT json_extract(payload, '$.operator_id') FROM outbox")
    assert operators == [(store.station.operator_id,)]  # every op names who imported


def test_headers_in_persian_and_a_semicolon_separated_file(store) -> None:  # noqa: ANN001
    text = ("نام;ایمیل;تلفن همراه;تیم;سمت;گروه‌ها;سازمان;زبان‌ها;کد پرسنلی\n"
            "حمید موسوی;hamid@example.ir;0912 666 7788;داده;کارشناس پایگاه‌داده;مدیریت ارشد;;fa;۷۷\n")
    imported(store, text)
    assert people(store) == [("حمید موسوی", "hamid@example.ir", "0912 666 7788", "داده", "کارشناس پایگاه‌داده", "",
                              0, "fa", "۷۷")]
    assert groups_of(store, "hamid@example.ir") == {"management"}


def test_importing_the_same_file_again_updates_and_never_duplicates(store) -> None:  # noqa: ANN001
    imported(store, PEOPLE)
    again = plan_of(store, PEOPLE)
    assert [r.action for r in again.rows] == ["same", "same", "same"]
    changed = (PEOPLE.replace("۰۹۱۲ ۱۱۱ ۲۲۳۳", "0912 999 0000")  # a new phone
               .replace("sara@example.ir", "sara.m@example.ir")  # a new email: found by her external id
               .replace("Network consultant", "Senior consultant"))  # found by his email
    plan = plan_of(store, changed)
    assert [(r.action, r.changed) for r in plan.rows] == [
        ("change", ("phone",)), ("change", ("title",)), ("change", ("email",))]
    done = csv_import.apply(store, plan)
    assert (done.added, done.changed) == (0, 3)
    assert scalar(store, "SELECT count(*) FROM people") == 4
    assert rows(store, "SELECT phone FROM people WHERE external_id = 'E-1001'") == [("0912 999 0000",)]
    assert rows(store, "SELECT email FROM people WHERE external_id = 'E-1003'") == [("sara.m@example.ir",)]
    assert [r.action for r in plan_of(store, changed).rows] == ["same"] * 3
    # A person already in the directory (typed in by hand) is found by email, not added again.
    store.run(directory.add_person, "لیلا صادقی", email="Leila@Example.ir")
    plan = plan_of(store, "name,email,title\nليلا صادقي,leila@example.ir,کارشناس امنیت\n")
    assert [(r.action, r.changed) for r in plan.rows] == [("change", ("title",))]
    # A row with neither email nor external id is found by its name, in any letters' forms.
    imported(store, "name,team\nرضا کریمی,مرکز عملیات\n")
    assert [(r.action, r.changed) for r in plan_of(store, "name,team\nرضا كريمي,مرکز عملیات\n").rows] == [("same", ())]


BAD = (
    "name,email,phone\n"
    "علی رضایی,ali@example.ir,0912 111 2233\n"
    "بی‌نشان,not-an-address,\n"
    "\"یادداشت\n"
    "دو خطی\",note@example.ir,call me\n"  # a quoted cell over two lines: the row starts on line 4
    ",nameless@example.ir,\n"
    "علی دیگر,ali@example.ir,\n"
)


def test_a_whole_import_is_undone_and_redone_as_one_step(store) -> None:  # noqa: ANN001
    """What the GUI's Edit ▸ Undo runs: every row the import added or changed goes back to how it
    was (an added person and their memberships archived, a changed one's old values), and redo
    brings the import back; a big import's undo is one command written as several ops, each one
    the hub takes."""
    from desktop.services.undo import revert
    from desktop.sync.hub import MAX_OP_BYTES

    imported(store, "name,email,title\nJohn Smith,john@abrpars.example,Consultant\n")
    before = people(store), groups_of(store, "john@abrpars.example")
    done = imported(store, PEOPLE)
    assert (done.added, done.changed) == (2, 1) and len(done.forward) > 3 and len(done.inverse) > 3
    after = people(store), groups_of(store, "ali.rezaei@example.ir")
    undone = store.run(revert, done.inverse, "undo", done.forward).value
    assert (people(store), groups_of(store, "john@abrpars.example")) == before
    assert groups_of(store, "ali.rezaei@example.ir") == set()
    store.run(revert, done.forward, "redo", undone)
    assert (people(store), groups_of(store, "ali.rezaei@example.ir")) == after

    from benchmarks.csv_import import people_csv

    seq = scalar(store, "SELECT max(station_seq) FROM outbox")
    big = csv_import.apply(store, plan_of(store, people_csv(2000)))
    assert big.added == 2000
    seq_after_import = scalar(store, "SELECT max(station_seq) FROM outbox")
    assert seq_after_import - seq == 2000  # each row its own op
    store.run(revert, big.inverse, "undo", big.forward)
    assert len(people(store)) == len(after[0])
    sizes = [len(p.encode()) for (p,) in rows(store, "SELECT payload FROM outbox WHERE station_seq > ?",
                                              (seq_after_import,))]
    assert 1 < len(sizes) < 2000 and max(sizes) < MAX_OP_BYTES


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["line 3: “\u2066not-an-address\u2069” is not an email address.",
            "line 4: “\u2066call me\u2069” is not a phone number",
            "line 6: The name cannot be empty.",
            "line 7: The same person, service or group as on line 2."]),
    ("fa", ["سطر ۳: «\u2067not-an-address\u2069» نشانی ایمیل نیست.",
            "سطر ۴: «\u2067call me\u2069» شمارهٔ تلفن نیست",
            "سطر ۶: نام نمی‌تواند خالی باشد.",
            "سطر ۷: همان شخص، سرویس یا گروه سطر ۲."]),
])
def test_bad_rows_are_refused_by_line_with_their_reasons_in_fa_and_en(app, store, lang: str, words: list[str]) -> None:  # noqa: ANN001
    i18n.install(lang)
    plan = plan_of(store, BAD)
    assert [(r.line, r.code) for r in plan.refused] == [(3, "bad_email"), (4, "bad_phone"), (6, "empty_name"),
                                                        (7, "duplicate_row")]
    said = [_line(r) for r in plan.refused]
    for text, expected in zip(said, words):
        assert text.startswith(expected), (text, expected)


def _line(refusal: csv_import.Refusal) -> str:
    from desktop.text.display import fill
    from PySide6.QtCore import QCoreApplication

    return fill(QCoreApplication.translate("cli", "line %1: %2"), labels.number(refusal.line),
                labels.import_problem(refusal.code, refusal.params))


def test_all_or_nothing_unless_the_good_rows_are_chosen(store) -> None:  # noqa: ANN001
    before = (rows(store, "SELECT * FROM people"), scalar(store, "SELECT count(*) FROM outbox"))
    plan = plan_of(store, BAD)
    with pytest.raises(CommandError) as refused:
        csv_import.apply(store, plan)
    assert refused.value.code == "rows_refused" and refused.value.params == {"count": 4}
    assert (rows(store, "SELECT * FROM people"), scalar(store, "SELECT count(*) FROM outbox")) == before
    done = csv_import.apply(store, plan, good_rows=True)
    assert (done.added, len(done.refused)) == (1, 4)
    assert [name for (name, *_rest) in people(store)] == ["علی رضایی"]


def test_a_row_the_database_refuses_when_written_undoes_the_whole_import(store) -> None:  # noqa: ANN001
    """Between the preview and the import someone archived a person the file updates: all or
    nothing still holds (one transaction), and with good rows only that row is left out."""
    imported(store, PEOPLE)
    plan = plan_of(store, PEOPLE.replace("سرپرست شبکه", "مدیر شبکه").replace("Network consultant", "Consultant"))
    ali = scalar(store, "SELECT id FROM people WHERE external_id = 'E-1001'")
    store.run(directory.archive_person, ali)
    before = rows(store, "SELECT * FROM people")
    with pytest.raises(csv_import.RowRefused) as refused:
        csv_import.apply(store, plan)
    assert refused.value.refusal.line == 2 and refused.value.refusal.code == "unknown_person"
    assert rows(store, "SELECT * FROM people") == before
    done = csv_import.apply(store, plan, good_rows=True)
    assert done.changed == 1 and [r.line for r in done.refused] == [2]
    assert rows(store, "SELECT title FROM people WHERE email = 'john@abrpars.example'") == [("Consultant",)]


def test_utf8_with_a_byte_order_mark(store) -> None:  # noqa: ANN001 - what Excel's "CSV UTF-8" writes
    plan = plan_of(store, codecs.BOM_UTF8 + PEOPLE.encode())
    assert plan.encoding == "utf-8-sig" and plan.columns["name"] == "name" and len(plan.added) == 3


def test_a_windows_persian_file_is_read_as_persian(store) -> None:  # noqa: ANN001
    """cp1256, as older Excel writes Persian: Arabic ي and ك, and ZWNJ as byte 0x9D."""
    text = ("نام,ایمیل,تیم\r\n"
            "فاطمه قاسمي,fatemeh@example.ir,پشتيباني\r\n"
            "كاوه عباسي,kaveh@example.ir,مديريت ارشد\r\n"
            "حمید موسوی,hamid@example.ir,پایگاه\u200cداده\r\n").replace("ی", "ي").replace("ک", "ك")
    data = text.encode("cp1256")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    plan = plan_of(store, data)
    assert plan.encoding == "cp1256"
    csv_import.apply(store, plan)
    assert rows(store, "SELECT name, team FROM people WHERE email != '' ORDER BY email") == [
        ("فاطمه قاسمی", "پشتیبانی"), ("حمید موسوی", "پایگاه\u200cداده"), ("کاوه عباسی", "مدیریت ارشد")]


def test_utf16_with_its_mark_and_tabs(store) -> None:  # noqa: ANN001 - Excel's "Unicode text"
    data = PEOPLE.replace(",", "\t").replace('"fa\t en"', "fa").encode("utf-16")
    plan = plan_of(store, data)
    assert plan.encoding == "utf-16" and [r.name for r in plan.added] == ["علی رضایی", "John Smith", "سارا محمدی"]


@pytest.mark.parametrize("data", [
    "name,email\nJosé Núñez,jose@example.es\n".encode("latin-1"),  # Spanish in Latin-1: not Persian
    "نام,ایمیل\nعلی,ali@example.ir\n".encode()[:-12] + b"\xd8",  # UTF-8 cut in the middle of a letter
])
def test_unsure_of_the_encoding_it_asks_instead_of_guessing(store, data: bytes) -> None:  # noqa: ANN001
    with pytest.raises(FileRefused) as refused:
        csv_import.load(data, "people")
    assert refused.value.code == "unsure_encoding"


def test_the_encoding_given_is_the_only_one_tried(store) -> None:  # noqa: ANN001
    data = "name,email\nJosé Núñez,jose@example.es\n".encode("latin-1")
    plan = plan_of(store, data, encoding="latin-1")
    assert [r.name for r in plan.added] == ["José Núñez"]
    with pytest.raises(FileRefused) as refused:
        csv_import.load(data, "people", "klingon")
    assert refused.value.code == "unknown_encoding"
    with pytest.raises(FileRefused) as refused:
        csv_import.load("name\nعلی\n".encode("utf-16"), "people", "utf-8")
    assert refused.value.code == "not_in_encoding" and refused.value.params["line"] == 1


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_an_unknown_column_is_refused_naming_it_and_the_known_ones(app, store, lang: str) -> None:  # noqa: ANN001
    i18n.install(lang)
    with pytest.raises(FileRefused) as refused:
        csv_import.load("name,email,shoe size\nعلی,ali@example.ir,44\n".encode(), "people")
    text = labels.import_problem(refused.value.code, refused.value.params)
    assert "shoe size" in text and "email (ایمیل)" in text and "external_id (شناسه)" in text
    assert ("ستون" in text) == (lang == "fa") and ("column" in text) == (lang == "en")


@pytest.mark.parametrize(("text", "code"), [
    ("", "empty_file"), ("\n\n", "empty_file"), ("email,phone\nali@example.ir,\n", "missing_column"),
    ("name,نام\nعلی,علی\n", "duplicate_column"),
])
def test_a_file_that_cannot_be_imported_says_why(store, text: str, code: str) -> None:  # noqa: ANN001
    with pytest.raises(FileRefused) as refused:
        csv_import.load(text.encode(), "people")
    assert refused.value.code == code


def test_a_cell_past_the_header_refuses_its_row_and_empty_trailing_columns_are_fine(store) -> None:  # noqa: ANN001
    plan = plan_of(store, "name,email,,\nعلی,ali@example.ir,,\nسارا,sara@example.ir,,سرریز\n")
    assert [r.name for r in plan.added] == ["علی"] and [(r.line, r.code) for r in plan.refused] == [(3, "extra_cells")]


def test_a_too_long_value_is_refused_naming_the_files_column(app, store) -> None:  # noqa: ANN001
    i18n.install("en")
    plan = plan_of(store, "نام,عنوان\nعلی," + "x" * 201 + "\n")
    (refusal,) = plan.refused
    assert refusal.code == "too_long" and refusal.params["field"] == "عنوان"
    assert "at most 200 characters" in labels.import_problem(refusal.code, refusal.params)


def test_services_with_criticality_words_and_sla_minutes_in_any_digits(store) -> None:  # noqa: ANN001
    text = ("نام سرویس,شرح,تیم مالک,اهمیت,SLA بحرانی,sla_sev2,SLA متوسط,SLA پایین,کاربران,شناسه\n"
            "درگاه پرداخت,پرداخت اینترنتی,پرداخت,بحرانی,۶۰,240,۱٬۴۴۰,,همه شعبه‌ها,SRV-1\n"
            "Email,Staff mail,Infrastructure,Medium,,,,2880,staff,\n"
            "همراه‌بانک,,,فوری,,,,,,\n"
            "مرکز تماس,,,low,دو ساعت,,,,,\n")
    plan = plan_of(store, text, "services")
    assert [(r.line, r.code) for r in plan.refused] == [(4, "unknown_criticality"), (5, "bad_minutes")]
    csv_import.apply(store, plan, good_rows=True)
    assert rows(store, "SELECT name, owner_team, criticality, sla_sev1, sla_sev2, sla_sev3, sla_sev4, used_by, "
                       "external_id FROM services ORDER BY name") == [
        ("Email", "Infrastructure", "medium", None, None, None, 2880, "staff", None),
        ("درگاه پرداخت", "پرداخت", "critical", 60, 240, 1440, None, "همه شعبه‌ها", "SRV-1")]
    # Again, with a new name for SRV-1 (found by its id) and the mail service's name in capitals.
    again = plan_of(store, text.replace("درگاه پرداخت,", "درگاه پرداخت اینترنتی,").replace("Email,", "EMAIL,"),
                    "services")
    assert [(r.action, r.changed) for r in again.rows] == [("change", ("name",)), ("change", ("name",))]
    csv_import.apply(store, again, good_rows=True)
    assert scalar(store, "SELECT count(*) FROM services") == 2


def test_groups_with_their_members_by_email_or_external_id(store) -> None:  # noqa: ANN001
    imported(store, PEOPLE)
    text = ("نام گروه,نوع,اعضا\n"
            "هیئت مدیره,,john@abrpars.example; E-1001\n"  # the custom group the people file made
            ",management,ALI.REZAEI@example.ir\n"
            "کمیته بحران,custom,e-1003\n"
            "کاربران,,nobody@example.ir\n"
            "Board,management,\n"
            "گروه عجیب,weird,\n")
    plan = plan_of(store, text, "groups")
    assert [(r.line, r.action, r.changed) for r in plan.rows] == [
        (2, "change", ("members",)), (3, "add", ()), (4, "add", ())]
    assert [(r.line, r.code) for r in plan.refused] == [(5, "unknown_member"), (6, "built_in_group"), (7, "unknown_kind")]
    csv_import.apply(store, plan, good_rows=True)
    assert groups_of(store, "john@abrpars.example") == {"technical_team", "هیئت مدیره"}
    assert groups_of(store, "ali.rezaei@example.ir") == {"technical_team", "هیئت مدیره", "management"}
    assert groups_of(store, "sara@example.ir") == {"key_stakeholders", "هیئت مدیره", "کمیته بحران"}
    assert [r.action for r in plan_of(store, text, "groups").rows] == ["same", "same", "same"]


def test_imported_rows_get_the_same_ids_on_every_station(tmp_path: Path) -> None:
    """What lets two stations importing one file end with one person each (tests/sync checks it
    through the hub): the ids come from the rows' keys, not from chance."""
    ids = []
    for name in ("a", "b"):
        station = new_store(tmp_path / f"{name}.db", name.upper())
        plan = station.read(csv_import.plan, csv_import.load(PEOPLE.encode(), "people"))
        ids.append([r.entity_id for r in plan.rows] + sorted(g for r in plan.rows for g, _k, _n in r.groups))
        station.close()
    assert ids[0] == ids[1] and len(set(ids[0][:3])) == 3


def test_plausible_persian_tells_persian_from_other_encodings() -> None:
    assert csv_import.plausible_persian("نام,ایمیل\nعلی\u200cرضا «مدیر»، تهران؟,a@b.ir\n")
    assert not csv_import.plausible_persian("Müller".encode("latin-1").decode("cp1256"))
    assert not csv_import.plausible_persian("علی رضایی".encode().decode("cp1256", errors="replace"))
    assert not csv_import.plausible_persian("just ascii, nothing to tell")


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_every_refusal_of_a_file_or_row_has_words(app, lang: str) -> None:  # noqa: ANN001
    import re

    source = Path(csv_import.__file__).read_text(encoding="utf-8")
    codes = set(re.findall(r'(?:FileRefused|CommandError)\(\s*"([a-z_]+)"', source))
    codes |= set(re.findall(r'Refusal\(\w+, "([a-z_]+)"', source))
    assert {"unsure_encoding", "unknown_column", "extra_cells", "duplicate_row", "rows_refused"} <= codes
    i18n.install(lang)
    fallback = labels.error("no_such_code_at_all")
    lines = ("duplicate_row", "bad_csv", "not_in_encoding", "row_refused")
    for code in sorted(codes):
        params = ({"line": 1234, "encoding": "cp1256"} if code in lines else {"count": 2} if code == "rows_refused"
                  else {"value": "x", "column": "x", "known": "name (نام)", "encoding": "cp1256"})
        text = labels.import_problem(code, params)
        assert text != fallback and "%1" not in text and "%2" not in text, (code, text)
        persian = re.sub("\\(نام\\)", "", text)
        assert bool(re.search("[\u0600-\u06ff]", persian)) == (lang == "fa"), (code, text)
        if code in ("duplicate_row", "bad_csv", "not_in_encoding"):  # a line, without grouping
            assert ("۱۲۳۴" if lang == "fa" else "1234") in text, text
