"""The wall display's targets (issue #14), measured in one GUI process on real databases (offscreen).

Two stations: the "other" one, a coordinator whose commands are real commands through the write
path, and the wall's own, which has everything it shows from the other's ops. Those reach it
through ``Store.apply_remote`` — the call ``sync_once`` makes for every page it pulls from the hub —
on a Store of its own, as the sync thread has; then the change is announced on the GUI thread as
``BackgroundSync._deliver`` does. Only the hub (PostgreSQL) and the sync thread are left out: the
ops go from the other station's outbox straight into the wall's database, in order.

Times are simulated: the other station stamps its commands with the simulated clock, and the wall
is given the same clock (``WallWindow(ctx, clock=...)``), so a day passes in a couple of minutes.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.wall
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer

EPOCH = "wall-benchmark"  # the hub epoch the wall's station remembers
PAGE = 500  # ops per applied page, as the sync pulls them (client.PULL_PAGE order of size)
ACTIVE = 20  # active major incidents on the wall
SEV1 = 3  # of them critical, each with a team, tasks and a timeline (a focus page each)
CONTENT = {"title", "empty", "line", "heading"}  # boxes a page shows beside its frame
CONTENT_KINDS = ("metric:", "now:")  # …and the metrics page's (a name and this month's figure per measure)


class SimClock:
    """An aware UTC time that moves only when told: the wall's clock and the other station's."""

    def __init__(self, start: dt.datetime) -> None:
        self.at = start

    def __call__(self) -> dt.datetime:
        return self.at

    def millis(self) -> int:
        return int(self.at.timestamp() * 1000)

    def step(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


class OtherStation:
    """A coordinator station writing; its ops reach the wall's database as the sync applies them."""

    def __init__(self, path: Path, clock: SimClock) -> None:
        from desktop.db import open_database
        from desktop.services.store import Store

        self.clock = clock
        self.store = Store(open_database(path, short_code="HQ"), wall_clock=clock.millis)
        self.hub_seq = 0  # the position the hub would give each op
        self.rng = random.Random(14)
        self.people: list[str] = []
        self.services: list[str] = []
        self.declared = 0

    def run(self, command, *args: object, **kwargs: object) -> None:  # noqa: ANN001
        """One command, one transaction and one op, stamped with the simulated time."""
        with self.store.batch() as run:
            run(command, *args, at=self.clock(), **kwargs)

    def deliver(self, wall_db: Path, store=None) -> tuple:  # noqa: ANN001 - the sync thread's Store
        """Applies this station's ops the wall has not had yet, a page at a time; returns
        (the Changes, how many ops)."""
        from desktop.services.changes import Changes
        from desktop.services.store import Store

        ops = self.store.unacked()
        if not ops:
            return Changes(), 0
        own = store is None
        store = store or Store(wall_db)
        parts = []
        try:
            for first in range(0, len(ops), PAGE):
                rows = []
                for _station_seq, payload in ops[first:first + PAGE]:
                    self.hub_seq += 1
                    rows.append((self.hub_seq, json.loads(payload)))
                pulled = store.apply_remote(rows, self.hub_seq, EPOCH, self.clock.millis())
                if pulled.quarantined:
                    raise RuntimeError(f"the wall's station did not take an op: {pulled.quarantined[0]}")
                parts.append(pulled.changes)
        finally:
            if own:
                store.close()
        self.store.acknowledge(ops[-1][0])
        return Changes.union(parts), len(ops)

    # -- what the other station holds
    def active(self) -> list[tuple[str, str, str]]:
        """(id, status, severity) of the active incidents."""
        return self.store.read(lambda c: [tuple(r) for r in c.execute(
            "SELECT id, status, severity FROM incidents WHERE NOT archived AND status IN ('declared', 'contained') "
            "ORDER BY id")])

    def tasks_of(self, incident_ids: list[str]) -> list[tuple[str, str, str | None]]:
        marks = ", ".join("?" * len(incident_ids))
        return self.store.read(lambda c: [tuple(r) for r in c.execute(
            f'SELECT id, "column", owner_id FROM tasks WHERE NOT archived AND incident_id IN ({marks}) ORDER BY id',
            incident_ids)])

    # -- making incidents
    def declare(self, severity: str, minutes_ago: float = 0, staffed: bool = True, contained: bool = False,
                rich: bool = False) -> None:
        """One active incident: a sev1 (``rich``) with its whole team, tasks in every column and a
        timeline; the others with a commander, a task or two and a note."""
        from desktop.services import demo, incidents, roles, tasks, timeline

        rng, self.declared = self.rng, self.declared + 1
        start = self.clock() - dt.timedelta(minutes=minutes_ago)
        at = lambda m: start + dt.timedelta(minutes=m)  # noqa: E731
        title = f"{rng.choice(TITLES)} ({self.declared})"
        services = rng.sample(self.services, rng.randint(1, 3))
        with self.store.batch() as run:
            incident = run(incidents.declare, title=title, severity=severity, service_ids=services,
                           sla_minutes=rng.choice((None, 60, 120, 240, 480)), at=start,
                           description=rng.choice(demo.NOTES)).value
            if staffed:
                run(roles.assign, incident, "incident_commander", rng.choice(self.people), at=at(1))
            if rich:
                run(incidents.edit, incident, war_room="اتاق بحران طبقه ۳", bridge_url="https://meet.example.ir/wall",
                    bridge_phone="+98 21 8888 1234", at=at(2))
                for n, role in enumerate(("technical_lead", "communications_lead", "scribe", "sla_manager",
                                          "subject_matter_expert")):
                    run(roles.assign, incident, role, self.people[(n + self.declared) % len(self.people)], at=at(3))
            for n in range(12 if rich else rng.randint(0, 3)):
                title, column = demo.TASKS[n % len(demo.TASKS)]
                run(tasks.add, incident, f"{title} ({n + 1})", column, owner_id=rng.choice(self.people),
                    due_at=at(30 + 20 * n) if n % 3 == 0 else None, at=at(4 + n))
            for n in range(15 if rich else rng.randint(0, 2)):
                run(timeline.add_note, incident, rng.choice(demo.NOTES), at=at(5 + n))
            if contained:
                run(incidents.move, incident, "contained", at=at(20))

    # -- a stream of edits, as a coordinator makes them
    def edit(self, step: int) -> str:
        """One user action of a coordinator; returns what it was. Keeps about ACTIVE incidents
        running: declares and resolves in turn when there are too few or too many."""
        from desktop.services import demo, incidents, roles, tasks, timeline
        from desktop.services.errors import CommandError

        rng = self.rng
        active = self.active()
        choice = rng.random()
        if len(active) < ACTIVE - 2 or (choice < 0.12 and len(active) <= ACTIVE + 2):
            self.declare("sev1" if rng.random() < 0.15 else rng.choice(("sev2", "sev3", "sev4")), rich=False)
            return "declare"
        incident, status, _severity = rng.choice(active)
        if len(active) > ACTIVE + 2 or choice < 0.24:
            target = "contained" if status == "declared" and rng.random() < 0.5 else "resolved"
            self.run(incidents.move, incident, target)
            return "contain" if target == "contained" else "resolve"
        if choice < 0.45:
            found = self.tasks_of([i for i, _, s in active if s == "sev1"] or [incident])
            if found:
                task, column, owner = rng.choice(found)
                if owner is None:  # a card leaves "to do" only with an owner: taken first, as a person would
                    self.run(tasks.edit, task, owner_id=rng.choice(self.people))
                self.run(tasks.move, task, rng.choice([c for c in ("todo", "in_progress", "blocked", "done")
                                                       if c != column]))
                return "move task"
        if choice < 0.55:
            role = rng.choice(("incident_commander", "technical_lead", "scribe"))
            try:
                self.run(roles.assign, incident, role, rng.choice(self.people))
                return "assign"
            except CommandError:  # already holds it: a note instead
                pass
        self.run(timeline.add_note, incident, f"{rng.choice(demo.NOTES)} ({step})")
        return "note"


TITLES = ["قطعی درگاه پرداخت", "کندی همراه‌بانک", "خطای ورود در سامانه احراز هویت", "ازدحام صف ایمیل سازمانی",
          "Kubernetes node-7 NotReady", "پاسخ ندادن db01.tehran.example.ir", "خطای ERR-4012-B در مرکز تماس",
          "تأخیر تسویه کارت‌به‌کارت", "افت دسترس‌پذیری بانکداری اینترنتی به ۹۷٪", "HTTP 502 on the public API gateway"]


def stations(folder: Path, clock: SimClock) -> tuple[Path, OtherStation]:
    """The wall's station database with ACTIVE active incidents (SEV1 of them critical, with
    teams, tasks and timelines; the rest mixed sev2–sev4, some contained, some unstaffed), all
    of it made on the other station and pulled; and the other station, open."""
    from desktop.db import open_database
    from desktop.services import demo
    from desktop.services.store import Store

    other = OtherStation(folder / "other.db", clock)
    demo.generate(other.store, mark=False)  # a stand-in organisation: it syncs
    other.people = other.store.read(lambda c: [r[0] for r in c.execute("SELECT id FROM people ORDER BY id")])
    other.services = other.store.read(lambda c: [r[0] for r in c.execute("SELECT id FROM services ORDER BY id")])
    other.store.set_station(operator_id=other.people[0])
    present = other.active()
    sev1 = sum(1 for _, _, s in present if s == "sev1")
    for n in range(max(0, SEV1 - sev1)):
        other.declare("sev1", minutes_ago=40 + 70 * n, rich=True)
    for n in range(max(0, ACTIVE - len(other.active()))):
        other.declare(("sev2", "sev3", "sev2", "sev4", "sev3")[n % 5], minutes_ago=15 + 37 * n,
                      staffed=n % 4 != 3, contained=n % 3 == 2)
    wall_db = folder / "wall.db"
    wall = Store(open_database(wall_db, short_code="WL"))
    wall.set_station(kind="wall")
    wall.close()
    other.deliver(wall_db)
    return wall_db, other


# -- the window
def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _run_until(signal, timeout_ms: int = 30_000) -> bool:  # noqa: ANN001
    loop = QEventLoop()
    fired = []
    done = lambda *_: (fired.append(True), loop.quit())  # noqa: E731
    signal.connect(done)
    timer = QTimer(singleShot=True, interval=timeout_ms, timeout=loop.quit)
    timer.start()
    loop.exec()
    timer.stop()
    signal.disconnect(done)
    return bool(fired)


def _paint_now() -> None:
    """Processes the pending repaint here and now: what Qt does for the window's UpdateRequest
    (the paint into the backing store and its flush), nothing else (no timers, no other events)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateRequest)


@dataclass
class Wall:
    app: object
    ctx: object
    window: object
    font: object

    def close(self) -> None:
        from desktop.app import close_context

        self.window.close()
        close_context(self.ctx)
        self.app.setFont(self.font)
        self.window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _wall(db: Path, width: int, height: int, clock: SimClock) -> Wall:
    """A wall station's window as ``--wall`` opens it (its font, its size), its first picture
    read and painted."""
    from PySide6.QtGui import QFont

    from desktop.app import make_application, open_context, settle_memory
    from desktop.settings import Settings
    from desktop.views.wall import WALL_POINT_SIZE, WallWindow

    app = make_application("fa")
    font = app.font()
    app.setFont(QFont("Vazirmatn", WALL_POINT_SIZE))  # as app._station_window does for a wall
    ctx = open_context(db, "fa", Settings(Path(tempfile.mkdtemp()) / "wall.ini"), demo_if_new=False)
    window = WallWindow(ctx, clock=clock)
    window.resize(width, height)
    window.show()
    if window.picture is None and not _run_until(window.loaded):
        raise RuntimeError("the wall never loaded its picture")
    while window.paints == 0:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 100)
    while not ctx.worker.idle:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 100)
    settle_memory()  # as the app does once its window is up
    return Wall(app, ctx, window, font)


# -- target 1: the one-second repaint at 4K
def one_second_repaint(db: Path, clock: SimClock, ticks: int = 100, page_changes: int = 20,
                       reloads: int = 10) -> dict:
    """GUI-thread ms of the once-a-second tick at 3840×2160 on the overview (every incident's
    clocks on it) and on a sev1's focus page: from ``tick()`` to the end of the repaint it asks
    for, flushed; and of a page change (``advance()`` to the new page painted)."""
    wall = _wall(db, 3840, 2160, clock)
    window = wall.window
    try:
        picture = window.picture
        if len(picture.incidents) != ACTIVE:
            raise RuntimeError(f"the wall shows {len(picture.incidents)} active incidents, not {ACTIVE}")
        pages = list(window.rotation.pages)
        result = {"incidents": len(picture.incidents), "sev1": len(picture.sev1), "pages": len(pages)}
        for name, page, count in (("overview", pages[0], ticks),
                                  ("focus", next(p for p in pages if p.kind == "focus"), ticks // 2)):
            window.show_page(page)
            _paint_now()  # the new page's full paint: not part of the ticks
            clocks = len(window.sheet.ticking_rects())
            for _ in range(10):  # not measured: the first seconds' glyphs into Qt's caches
                clock.step(1)
                window.tick()
                _paint_now()
            times, cpu = [], []
            for _ in range(count):
                clock.step(1)
                full, fast = window.paints, window.fast_paints
                begin, begin_cpu = time.perf_counter(), time.thread_time()
                window.tick()
                _paint_now()
                times.append((time.perf_counter() - begin) * 1000)
                cpu.append((time.thread_time() - begin_cpu) * 1000)
                if window.fast_paints != fast + 1 or window.paints != full:
                    raise RuntimeError(f"the tick on the {name} page was not a clock-only paint "
                                       f"(fast {fast}→{window.fast_paints}, full {full}→{window.paints})")
            times.sort()
            result[name] = {"median": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1],
                            "max": times[-1], "cpu": statistics.median(cpu), "clocks": clocks, "ticks": count}
        full_times = []
        for _ in range(page_changes):
            before = window.paints
            begin = time.perf_counter()
            window.advance()
            _paint_now()
            full_times.append((time.perf_counter() - begin) * 1000)
            if window.paints != before + 1:
                raise RuntimeError("a page change did not paint the page")
        full_times.sort()
        result["page_change"] = {"median": statistics.median(full_times), "max": full_times[-1]}
        picture_cpu, repainted = [], 0  # the 60-second reload, or an edit elsewhere
        for _ in range(reloads):
            before = window.paints
            begin = time.thread_time()  # the GUI thread's own time: not the read on the worker
            window.reload()
            if not _run_until(window.loaded, 10_000):
                raise RuntimeError("the wall did not load its picture")
            _paint_now()
            picture_cpu.append((time.thread_time() - begin) * 1000)
            repainted += window.paints - before  # only when the picture changed (its clock moved on)
        result["picture"] = {"median": statistics.median(picture_cpu), "max": max(picture_cpu), "repainted": repainted}
        return result
    finally:
        wall.close()


# -- target 2: a day on the wall
def _shown(window) -> bool:  # noqa: ANN001
    """The page painted last has something on it besides its frame."""
    sheet = window.sheet
    return sheet is not None and any(b.lines for b in sheet.boxes
                                     if b.name in CONTENT or b.name.startswith(CONTENT_KINDS))


def _ink(window) -> float:  # noqa: ANN001
    """Of a grid of points between the top bar and the footer of the window as grabbed, the share
    not of the background colour."""
    from desktop.views.wall_paint import BACKGROUND

    image = window.grab().toImage()
    width, height = image.width(), image.height()
    top, bottom = int(height * 0.12), int(height * 0.92)
    points = ink = 0
    background = BACKGROUND.rgb()
    for y in range(top, bottom, 12):
        for x in range(0, width, 12):
            points += 1
            ink += image.pixel(x, y) != background
    return ink / points


def day(db: Path, other: OtherStation, clock: SimClock, hours: float = 24, step_s: int = 10,
        reload_s: int | None = None, rotate_s: int | None = None, edit_s: int = 180, grab_every: int = 360,
        warm_up: float = 0.1) -> dict:
    """``hours`` of simulated time at 1920×1080: every tick moves the clock ``step_s`` and is
    painted; every ``reload_s`` the wall reloads (its 60-second timer), every ``rotate_s`` the
    page turns (the default interval, 20 s), every ``edit_s`` the other station makes an edit
    that the wall pulls. The window's own timers run too, in real time. Returns the RSS after
    warm-up and at the end, the pages painted and the blank ones."""
    from desktop.services.store import Store
    from desktop.services.wall_rotation import INTERVAL_S
    from desktop.views.wall import RELOAD_MS

    reload_s = reload_s or RELOAD_MS // 1000
    rotate_s = rotate_s or INTERVAL_S

    wall = _wall(db, 1920, 1080, clock)
    window, ctx, app = wall.window, wall.ctx, wall.app
    sync_store = Store(db)  # the sync thread's own connection to the wall's database
    sync = object()  # the initiator the sync announces its changes with
    ticks = int(hours * 3600 // step_s)
    result = {"ticks": ticks, "edits": {}, "ops": 0, "blank": 0, "blank_ink": 0, "grabs": 0, "min_ink": 1.0,
              "rss": [], "late_loads": 0}
    paints_before, fast_before = window.paints, window.fast_paints
    pages = set()
    window.page_shown.connect(lambda page: pages.add(page))
    pictures = {"count": 0, "same": 0, "last": window.picture}

    def loaded() -> None:  # how many pictures were the same as the one before (each is painted in full)
        pictures["count"] += 1
        pictures["same"] += window.picture == pictures["last"]
        pictures["last"] = window.picture

    window.loaded.connect(loaded)
    start = time.perf_counter()
    warm_at = max(1, int(ticks * warm_up))
    try:
        for n in range(1, ticks + 1):
            clock.step(step_s)
            window.tick()
            app.processEvents()  # the tick's paint, and whatever else is due (the window's own timers)
            _paint_now()
            waiting = False
            seconds = n * step_s
            if seconds % rotate_s == 0:
                window.advance()
            if seconds % edit_s == 0:
                what = other.edit(n)
                result["edits"][what] = result["edits"].get(what, 0) + 1
                changes, count = other.deliver(db, sync_store)
                result["ops"] += count
                ctx.bus.changed.emit(changes, sync)  # as BackgroundSync._deliver, on the GUI thread
                waiting = True
            elif seconds % reload_s == 0:
                window.reload()
                waiting = True
            if waiting and not _run_until(window.loaded, 10_000):
                result["late_loads"] += 1
            _paint_now()
            if window.sheet is None:
                window.repaint()  # nothing painted since the last layout change: paint it now
            if not _shown(window):
                result["blank"] += 1
            if n % grab_every == 0:
                ink = _ink(window)
                result["grabs"] += 1
                result["min_ink"] = min(result["min_ink"], ink)
                if ink < 0.01:
                    result["blank_ink"] += 1
            if n == warm_at or n % max(1, ticks // 10) == 0 or n == ticks:
                gc.collect()
                result["rss"].append((n, _rss_mb()))
                if n == warm_at:
                    result["warm_rss"] = result["rss"][-1][1]
        while not ctx.worker.idle:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 100)
        gc.collect()
        result["end_rss"] = _rss_mb()
        result["growth"] = (result["end_rss"] / result["warm_rss"] - 1) * 100
        result["seconds"] = time.perf_counter() - start
        result["paints"] = window.paints - paints_before - result["grabs"]  # a grab paints the window too
        result["fast_paints"] = window.fast_paints - fast_before
        result["pages_seen"] = len(pages)
        result["pictures"], result["same_pictures"] = pictures["count"], pictures["same"]
        result["active_end"] = len(window.picture.incidents)
        if result["active_end"] != len(other.active()):
            raise RuntimeError(f"the wall shows {result['active_end']} active incidents, the other station "
                               f"has {len(other.active())}")
        return result
    finally:
        sync_store.close()
        wall.close()


def measure(folder: Path, hours: float = 24) -> dict:
    """Both targets on new stations made in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    clock = SimClock(dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
    begin = time.perf_counter()
    db, other = stations(folder, clock)
    made = time.perf_counter() - begin
    try:
        repaint = one_second_repaint(db, clock)
        run = day(db, other, clock, hours=hours)
    finally:
        other.store.close()
    return {"made": made, "repaint": repaint, "day": run}


def main() -> int:
    import sys

    hours = float(sys.argv[1]) if len(sys.argv) > 1 else 24
    begin = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        found = measure(Path(tmp), hours)
    repaint, run = found["repaint"], found["day"]
    print(f"stations made in {found['made']:.1f} s: {repaint['incidents']} active incidents, "
          f"{repaint['sev1']} sev1, {repaint['pages']} pages at 3840×2160")
    for name in ("overview", "focus"):
        r = repaint[name]
        print(f"one-second repaint at 3840×2160, {name} page ({r['clocks']} clocks), {r['ticks']} ticks: "
              f"median {r['median']:.2f} ms, p95 {r['p95']:.2f} ms, max {r['max']:.2f} ms "
              f"(GUI-thread CPU median {r['cpu']:.2f} ms)   target ≤ 10 ms")
    print(f"a page change at 3840×2160 (advance() to painted): median {repaint['page_change']['median']:.1f} ms, "
          f"max {repaint['page_change']['max']:.1f} ms; a new picture (reload, same data): GUI-thread CPU median "
          f"{repaint['picture']['median']:.1f} ms, max {repaint['picture']['max']:.1f} ms")
    rss = ", ".join(f"{n}: {mb:.0f}" for n, mb in run["rss"])
    print(f"{hours:g} h at 1920×1080 in {run['seconds']:.0f} s: {run['ticks']} ticks ({run['fast_paints']} clock-only "
          f"paints), {run['paints']} full paints, {run['pages_seen']} distinct pages, "
          f"{sum(run['edits'].values())} edits ({run['ops']} ops: "
          f"{', '.join(f'{k} {v}' for k, v in sorted(run['edits'].items()))}), {run['pictures']} pictures read "
          f"({run['same_pictures']} the same as the one before; {run['late_loads']} late)")
    print(f"memory: {run['warm_rss']:.1f} MB after warm-up → {run['end_rss']:.1f} MB at the end "
          f"({run['growth']:+.1f} %)   target ≤ 5 %;  RSS by tick: {rss}")
    print(f"blank pages: {run['blank']} of {run['ticks']} checked (boxes), {run['blank_ink']} of {run['grabs']} "
          f"grabbed (least ink {run['min_ink'] * 100:.1f} %)   target 0")
    print(f"in all {time.perf_counter() - begin:.0f} s")
    worst = max(repaint["overview"]["p95"], repaint["focus"]["p95"])
    ok = worst <= 10 and run["growth"] <= 5 and run["blank"] == 0 and run["blank_ink"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
