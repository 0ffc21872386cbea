"""The post-implementation review: the checklist, the close it guards, and the override."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desktop.services import directory, incidents, queries, review, roles, tasks
from desktop.services.errors import CommandError
from desktop.services.store import Store


def _in_review(store: Store) -> str:
    incident = store.run(incidents.declare, title="قطعی درگاه پرداخت", severity="sev1").value
    store.run(incidents.move, incident, "resolved")
    store.run(incidents.move, incident, "in_review")
    return incident


def _checklist(store: Store, incident: str) -> review.Checklist:
    found = store.read(lambda c: review.checklist(c, incident))
    assert found is not None
    return found


def test_the_close_is_refused_until_every_item_is_done(store: Store) -> None:
    incident = _in_review(store)
    owner = store.run(directory.add_person, "زهرا کاظمی").value
    action = store.run(tasks.add, incident, "هشدار برای شمار اتصال‌ها", source="review").value
    assert _checklist(store, incident).missing == review.ITEMS
    steps = [
        lambda: store.run(review.tick, incident, fix_verified=True),
        lambda: store.run(review.tick, incident, monitoring_confirmed=True, docs_updated=True),
        lambda: store.run(incidents.edit, incident, lessons="آستانه هشدار پایین‌تر"),
        lambda: store.run(tasks.edit, action, owner_id=owner),
    ]
    for step in steps:
        with pytest.raises(CommandError) as refused:
            store.run(incidents.move, incident, "closed")
        assert refused.value.code == "review_incomplete"
        assert refused.value.params["missing"].split(",") == list(_checklist(store, incident).missing)
        step()
    assert _checklist(store, incident).missing == ("actions_owned",)  # an owner, but no due time yet
    store.run(tasks.edit, action, due_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    checklist = _checklist(store, incident)
    assert checklist.done and [a.owner for a in checklist.actions] == ["زهرا کاظمی"]
    store.run(incidents.move, incident, "closed")
    assert store.read(lambda c: c.execute("SELECT status FROM incidents").fetchone()[0]) == "closed"


def test_ticks_are_stamped_cleared_and_on_the_timeline(store: Store) -> None:
    incident = _in_review(store)
    store.run(review.tick, incident, fix_verified=True, docs_updated=True)
    items = {item.key: item for item in _checklist(store, incident).items}
    assert items["fix_verified"].done and items["fix_verified"].at is not None
    assert not items["monitoring_confirmed"].done and items["docs_updated"].done
    store.run(review.tick, incident, docs_updated=False, fix_verified=True)  # only the change is written
    items = {item.key: item for item in _checklist(store, incident).items}
    assert not items["docs_updated"].done and items["fix_verified"].done
    said = [json.loads(r[0]) for r in store.read(lambda c: c.execute(
        "SELECT details FROM timeline_entries WHERE details LIKE '{\"review\"%' ORDER BY at, id").fetchall())]
    assert said == [{"review": {"fix_verified": True, "docs_updated": True}}, {"review": {"docs_updated": False}}]
    with pytest.raises(CommandError) as unknown:
        store.run(review.tick, incident, tested=True)
    assert unknown.value.code == "bad_field"


def test_a_live_incident_has_no_review_to_tick(store: Store) -> None:
    incident = store.run(incidents.declare, title="کندی ایمیل").value
    with pytest.raises(CommandError) as refused:
        store.run(review.tick, incident, fix_verified=True)
    assert refused.value.code == "not_reviewable"


def test_only_the_commander_overrides_with_a_reason_and_the_timeline_keeps_it(store: Store) -> None:
    incident = _in_review(store)
    maryam = store.run(directory.add_person, "مریم احمدی").value
    ali = store.run(directory.add_person, "علی رضایی").value
    store.run(roles.assign, incident, "incident_commander", maryam)
    store.set_station(operator_id=maryam)
    with pytest.raises(CommandError) as no_reason:
        store.run(incidents.move, incident, "closed", override="   ")
    assert no_reason.value.code == "review_incomplete"
    store.set_station(operator_id=ali)
    with pytest.raises(CommandError) as not_commander:
        store.run(incidents.move, incident, "closed", override="مشتری منتظر است")
    assert not_commander.value.code == "override_not_commander"
    store.set_station(operator_id=maryam)
    store.run(incidents.move, incident, "closed", override="بازبینی در جلسهٔ هفتگی انجام می‌شود")
    entry = store.read(lambda c: c.execute(
        "SELECT text, details, author_id FROM timeline_entries WHERE details LIKE '%review_override%'").fetchone())
    assert entry[0] == "بازبینی در جلسهٔ هفتگی انجام می‌شود" and entry[2] == maryam
    assert json.loads(entry[1]) == {"review_override": list(review.ITEMS[:4])}


def test_lessons_learned_are_found_among_similar_past_incidents(store: Store) -> None:
    incident = _in_review(store)
    store.run(incidents.edit, incident, lessons="صف پیام‌ها را پایش کنید؛ کارگزار دوم بیفزایید")
    found = store.read(lambda c: queries.similar(c, "کارگزار پیام"))
    assert [(s.id, s.lessons) for s in found] == [(incident, "صف پیام‌ها را پایش کنید؛ کارگزار دوم بیفزایید")]


def test_reopening_clears_the_ticks_the_next_fix_is_verified_afresh(store: Store) -> None:
    incident = store.run(incidents.declare, title="قطعی").value
    store.run(incidents.move, incident, "resolved")
    store.run(review.tick, incident, **{item: True for item in review.TICKED})
    store.run(incidents.edit, incident, lessons="درس")
    assert _checklist(store, incident).done
    store.run(incidents.move, incident, "declared")  # the fix did not hold
    store.run(incidents.move, incident, "resolved")
    store.run(incidents.move, incident, "in_review")
    assert _checklist(store, incident).missing == review.TICKED  # the lessons stay written
    with pytest.raises(CommandError):
        store.run(incidents.move, incident, "closed")
