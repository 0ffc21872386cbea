"""Runs every benchmark and prints one table: what was measured, the figure, the target."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cold_start(mode: str, db: Path | None = None, runs: int = 7) -> float:
    """Median seconds from launching a process to its first painted window."""
    times = []
    for _ in range(runs):
        command = [sys.executable, str(ROOT / "benchmarks" / "startup_probe.py"), mode]
        if db:
            command.append(str(db))
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
        elapsed = time.perf_counter() - start
        if "painted" not in result.stdout:
            raise RuntimeError(f"{mode} did not paint: {result.stderr[-2000:]}")
        times.append(elapsed)
    return statistics.median(times)


def write_rate(folder: Path, count: int = 3000) -> tuple[float, float]:
    """Committed commands per second: a bare single-field edit, and incidents.edit (validation,
    the field and its timeline entry), each its own transaction with op and clocks."""
    from desktop.db import open_database
    from desktop.services import incidents
    from desktop.services.store import Store

    store = Store(open_database(folder / "write.db", short_code="B"))
    incident = store.run(incidents.declare, title="سنجش").value

    def put_title(tx, n: int) -> None:  # noqa: ANN001
        tx.put("incident", incident, title=f"عنوان {n}")

    start = time.perf_counter()
    for n in range(count):
        store.run(put_title, n)
    bare = count / (time.perf_counter() - start)
    start = time.perf_counter()
    for n in range(count):
        store.run(incidents.edit, incident, title=f"ویرایش {n}")
    command = count / (time.perf_counter() - start)
    store.close()
    return bare, command


def demo_scale(folder: Path, scale: int) -> tuple[float, Path]:
    from desktop.db import open_database
    from desktop.services import demo
    from desktop.services.store import Store

    path = folder / f"scale{scale}.db"
    store = Store(open_database(path, short_code="HQ"))
    start = time.perf_counter()
    demo.generate(store, scale=scale)
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed, path


def main() -> int:
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generation, scaled = demo_scale(folder, 100)
        rows.append(("demo generation, scale 100 (1,000 incidents, ~121k ops)", f"{generation:.1f} s", "—", "—"))
        bare = cold_start("bare")
        app = cold_start("app", scaled)
        ratio = app / bare
        rows.append(("cold start, bare PySide6 window", f"{bare:.3f} s", "—", "—"))
        rows.append(("cold start to painted board, scale-100 db", f"{app:.3f} s ({ratio:.1f}× bare)", "≤ 4× bare",
                     "ok" if ratio <= 4 else "MISSED"))
        put, edit = write_rate(folder)
        rows.append(("write path: single-field edits/s (tx.put)", f"{put:,.0f}", "≥ 2,000", "ok" if put >= 2000 else "MISSED"))
        rows.append(("write path: incidents.edit commands/s", f"{edit:,.0f}", "—", "—"))
    widths = [max(len(r[i]) for r in rows + [("benchmark", "result", "target", "")]) for i in range(4)]
    header = ("benchmark", "result", "target", "")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
    return 0 if all(r[3] != "MISSED" for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
