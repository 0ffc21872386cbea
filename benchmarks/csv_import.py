"""CSV import: 5,000 people and 500 services into a new organisation's station, from files as an
HR system exports them (Persian names, a few groups each, external ids), read, planned and
written through the write path in one transaction; then the same files again (all unchanged).

Run alone: .venv/bin/python -m benchmarks.csv_import
"""

from __future__ import annotations

import csv
import io
import tempfile
import time
from pathlib import Path

FIRST = ["مریم", "علی", "سارا", "رضا", "نرگس", "حمید", "پیمان", "زهرا", "امیر", "لیلا", "کاوه", "فاطمه"]
LAST = ["احمدی", "رضایی", "محمدی", "کریمی", "حسینی", "موسوی", "نوری", "کاظمی", "جعفری", "صادقی", "عباسی", "قاسمی"]
TEAMS = ["زیرساخت", "پرداخت", "داده", "امنیت", "پشتیبانی", "کانال‌های دیجیتال", "مرکز عملیات", "روابط عمومی"]
GROUPS = ["تیم فنی", "مدیریت ارشد", "ذی‌نفعان کلیدی", "کاربران", "هیئت مدیره", "کمیته بحران"]


def people_csv(count: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["نام", "ایمیل", "تلفن", "تیم", "عنوان", "گروه‌ها", "سازمان", "زبان‌ها", "کد پرسنلی"])
    for n in range(count):
        name = f"{FIRST[n % 12]} {LAST[(n // 12) % 12]} {n // 144 + 1}"
        writer.writerow([name, f"person{n}@example.ir", f"0912 {n % 1000:03d} {n % 10000:04d}", TEAMS[n % 8],
                         "کارشناس", ";".join(GROUPS[(n + k) % 6] for k in range(n % 3)),
                         "ابر پارس" if n % 50 == 0 else "", "fa, en", f"E-{10000 + n}"])
    return out.getvalue().encode("utf-8-sig")


def services_csv(count: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "description", "owner_team", "criticality", "sla_sev1", "sla_sev2", "sla_sev3",
                     "sla_sev4", "used_by", "external_id"])
    for n in range(count):
        writer.writerow([f"سرویس {n + 1}", "سامانه‌ای برای مشتریان", TEAMS[n % 8],
                         ("بحرانی", "high", "متوسط", "low")[n % 4], "۶۰", "240", "۱۴۴۰", "", "همه شعبه‌ها",
                         f"SRV-{n}"])
    return out.getvalue().encode("utf-8")


def _import(store, data: bytes, kind: str) -> tuple[int, int]:  # noqa: ANN001 - a Store
    from desktop.services import csv_import

    plan = store.read(csv_import.plan, csv_import.load(data, kind))
    assert not plan.refused, plan.refused[:3]
    done = csv_import.apply(store, plan)
    return done.added + done.changed, len(plan.unchanged)


def import_speed(folder: Path, people: int = 5000, services: int = 500) -> dict[str, float]:
    """Seconds to import ``people`` people and ``services`` services (decode, read, plan and
    write), and to import the same two files again (every row unchanged)."""
    from desktop.services import setup

    files = people_csv(people), services_csv(services)
    store = setup.new_organisation(folder / "import.db", station="دفتر مرکزی", code="HQ", operator="مریم احمدی")
    try:
        start = time.perf_counter()
        written = _import(store, files[0], "people")[0] + _import(store, files[1], "services")[0]
        first = time.perf_counter() - start
        assert written == people + services, written
        start = time.perf_counter()
        same = _import(store, files[0], "people")[1] + _import(store, files[1], "services")[1]
        again = time.perf_counter() - start
        assert same == people + services, same
        ops = store.read(lambda c: c.execute("SELECT count(*) FROM outbox").fetchone()[0])
    finally:
        store.close()
    return {"first": first, "again": again, "ops": ops, "people": people, "services": services}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        result = import_speed(Path(tmp))
    print(f"import {result['people']:,} people + {result['services']:,} services: {result['first']:.2f} s "
          f"({result['ops']:,} ops); again, all unchanged: {result['again']:.2f} s")
    return 0 if result["first"] <= 5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
