"""Search with persian.md's strings: one normalisation for the index and the query."""

from __future__ import annotations

import pytest

from desktop.services import incidents, queries, timeline
from desktop.services.store import Store


@pytest.fixture
def incident_ids(store: Store) -> dict[str, str]:
    made = {}
    for key, title, note in (
        ("payment", "خطای HTTP 503 (Service Unavailable) در «درگاه پرداخت»", "پل کنفرانس: +98 21 8888 1234، کد ورود ۴۴۱۲#"),
        ("db", "سرور db01.tehran.example.ir از ساعت ۰۲:۱۵ پاسخ نمی\u200cدهد", "پایگاه\u200cداده اصلی از دسترس خارج شد"),
        ("k8s", "Kubernetes در وضعیت بحرانی است", "كاربر مديريت گزارش داد"),
        ("major", "حادثهٔ مهم در همراه\u200cبانک", "کد خطا: ERR-4012-B — تیکت INC-000123"),
    ):
        incident = store.run(incidents.declare, title=title).value
        store.run(timeline.add_note, incident, note)
        made[key] = incident
    return made


@pytest.mark.parametrize("query, expected", [
    ("حادثه مهم", "major"), ("حادثهٔ مهم", "major"), ("حادثۀ مهم", "major"), ("حادثه\u200cی مهم", "major"),
    ("۵۰۳", "payment"), ("503", "payment"), ("درگاه", "payment"), ("۴۴۱۲", "payment"),
    ("پایگاهداده", "db"), ("پایگاه\u200cداده", "db"), ("پایگاه داده", "db"), ("db01.tehran", "db"),
    ("نمیدهد", "db"), ("kubernetes", "k8s"), ("کاربر مدیریت", "k8s"), ("كاربر", "k8s"),
    ("ERR-4012-B", "major"), ("INC-000123", "major"), ("همراهبانک", "major"),
])
def test_a_query_finds_its_incident_in_any_spelling(store: Store, incident_ids: dict[str, str], query: str,
                                                    expected: str) -> None:
    found = store.read(queries.search, query)
    assert incident_ids[expected] in found
    assert len(found) == 1, query


def test_nothing_is_found_for_an_unrelated_word_or_an_empty_query(store: Store, incident_ids: dict[str, str]) -> None:
    assert store.read(queries.search, "آتش‌سوزی") == frozenset()
    assert store.read(queries.search, "   ") == frozenset()
    assert store.read(queries.search, '"*) OR (') == frozenset()  # FTS syntax in the query is just text


def test_an_edited_title_is_found_by_its_new_words_only(store: Store, incident_ids: dict[str, str]) -> None:
    store.run(incidents.edit, incident_ids["k8s"], title="خوشه اصلی از کار افتاد")
    assert store.read(queries.search, "خوشه") == {incident_ids["k8s"]}
    assert incident_ids["k8s"] not in store.read(queries.search, "بحرانی")


@pytest.mark.parametrize("typed", ["INC-T1-{year}-0002", "inc-t1-{year}-0002", "{year_fa}-۰۰۰۲", "٠٠٠٢",
                                   "\u2066INC-T1-{year}-0002\u2069"])
def test_a_reference_is_found_in_any_digit_script(store: Store, incident_ids: dict[str, str], typed: str) -> None:
    """The board's search takes a reference as people type it: Persian or Arabic-Indic digits,
    any case, or copied from the screen with its isolates."""
    ref = store.read(lambda c: c.execute("SELECT ref FROM incidents WHERE id = ?", (incident_ids["db"],)).fetchone()[0])
    year = ref.split("-")[2]
    query = typed.format(year=year, year_fa=year.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")))
    assert store.read(queries.search, query) == {incident_ids["db"]}
    assert store.read(queries.search, "INC-T1-%") == frozenset()  # % is a character, not a wildcard
