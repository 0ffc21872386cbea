"""The figures against values worked out by hand on a small fixed set: never acknowledged, still
open, reopened, cancelled, merged as a duplicate, an exercise, and declarations either side of
the end of a Jalali month in Tehran time."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.services import directory, incidents, metrics, roles
from desktop.services.store import Store

UTC = dt.UTC


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=UTC)


NOW = at(12, 1, 12)
MIN = dt.timedelta(minutes=1)


@pytest.fixture
def fixed(store: Store) -> dict[str, str]:
    ids: dict[str, str] = {}
    with store.batch() as run:
        s1 = run(directory.add_service, "درگاه پرداخت").value
        s2 = run(directory.add_service, "همراه‌بانک").value
        maryam = run(directory.add_person, "مریم احمدی").value

        def declare(name: str, when: dt.datetime, services: list[str], **kw: object) -> str:
            ids[name] = run(incidents.declare, title=f"حادثه {name}", service_ids=services, at=when, **kw).value
            return ids[name]

        a = declare("A", at(10, 25, 10), [s1], sla_minutes=240)
        run(incidents.acknowledge, a, at=at(10, 25, 10) + 10 * MIN)
        run(roles.assign, a, "incident_commander", maryam, at=at(10, 25, 10) + 11 * MIN)
        run(incidents.move, a, "contained", at=at(10, 25, 10) + 30 * MIN)
        run(incidents.move, a, "resolved", at=at(10, 25, 12))
        declare("B", at(10, 30, 10), [s1, s2], sla_minutes=60)  # never acknowledged, still open
        c = declare("C", at(11, 5, 10), [s2], sla_minutes=240)
        run(incidents.acknowledge, c, at=at(11, 5, 10) + 20 * MIN)
        run(incidents.move, c, "resolved", at=at(11, 5, 11))
        run(incidents.move, c, "declared", at=at(11, 5, 12))  # reopened: resolved again later
        run(incidents.move, c, "resolved", at=at(11, 5, 15))
        d = declare("D", at(11, 6, 10), [s1])
        run(incidents.move, d, "cancelled", at=at(11, 6, 11))
        e = declare("E", at(11, 7, 10), [s1], exercise=True)  # a drill
        run(incidents.acknowledge, e, at=at(11, 7, 10) + MIN)
        run(incidents.move, e, "resolved", at=at(11, 7, 11))
        f = declare("F", at(11, 21, 20, 20), [])  # 23:50 in Tehran on 30 Aban, the month's last day
        run(incidents.acknowledge, f, at=at(11, 21, 20, 50))
        g = run(incidents.declare, title="گزارش تکراری", proposed=True, at=at(10, 25, 11)).value
        run(incidents.merge, g, a, at=at(10, 25, 11) + MIN)
        declare("H", at(11, 21, 20, 40), [s1])  # 00:10 on 1 Azar: the next month
    return ids


def test_a_jalali_month_in_tehran_time() -> None:
    aban = metrics.month_of(1405, 8)
    assert (aban.start, aban.end) == (at(10, 22, 20, 30), at(11, 21, 20, 30))  # 1 Aban and 1 Azar at 00:00 +03:30
    assert metrics.containing(at(11, 21, 20, 20), "month") == aban
    assert metrics.containing(at(11, 21, 20, 40), "month").number == 9
    assert aban.previous() == metrics.month_of(1405, 7)
    assert metrics.month_of(1405, 1).previous() == metrics.month_of(1404, 12)
    assert metrics.year_of(1405).start == at(3, 20, 20, 30)  # 1 Farvardin 1405 = 21 March 2026


def test_figures_by_hand(store: Store, fixed: dict[str, str]) -> None:
    found = store.read(lambda c: metrics.report(c, metrics.month_of(1405, 8), NOW))
    assert [r.title for r in found.rows] == ["حادثه A", "حادثه B", "حادثه C", "حادثه F"]
    assert [r.title for r in found.exercises] == ["حادثه E"]
    o = found.overall
    assert o.count == 4
    assert o.mtta_s == pytest.approx((600 + 1200 + 1800) / 3)  # A, C, F; B never acknowledged
    assert o.mttr_s == pytest.approx((7200 + 5 * 3600) / 2)  # A, and C from its declaration to its last fix
    gaps = [5 * 86400, 6 * 86400, 16 * 86400 + 10 * 3600 + 20 * 60]
    assert o.mtbmi_s == pytest.approx(sum(gaps) / 3)
    assert (o.acknowledged, o.resolved, o.sla_breaches) == (3, 2, 2)  # B open past its hour, C fixed after 4 h
    assert o.phase_s["containment"] == pytest.approx(1800)  # only A was contained (C's was cleared on reopening)
    per_service = dict(found.groups["service"])
    assert (per_service["درگاه پرداخت"].count, per_service["همراه‌بانک"].count, per_service[""].count) == (2, 2, 1)
    assert per_service["همراه‌بانک"].mttr_s == pytest.approx(5 * 3600)
    assert dict(found.groups["commander"])["مریم احمدی"].count == 1
    assert found.ttr_buckets == [0, 1, 1, 0, 0, 0]  # 2 h within 4 h, 5 h within 8 h
    assert [r.title for r in metrics.members(found.rows, "service", "درگاه پرداخت")] == ["حادثه A", "حادثه B"]


def test_the_previous_month_and_all_time(store: Store, fixed: dict[str, str]) -> None:
    azar = store.read(lambda c: metrics.report(c, metrics.month_of(1405, 9), NOW))
    assert azar.overall.count == 1 and azar.previous is not None and azar.previous.count == 4
    everything = store.read(lambda c: metrics.report(c, metrics.Period(None, None), NOW))
    assert everything.overall.count == 5 and everything.previous is None
    assert [f.count for _, f in everything.trend] == [4, 1]  # Aban, Azar
    empty = store.read(lambda c: metrics.report(c, metrics.month_of(1404, 1), NOW))
    assert (empty.overall.count, empty.overall.mtta_s, empty.overall.mtbmi_s) == (0, None, None)


@pytest.mark.parametrize(("typed", "day"), [
    ("1405/08/30", dt.date(2026, 11, 21)), ("۱۴۰۵-۰۸-۳۰", dt.date(2026, 11, 21)), ("١٤٠٥/٠٨/٣٠", dt.date(2026, 11, 21)),
    ("2026-11-21", dt.date(2026, 11, 21)), ("۲۰۲۶/۱۱/۲۱", dt.date(2026, 11, 21)),
])
def test_dates_in_either_calendar_and_any_digits(typed: str, day: dt.date) -> None:
    assert metrics.read_date(typed) == day


@pytest.mark.parametrize("typed", ["1405/13/01", "1405/12/31", "2026-02-30", "فردا", "", "1405/08"])
def test_a_date_that_is_not_one_is_refused(typed: str) -> None:
    with pytest.raises(metrics.BadPeriod) as refused:
        metrics.read_date(typed)
    assert refused.value.code == "bad_date"


def test_a_range_counts_whole_days_in_tehran(store: Store, fixed: dict[str, str]) -> None:
    last_day = store.read(lambda c: metrics.incidents(c, metrics.between("1405/08/30", "1405/08/30")))
    assert [r.title for r in last_day] == ["حادثه F"]
    with pytest.raises(metrics.BadPeriod) as backwards:
        metrics.between("1405/09/01", "1405/08/01")
    assert backwards.value.code == "range_backwards"


@pytest.mark.parametrize(("first", "last"), [(None, "9999-12-31"), ("2026-01-01", "9999-12-30"), ("0000-01-01", None),
                                             ("0001-01-02", "9999-12-30")])
def test_the_ends_of_the_calendar_are_refused_or_have_no_previous_period(first: str | None, last: str | None) -> None:
    try:
        period = metrics.between(first, last)
    except metrics.BadPeriod as refused:
        assert refused.code == "bad_date"
        return
    period.previous()  # a range as long before it may not exist: None, not an error


def test_a_pending_change_names_no_approver(store: Store) -> None:
    from desktop.services import records

    incident = store.run(incidents.declare, title="قطعی").value
    maryam = store.run(directory.add_person, "مریم احمدی").value
    change = store.run(records.open_change, incident, "بازگرداندن").value
    store.run(records.edit_change, change, approval="approved", approved_by=maryam)
    store.run(records.edit_change, change, approval="pending")
    stored = store.read(lambda c: c.execute(
        "SELECT approved_by, approved_at FROM change_records WHERE id = ?", (change,)).fetchone())
    assert tuple(stored) == (None, None)


def test_the_previous_periods_quick_sum_equals_the_figures_of_its_incidents(store: Store, fixed: dict[str, str]) -> None:
    """The previous period is summed up without making its incidents; it must say what they say."""
    azar = store.read(lambda c: metrics.report(c, metrics.month_of(1405, 9), NOW))
    aban = store.read(lambda c: metrics.figures(metrics.incidents(c, metrics.month_of(1405, 8)), NOW))
    quick = azar.previous
    assert quick is not None
    assert (quick.count, quick.acknowledged, quick.resolved, quick.sla_breaches) == (
        aban.count, aban.acknowledged, aban.resolved, aban.sla_breaches)
    for name in ("mtta_s", "mttr_s", "mtbmi_s"):
        assert getattr(quick, name) == pytest.approx(getattr(aban, name))
    assert quick.phase_s == pytest.approx(aban.phase_s)


def test_stamps_out_of_order_are_unknown_not_negative(store: Store) -> None:
    """Another station's clock may put an acknowledgement or a fix before the declaration."""
    declared = at(11, 10, 10)
    with store.batch() as run:
        incident = run(incidents.declare, title="ساعت کج", at=declared).value
    with store.engine.begin() as conn:  # as a remote op with a skewed clock would leave it
        conn.exec_driver_sql("UPDATE incidents SET acknowledged_at = ?, contained_at = ?, resolved_at = ? WHERE id = ?",
                             ("2026-11-10T09:00:00.000000Z", "2026-11-10T07:00:00.000000Z",
                              "2026-11-10T08:00:00.000000Z", incident))
    found = store.read(lambda c: metrics.report(c, metrics.month_of(1405, 8), NOW))
    assert (found.overall.count, found.overall.mtta_s, found.overall.mttr_s) == (1, None, None)
    assert [found.overall.phase_s[p] for p in ("containment", "resolution", "review")] == [None, None, None]
    after = store.read(lambda c: metrics.report(c, metrics.month_of(1405, 9), NOW))
    assert after.previous is not None and (after.previous.mtta_s, after.previous.mttr_s) == (None, None)


@pytest.mark.parametrize(("year", "month"), [(9999, 12), (9999, 11), (1, 1)])
def test_months_at_the_calendars_ends_are_refused_in_words(year: int, month: int) -> None:
    try:
        period = metrics.month_of(year, month, "gregorian")
    except metrics.BadPeriod as refused:
        assert refused.code == "bad_date"
        return
    metrics.months_of(period, "gregorian", "Asia/Tehran")  # no error past the calendar's end
