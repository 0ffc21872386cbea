"""Problem and change records: every field edited with its rules, a timeline entry on every
incident a record serves, one problem serving several incidents, and the record pages' query."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desktop.services import directory, incidents, record_queries, records
from desktop.services.errors import CommandError
from desktop.services.store import Store
from desktop.services.undo import revert

UTC = dt.timezone.utc


def _refused(store: Store, command, *args, **kwargs) -> CommandError:  # noqa: ANN001
    with pytest.raises(CommandError) as caught:
        store.run(command, *args, **kwargs)
    return caught.value


def _entries(store: Store, incident: str) -> list[dict]:
    return [json.loads(r[0]) for r in store.read(lambda c: c.execute(
        "SELECT details FROM timeline_entries WHERE incident_id = ? AND kind = 'field' ORDER BY at, id",
        (incident,)).fetchall())]


def test_problem_fields_rules_timeline_and_undo(store: Store) -> None:
    owner = store.run(directory.add_person, "مریم احمدی").value
    first = store.run(incidents.declare, title="قطعی درگاه").value
    second = store.run(incidents.declare, title="قطعی دوباره درگاه").value
    problem = store.run(records.open_problem, first, "نشت اتصال").value
    assert store.read(record_queries.problem_detail, problem).state == "open"

    # A root cause found needs the root cause; twenty whys at most; the owner is a person.
    assert _refused(store, records.edit_problem, problem, state="root_cause_found").code == "no_root_cause"
    assert _refused(store, records.edit_problem, problem, five_whys=[f"چرا {n}" for n in range(21)]).code \
        == "too_many_whys"
    assert _refused(store, records.edit_problem, problem, owner_id="nobody").code == "unknown_person"
    assert _refused(store, records.edit_problem, problem, state="solved").code == "bad_value"
    assert _refused(store, records.edit_problem, problem, title="  ").code == "empty_title"

    store.run(records.link_problem, second, problem)  # the same root cause struck again
    assert _refused(store, records.link_problem, second, problem).code == "already_linked"
    saved = store.run(records.edit_problem, problem, root_cause="نشت اتصال در نسخهٔ ۲٫۴",
                      five_whys=["چرا ۱", "  ", "چرا\n۲", "چرا ۳"], contributing_factors="هشدار نبود",
                      workaround="بازآغازی", known_error="نسخهٔ ۲٫۴ اتصال‌ها را نمی‌بندد",
                      state="root_cause_found", owner_id=owner)
    assert saved.value == ["root_cause", "five_whys", "contributing_factors", "workaround", "known_error",
                           "state", "owner_id"]
    detail = store.read(record_queries.problem_detail, problem)
    assert detail.five_whys == ("چرا ۱", "چرا ۲", "چرا ۳")
    assert (detail.state, detail.owner, detail.known_error) == (
        "root_cause_found", "مریم احمدی", "نسخهٔ ۲٫۴ اتصال‌ها را نمی‌بندد")
    assert {i.id for i in detail.incidents} == {first, second}
    assert {i.title for i in detail.incidents} == {"قطعی درگاه", "قطعی دوباره درگاه"}
    for incident in (first, second):  # each incident it serves says what was learnt
        (entry,) = _entries(store, incident)
        assert entry["record"] == "problem_record" and entry["id"] == problem
        assert ["state", "open", "root_cause_found"] in entry["changes"]
    # The root cause cannot be emptied while it is said to be found.
    assert _refused(store, records.edit_problem, problem, root_cause="").code == "no_root_cause"
    assert store.run(records.edit_problem, problem, five_whys=["چرا ۱", "چرا ۲", "چرا ۳"]).value == []

    store.run(revert, saved.inverse, "undo")
    detail = store.read(record_queries.problem_detail, problem)
    assert (detail.root_cause, detail.five_whys, detail.state, detail.owner) == ("", (), "open", None)


def test_change_fields_rules_and_approval_stamp(store: Store) -> None:
    approver = store.run(directory.add_person, "علی رضایی").value
    incident = store.run(incidents.declare, title="قطعی ایمیل").value
    assert _refused(store, records.open_change, incident, "بازگرداندن", risk="high").code == "no_risk_reason"
    change = store.run(records.open_change, incident, "بازگرداندن نسخه").value
    assert store.read(record_queries.change_detail, change).approval == "pending"

    assert _refused(store, records.edit_change, change, risk="medium").code == "no_risk_reason"
    assert _refused(store, records.edit_change, change, outcome="successful").code == "not_implemented"
    assert _refused(store, records.edit_change, change, approved_by="nobody").code == "unknown_person"
    assert _refused(store, records.edit_change, change, scheduled_at=dt.datetime(2026, 1, 1)).code == "bad_value"

    scheduled = dt.datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    done = store.run(records.edit_change, change, description="نسخهٔ ۲٫۴ معیوب است", plan="۱. بازگرداندن",
                     risk="medium", risk_reason="سرویس پرداخت چند دقیقه قطع می‌شود",
                     rollback_plan="نصب دوبارهٔ ۲٫۴", approval="approved", approved_by=approver,
                     scheduled_at=scheduled)
    assert "approved_at" in done.value
    detail = store.read(record_queries.change_detail, change)
    assert detail.approved_at is not None  # stamped when approved (the command's time)
    assert abs(detail.approved_at - dt.datetime.now(UTC)) < dt.timedelta(minutes=1)
    assert (detail.approver, detail.scheduled_at, detail.risk) == ("علی رضایی", scheduled, "medium")
    (entry,) = _entries(store, incident)
    assert entry["record"] == "change_record"
    assert ["approval", "pending", "approved"] in entry["changes"]

    # An outcome once implemented; the reason stays while the risk is medium.
    implemented = dt.datetime(2026, 3, 1, 10, 30, tzinfo=UTC)
    store.run(records.edit_change, change, implemented_at=implemented, outcome="successful")
    detail = store.read(record_queries.change_detail, change)
    assert (detail.implemented_at, detail.outcome) == (implemented, "successful")
    assert _refused(store, records.edit_change, change, risk_reason="").code == "no_risk_reason"
    assert _refused(store, records.edit_change, change, implemented_at=None).code == "not_implemented"
    store.run(records.edit_change, change, risk="low", risk_reason="")  # a low risk needs no reason
    assert store.read(record_queries.change_detail, change).risk_reason == ""


def test_query_finds_the_first_incident_with_a_record(store: Store) -> None:
    assert store.read(record_queries.first_with_record, "problem") is None
    incident = store.run(incidents.declare, title="قطعی").value
    problem = store.run(records.open_problem, incident, "علت").value
    assert store.read(record_queries.first_with_record, "problem") == incident
    assert store.read(record_queries.record_of, incident, "problem") == problem
    assert store.read(record_queries.problem_choices) == [(problem, "علت")]
    assert store.read(record_queries.change_detail, "none") is None


def test_the_demo_has_complete_records(demo_store: Store) -> None:
    incident = demo_store.read(record_queries.first_with_record, "problem")
    status = demo_store.read(lambda c: c.execute("SELECT status FROM incidents WHERE id = ?", (incident,)).fetchone()[0])
    assert status == "closed"
    problem = demo_store.read(record_queries.problem_detail, demo_store.read(record_queries.record_of, incident, "problem"))
    assert problem.root_cause and len(problem.five_whys) == 5 and problem.contributing_factors
    assert problem.workaround and problem.known_error and problem.owner and problem.state in ("root_cause_found", "closed")
    change = demo_store.read(record_queries.change_detail, demo_store.read(record_queries.record_of, incident, "change"))
    assert change.description and change.plan and change.risk and change.rollback_plan and change.approver
    assert change.approval == "approved" and change.approved_at and change.scheduled_at
    assert change.implemented_at and change.outcome == "successful"
    assert change.implemented_at.tzinfo is not None


def test_two_long_fields_edited_at_once_fit_one_timeline_entry(store: Store) -> None:
    """Each may be 20,000 characters; the entry keeps the start of each, the record all of it."""
    from desktop.services import incidents, records

    incident = store.run(incidents.declare, title="قطعی").value
    problem = store.run(records.open_problem, incident, "نشت").value
    long_cause, long_factors = "ع" * 19_000, "ف" * 19_000
    store.run(records.edit_problem, problem, root_cause=long_cause, contributing_factors=long_factors)
    stored = store.read(lambda c: c.execute(
        "SELECT root_cause, contributing_factors FROM problem_records WHERE id = ?", (problem,)).fetchone())
    assert tuple(stored) == (long_cause, long_factors)
    store.run(incidents.edit, incident, review_summary="خ" * 19_000, lessons="د" * 19_000)
