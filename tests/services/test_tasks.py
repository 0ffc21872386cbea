"""Task commands (issue 16): edit every field and undo it, the owner rule, a multi-card move as
one op, priority, follow-up actions from the review, and the open tasks that look like a new one."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desktop.services import directory, incidents, tasks
from desktop.services.errors import CommandError
from desktop.services.store import Store
from desktop.services.undo import revert


def _task(store: Store, task_id: str) -> dict:
    cols = ("title", "details", "owner_id", "due_at", "priority", "column", "source", "position")
    row = store.read(lambda c: c.execute(f'SELECT {", ".join(f"{n!r}".replace(chr(39), chr(34)) for n in cols)} '
                                         "FROM tasks WHERE id = ?", (task_id,)).fetchone())
    return dict(zip(cols, row))


def _entries(store: Store, incident: str) -> list[dict]:
    return store.read(lambda c: [json.loads(r[0]) for r in c.execute(
        "SELECT details FROM timeline_entries WHERE incident_id = ? AND kind = 'task' ORDER BY at, id", (incident,))])


@pytest.fixture
def board(store: Store) -> tuple[Store, str, str, str]:
    incident = store.run(incidents.declare, title="قطع درگاه پرداخت", severity="sev1").value
    maryam = store.run(directory.add_person, "مریم احمدی").value
    ali = store.run(directory.add_person, "علی رضایی").value
    return store, incident, maryam, ali


def test_every_field_is_edited_with_one_entry_and_undone(board) -> None:  # noqa: ANN001
    store, incident, maryam, ali = board
    task = store.run(tasks.add, incident, "بررسی لاگ‌ها", owner_id=maryam).value
    assert _task(store, task)["priority"] == "normal"
    before = _task(store, task)
    due = dt.datetime(2026, 12, 2, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=3, minutes=30)))
    done = store.run(tasks.edit, task, title="بررسي لاگ‌های درگاه", details="از ساعت ۲", owner_id=ali,
                     due_at=due, priority="urgent")
    assert done.value == ["title", "details", "owner_id", "due_at", "priority"]
    after = _task(store, task)
    assert after["title"] == "بررسی لاگ‌های درگاه"  # Arabic ي stored as Persian ی
    assert (after["owner_id"], after["priority"], after["details"]) == (ali, "urgent", "از ساعت ۲")
    assert after["due_at"].startswith("2026-12-02T07:00")  # stored in UTC
    assert _entries(store, incident)[-1] == {"task": task, "action": "edited",
                                             "fields": ["title", "details", "owner_id", "due_at", "priority"]}
    store.run(revert, done.inverse, "undo")
    assert _task(store, task) == before
    assert store.run(tasks.edit, task, title="بررسی لاگ‌ها").value == []  # unchanged: nothing written


def test_each_field_alone_and_its_undo(board) -> None:  # noqa: ANN001
    store, incident, maryam, ali = board
    task = store.run(tasks.add, incident, "تماس با پشتیبان", owner_id=maryam).value
    due = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.timezone.utc)
    for name, value in (("title", "تماس با پشتیبان ابر"), ("details", "شماره ۲۱۰"), ("owner_id", ali),
                        ("due_at", due), ("priority", "low"), ("owner_id", None)):
        before = _task(store, task)
        done = store.run(tasks.edit, task, **{name: value})
        assert done.value == [name]
        store.run(revert, done.inverse, "undo")
        assert _task(store, task) == before


def test_bad_values_are_refused(board) -> None:  # noqa: ANN001
    store, incident, maryam, _ = board
    task = store.run(tasks.add, incident, "وظیفه", owner_id=maryam).value
    for changes, code in (({"priority": "sky_high"}, "bad_value"), ({"due_at": dt.datetime(2026, 1, 1)}, "bad_value"),
                          ({"title": "\u200c "}, "empty_title"), ({"owner_id": "nobody"}, "unknown_person"),
                          ({"column": "done"}, "bad_field")):
        with pytest.raises(CommandError) as refused:
            store.run(tasks.edit, task, **changes)
        assert refused.value.code == code
    with pytest.raises(CommandError) as refused:
        store.run(tasks.add, incident, "وظیفه", priority="sky_high")
    assert refused.value.code == "bad_value"


def test_the_owner_rule(board) -> None:  # noqa: ANN001
    store, incident, maryam, _ = board
    task = store.run(tasks.add, incident, "بی‌صاحب").value
    for column in ("in_progress", "blocked", "done"):
        with pytest.raises(CommandError) as refused:
            store.run(tasks.move, task, column)
        assert refused.value.code == "no_owner" and refused.value.params["value"] == "بی‌صاحب"
    with pytest.raises(CommandError):
        store.run(tasks.add, incident, "مستقیم در حال انجام", "in_progress")
    store.run(tasks.edit, task, owner_id=maryam)
    store.run(tasks.move, task, "in_progress")
    with pytest.raises(CommandError) as refused:
        store.run(tasks.edit, task, owner_id=None)  # past "to do": the owner stays
    assert refused.value.code == "no_owner"
    store.run(tasks.move, task, "todo")
    assert store.run(tasks.edit, task, owner_id=None).value == ["owner_id"]


def test_move_many_is_one_op_and_refused_whole_without_owners(board) -> None:  # noqa: ANN001
    store, incident, maryam, _ = board
    owned = [store.run(tasks.add, incident, f"وظیفه {n}", owner_id=maryam).value for n in range(3)]
    lonely = store.run(tasks.add, incident, "بی‌صاحب").value
    with pytest.raises(CommandError) as refused:
        store.run(tasks.move_many, [*owned, lonely], "done")
    assert refused.value.code == "no_owner" and refused.value.params["tasks"] == [lonely]
    assert {_task(store, t)["column"] for t in owned} == {"todo"}  # nothing moved
    done = store.run(tasks.move_many, owned, "done")
    assert done.value == owned and {_task(store, t)["column"] for t in owned} == {"done"}
    store.run(revert, done.inverse, "undo")  # one op, one undo
    assert {_task(store, t)["column"] for t in owned} == {"todo"}


def test_cards_moved_together_keep_the_order_given_and_leave_room_between(board) -> None:  # noqa: ANN001
    store, incident, maryam, _ = board
    cards = [store.run(tasks.add, incident, f"کار {n}", owner_id=maryam).value for n in range(4)]
    given = [cards[2], cards[0], cards[3], cards[1]]
    store.run(tasks.move_many, given, "done")
    positions = [_task(store, t)["position"] for t in given]
    assert positions == sorted(positions) and len(set(positions)) == 4  # in the order given, none shared
    store.run(tasks.move, cards[1], "done", positions[0], positions[1])  # a drop between two of them
    assert positions[0] < _task(store, cards[1])["position"] < positions[1]


def test_follow_up_actions_come_from_the_review(board) -> None:  # noqa: ANN001
    store, incident, _, _ = board
    task = store.run(tasks.add, incident, "افزودن هشدار", source="review", priority="high").value
    assert (_task(store, task)["source"], _task(store, task)["priority"]) == ("review", "high")


def test_open_tasks_that_look_like_a_new_title(board) -> None:  # noqa: ANN001
    store, incident, maryam, _ = board
    other = store.run(incidents.declare, title="حادثهٔ دیگر", severity="sev3").value
    logs = store.run(tasks.add, incident, "بررسی لاگ‌های درگاه ۲", owner_id=maryam).value
    kube = store.run(tasks.add, incident, "Kubernetes Cluster", owner_id=maryam).value
    closed = store.run(tasks.add, incident, "تماس با بانک", "done", owner_id=maryam).value
    store.run(tasks.add, other, "بررسي لاگ‌هاي درگاه 2")

    def similar(title: str) -> list[str]:
        return [t.id for t in store.read(tasks.similar_open, incident, title)]

    assert similar("بررسي لاگهاي  درگاه ٢") == [logs]  # Arabic letters and digits, no ZWNJ, two spaces
    assert similar("لاگ‌های درگاه") == [logs]  # contained
    assert similar("kubernetes cluster ") == [kube]
    assert similar("تماس با بانک") == []  # done: not open
    assert similar("هشدار جدید") == []
    assert closed and similar("بررسی لاگ‌های درگاه ۲ و پایگاه‌داده") == [logs]  # the other way round
