"""Realistic Persian demo data, made through the write path like any other edit.

Scale 1: eight incidents, one for every phase, one active sev1 with a full team, and seven closed
ones of the last four months for the metrics page (one of them a drill). Scale N (instead of those
seven) adds
synthetic history up to about 10·N incidents with 20 tasks and 100 timeline entries each
(scale 100: ~1,000 incidents, 20,000 tasks, 100,000 entries), a tenth of them active.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from desktop.models.people import GroupKind
from desktop.services import directory, incidents, records, review, roles, tasks, teams, timeline
from desktop.services.fractional import spread
from desktop.services.store import Store
from desktop.services.writer import Committed
from desktop.text.calendar import utcnow
from desktop.wire import new_id

PEOPLE = [  # name, title, team, phone
    ("مریم احمدی", "مدیر حادثه مهم", "مرکز عملیات", "0912 111 2233"),
    ("علی رضایی", "سرپرست زیرساخت", "زیرساخت", "0912 222 3344"),
    ("سارا محمدی", "کارشناس ارتباطات", "روابط عمومی", "0912 333 4455"),
    ("رضا کریمی", "کارشناس مستندسازی", "مرکز عملیات", "0912 444 5566"),
    ("نرگس حسینی", "مدیر سطح خدمت", "مدیریت خدمات", "0912 555 6677"),
    ("حمید موسوی", "کارشناس پایگاه‌داده", "داده", "0912 666 7788"),
    ("پیمان نوری", "مشاور شبکه (شرکت ابر پارس)", "بیرونی", "0912 777 8899"),
    ("زهرا کاظمی", "مهندس Kubernetes", "زیرساخت", "0912 888 9900"),
    ("امیر جعفری", "برنامه‌نویس ارشد", "پرداخت", "0912 999 0011"),
    ("لیلا صادقی", "کارشناس امنیت", "امنیت", "0913 111 2233"),
    ("کاوه عباسی", "معاون فناوری", "مدیریت ارشد", "0913 222 3344"),
    # Typed on an Arabic keyboard (persian.md test string 4): stored with Persian ی/ک.
    ("فاطمه قاسمی", "كاربر مديريت", "پشتیبانی", "0913 333 4455"),
]

TEAMS = [  # name, its lead (an index into PEOPLE), how to reach it
    ("مرکز عملیات", 0, "داخلی ۲۱۰، کانال #noc"), ("زیرساخت", 1, "آماده‌به‌کار: 0912 222 3344"),
    ("داده", 5, "داخلی ۲۴۰"), ("امنیت", 9, "soc@demo.example"), ("پرداخت", 8, "داخلی ۲۵۰"),
]

# .example is reserved for examples (RFC 2606): the demo's mail never reaches anyone.
EMAILS = ["maryam.ahmadi@demo.example", "ali.rezaei@demo.example", "sara.mohammadi@demo.example", "reza.karimi@demo.example",
          "narges.hosseini@demo.example", "hamid.mousavi@demo.example", "peyman.nouri@abrpars.example",
          "zahra.kazemi@demo.example", "amir.jafari@demo.example", "leila.sadeghi@demo.example", "kaveh.abbasi@demo.example",
          "fatemeh.ghasemi@demo.example"]

SERVICES = [
    ("درگاه پرداخت", "پرداخت اینترنتی مشتریان", "پرداخت"),
    ("بانکداری اینترنتی", "وب‌سایت بانکداری مشتریان", "کانال‌های دیجیتال"),
    ("همراه‌بانک", "برنامه تلفن همراه", "کانال‌های دیجیتال"),
    ("پایگاه‌داده مرکزی", "db01.tehran.example.ir", "داده"),
    ("سامانه احراز هویت", "ورود یکپارچه کارکنان و مشتریان", "امنیت"),
    ("ایمیل سازمانی", "پست الکترونیک کارکنان", "زیرساخت"),
    ("خوشه Kubernetes", "بستر اجرای سرویس‌ها", "زیرساخت"),
    ("مرکز تماس", "تلفن گویا و اپراتورها", "پشتیبانی"),
]

NOTES = [
    "سرور db01.tehran.example.ir از ساعت ۰۲:۱۵ پاسخ نمی\u200cدهد",
    "کد خطا: ERR-4012-B — تیکت INC-000123",
    "پل کنفرانس: +98 21 8888 1234، کد ورود ۴۴۱۲#",
    "پنجره تغییر: ۲۲:۰۰ تا ۰۲:۰۰ (به وقت تهران)",
    "تغییر MTTR: -12.5% نسبت به ماه قبل",
    "دسترس\u200cپذیری ۹۹٫۹۵٪ (هدف: ۹۹٫۹٪)",
    "لاگ‌های var/log/app/ بررسی شد؛ خطای اتصال به پایگاه‌داده تکرار می‌شود",
    "تیم شبکه مسیر جایگزین را فعال کرد",
    "گزارش وضعیت برای ذی‌نفعان کلیدی ارسال شد",
    "بار CPU روی node-7 به ۹۸٪ رسید",
]

TASKS = [
    ("بررسی لاگ‌های درگاه پرداخت", "done"),
    ("راه‌اندازی مجدد سرویس‌های معیوب", "done"),
    ("فعال‌سازی سرور پشتیبان db02", "in_progress"),
    ("تماس با پشتیبان شرکت ابر پارس", "in_progress"),
    ("افزایش ظرفیت خوشه Kubernetes", "blocked"),
    ("تهیه گزارش وضعیت برای مدیریت ارشد", "todo"),
    ("به‌روزرسانی صفحه وضعیت مشتریان", "todo"),
    ("بررسی اثر بر تراکنش‌های ناتمام", "todo"),
]

Run = Callable[..., Committed]


def _seed_directory(run: Run, at: dt.datetime) -> tuple[list[str], list[str]]:
    # The first person adds themselves, then everyone else: no op without an operator.
    first = new_id()
    run = _authored(run, first)
    people = [run(directory.add_person, name, title, team, phone=phone, email=EMAILS[n],
                  person_id=first if n == 0 else None, at=at).value
              for n, (name, title, team, phone) in enumerate(PEOPLE)]
    services = [run(directory.add_service, name, desc, team, at=at).value for name, desc, team in SERVICES]
    for team, lead, contact in TEAMS:  # the teams with a lead and an on-call line of their own
        run(teams.add_team, team, lead_id=people[lead], contact=contact, at=at)
    for kind, members in ((GroupKind.TECHNICAL_TEAM, (1, 5, 7, 8)), (GroupKind.MANAGEMENT, (10,)),
                          (GroupKind.KEY_STAKEHOLDERS, (4, 10)), (GroupKind.USERS, (11,))):
        group = run(directory.add_group, kind.value, at=at).value
        for index in members:
            run(directory.add_member, group, people[index], at=at)
    return people, services


def _authored(run: Run, author: str) -> Run:
    return lambda command, *args, **kwargs: run(command, *args, by=kwargs.pop("by", author), **kwargs)


def _story(run: Run, now: dt.datetime, people: list[str], services: list[str]) -> None:
    """The hand-made incidents: one in every phase, the first an active sev1 with a full team."""
    run = _authored(run, people[3])  # the scribe keeps the record
    minutes = lambda m: now - dt.timedelta(minutes=m)  # noqa: E731

    # Active sev1 with the whole team, tasks in every column and a full timeline.
    sev1 = run(incidents.declare, title="خطای HTTP 503 (Service Unavailable) در «درگاه پرداخت»",
               severity="sev1", impact="high", urgency="high", reported_via="monitoring",
               description="پرداخت‌های اینترنتی از ساعت ۰۲:۱۵ با خطای 503 رد می‌شوند.",
               service_ids=[services[0], services[1]], sla_minutes=240,
               detected_at=minutes(140), at=minutes(135)).value
    run(incidents.acknowledge, sev1, at=minutes(131))
    run(incidents.edit, sev1, bridge_url="https://meet.example.ir/crisis-room",
        bridge_phone="+98 21 8888 1234", bridge_pin="۴۴۱۲",
        war_room="ساختمان مرکزی، طبقه ۳، اتاق بحران", at=minutes(130))
    for index, role in enumerate(("incident_commander", "technical_lead", "communications_lead",
                                  "scribe", "sla_manager", "subject_matter_expert", "external_expert")):
        run(roles.assign, sev1, role, people[index], at=minutes(128 - index))
    run(roles.assign, sev1, "subject_matter_expert", people[7], at=minutes(100))
    owners = [people[1], people[5], people[5], people[6], people[7], people[2], people[2], None]
    for index, ((title, column), owner) in enumerate(zip(TASKS, owners)):
        run(tasks.add, sev1, title, column, owner_id=owner, due_at=minutes(60 - 20 * index),
            at=minutes(120 - 5 * index))
    for index, note in enumerate(NOTES):
        run(timeline.add_note, sev1, note, pinned=index in (0, 2), at=minutes(110 - 9 * index))
    run(records.open_problem, sev1, "خطای اتصال درگاه پرداخت به پایگاه‌داده مرکزی",
        workaround="هدایت تراکنش‌ها به سرور پشتیبان db02", at=minutes(60))
    run(records.open_change, sev1, "افزایش سقف اتصال‌های پایگاه‌داده و بازآغازی استخر اتصال",
        plan="۱. افزایش max_connections به ۸۰۰\n۲. بازآغازی تدریجی سرویس‌های پرداخت", risk="medium",
        risk_reason="بازآغازی استخر اتصال چند ثانیه پرداخت‌ها را متوقف می‌کند",
        rollback_plan="بازگرداندن پیکربندی قبلی از نسخه پشتیبان", at=minutes(45))

    # Contained sev2.
    k8s = run(incidents.declare, title="Kubernetes در وضعیت بحرانی است", severity="sev2",
              impact="high", urgency="medium", reported_via="rule", service_ids=[services[6]],
              sla_minutes=480, detected_at=minutes(300), at=minutes(295)).value
    run(incidents.acknowledge, k8s, at=minutes(280))
    run(roles.assign, k8s, "incident_commander", people[1], at=minutes(279))
    run(roles.assign, k8s, "technical_lead", people[7], at=minutes(278))
    run(tasks.add, k8s, "تخلیه node-7 و جابه‌جایی پادها", "in_progress", owner_id=people[7], at=minutes(270))
    run(timeline.add_note, k8s, "بار CPU روی node-7 به ۹۸٪ رسید", at=minutes(268))
    run(incidents.move, k8s, "contained", at=minutes(200))

    # Proposed through the hotline: waits in the candidate lane.
    run(incidents.declare, title="سرور db01.tehran.example.ir از ساعت ۰۲:۱۵ پاسخ نمی\u200cدهد",
        severity="sev1", reported_via="hotline", service_ids=[services[3]], proposed=True,
        description="چند شعبه گزارش داده‌اند که سامانه کند است.", at=minutes(12))

    # Declared sev3 with an identifier-heavy title.
    calls = run(incidents.declare, title="کد خطا: ERR-4012-B — تیکت INC-000123 در مرکز تماس",
                severity="sev3", impact="medium", urgency="medium", reported_via="intake",
                service_ids=[services[7]], sla_minutes=1440, at=minutes(50)).value
    run(roles.assign, calls, "incident_commander", people[3], at=minutes(48))

    # Resolved by a change; in review; closed with lessons learned; cancelled.
    def finished(title: str, severity: str, service: int, days: float, target: str) -> str:
        start = now - dt.timedelta(days=days)
        incident = run(incidents.declare, title=title, severity=severity, impact="high", urgency="high",
                       reported_via="technician", service_ids=[services[service]], sla_minutes=240,
                       at=start).value
        run(incidents.acknowledge, incident, at=start + dt.timedelta(minutes=6))
        run(roles.assign, incident, "incident_commander", people[0], at=start + dt.timedelta(minutes=7))
        run(tasks.add, incident, "بررسی علت ریشه‌ای", "done", owner_id=people[5], at=start + dt.timedelta(minutes=20))
        if target == "closed":  # the whole story: a complete problem record and an approved change
            run(records.open_problem, incident, "نشت اتصال پایگاه‌داده در نسخهٔ ۲٫۴", **_PROBLEM, owner_id=people[5],
                at=start + dt.timedelta(minutes=50))
            change = run(records.open_change, incident, "بازگرداندن نسخه قبلی", **_CHANGE, approved_by=people[0],
                         approved_at=start + dt.timedelta(minutes=62), scheduled_at=start + dt.timedelta(minutes=75),
                         implemented_at=start + dt.timedelta(minutes=80), at=start + dt.timedelta(minutes=60)).value
        else:
            change = run(records.open_change, incident, "بازگرداندن نسخه قبلی", risk="low",
                         approval="emergency", outcome="successful",
                         implemented_at=start + dt.timedelta(minutes=80), at=start + dt.timedelta(minutes=60)).value
        run(incidents.move, incident, "contained", at=start + dt.timedelta(minutes=40))
        run(incidents.move, incident, "resolved", change, at=start + dt.timedelta(minutes=95))
        if target in ("in_review", "closed"):
            run(incidents.move, incident, "in_review", at=start + dt.timedelta(days=1))
            run(tasks.add, incident, "افزودن هشدار برای تعداد اتصال‌ها", "todo", owner_id=people[1],
                source="review", due_at=now + dt.timedelta(days=7), at=start + dt.timedelta(days=1))
        if target == "closed":  # follow-ups in the register: one done, one overdue
            run(tasks.add, incident, "آزمون بار با خطای زمان‌سنج پیش از هر انتشار", "done", owner_id=people[5],
                source="review", due_at=start + dt.timedelta(days=10), at=start + dt.timedelta(days=1))
            run(tasks.add, incident, "به‌روزرسانی راهنمای بازگرداندن نسخه", "todo", owner_id=people[3],
                source="review", due_at=start + dt.timedelta(days=12), at=start + dt.timedelta(days=1))
            run(incidents.edit, incident, review_summary="نسخه معیوب به‌سرعت بازگردانده شد.",
                root_cause="نشت اتصال در نسخه ۲٫۴ سرویس", went_well="هماهنگی سریع تیم فنی",
                went_wrong="هشدار دیر فعال شد", got_lucky="ترافیک شبانه کم بود",
                lessons="برای شمار اتصال‌های باز هشدار بگذاریم و پیش از هر انتشار آزمون بار بگیریم.",
                at=start + dt.timedelta(days=2))
            run(review.tick, incident, fix_verified=True, monitoring_confirmed=True, docs_updated=True,
                at=start + dt.timedelta(days=2, minutes=30))
            run(incidents.move, incident, "closed", at=start + dt.timedelta(days=2, hours=1))
        return incident

    finished("قطعی ایمیل سازمانی", "sev2", 5, 1.5, "resolved")
    finished("کندی سامانه احراز هویت", "sev3", 4, 6, "in_review")
    finished("حادثهٔ مهم در همراه‌بانک: دسترس\u200cپذیری ۹۹٫۹۵٪ (هدف: ۹۹٫۹٪)", "sev2", 2, 20, "closed")
    false_alarm = run(incidents.declare, title="هشدار کاذب پایش شبکه داخلی", severity="sev4",
                      impact="low", urgency="low", reported_via="monitoring", at=minutes(600)).value
    run(incidents.move, false_alarm, "cancelled", at=minutes(590))


# Closed incidents of the last months, for the metrics page's trend (issue 17): days ago, severity,
# service, minutes to acknowledge, to contain, to resolve; and one drill, never counted.
_PAST = [(28, "sev2", 0, 4, 35, 130), (41, "sev3", 3, 9, 60, 300), (55, "sev1", 1, 3, 25, 70),
         (73, "sev2", 6, 6, 90, 520), (96, "sev3", 2, 12, 120, 1500), (118, "sev2", 0, 5, 40, 200)]


def _past_months(run: Run, now: dt.datetime, people: list[str], services: list[str]) -> None:
    run = _authored(run, people[3])  # the scribe keeps the record, as in the story
    for n, (days, severity, service, tta, ttc, ttr) in enumerate(_PAST):
        start = now - dt.timedelta(days=days, hours=n * 3)
        title = _SYNTHETIC_TITLES[n % len(_SYNTHETIC_TITLES)].format(service=SERVICES[service][0])
        _closed(run, start, people[n % 3], title, severity, services[service], tta, ttc, ttr)
    start = now - dt.timedelta(days=8, hours=5)
    _closed(run, start, people[1], "تمرین بازیابی پس از فاجعه: از دست رفتن مرکز داده اصلی", "sev1", services[3],
            3, 45, 180, exercise=True)


def _closed(run: Run, start: dt.datetime, commander: str, title: str, severity: str, service: str,
            tta: int, ttc: int, ttr: int, exercise: bool = False) -> str:
    def at(minutes: float) -> dt.datetime:
        return start + dt.timedelta(minutes=minutes)

    incident = run(incidents.declare, title=title, severity=severity, impact="high", urgency="medium",
                   reported_via="monitoring", service_ids=[service], sla_minutes=240, notify=False,
                   exercise=exercise, at=start).value
    run(incidents.acknowledge, incident, at=at(tta))
    run(roles.assign, incident, "incident_commander", commander, at=at(tta))
    run(incidents.move, incident, "contained", notify=False, at=at(ttc))
    run(incidents.move, incident, "resolved", notify=False, at=at(ttr))
    run(incidents.move, incident, "in_review", notify=False, at=at(ttr + 60))
    run(incidents.edit, incident, lessons=LESSONS[ttr % len(LESSONS)], at=at(ttr + 60))
    run(review.tick, incident, fix_verified=True, monitoring_confirmed=True, docs_updated=True, at=at(ttr + 61))
    run(incidents.move, incident, "closed", notify=False, at=at(ttr + 62))
    return incident


_PROBLEM = {
    "root_cause": "نسخهٔ ۲٫۴ سرویس اتصال‌های پایگاه‌داده را پس از هر خطای زمان‌سنج آزاد نمی‌کرد.",
    "five_whys": ["چرا همراه‌بانک از دسترس خارج شد؟ سرویس به پایگاه‌داده وصل نمی‌شد.",
                  "چرا وصل نمی‌شد؟ همهٔ اتصال‌های استخر در اختیار درخواست‌های قبلی بود.",
                  "چرا آزاد نمی‌شدند؟ پس از خطای زمان‌سنج، اتصال بسته نمی‌شد.",
                  "چرا بسته نمی‌شد؟ در نسخهٔ ۲٫۴ مدیریت خطا بازنویسی شده بود.",
                  "چرا در آزمون دیده نشد؟ آزمون بار با خطای زمان‌سنج اجرا نمی‌شد."],
    "contributing_factors": "هشدار تعداد اتصال‌ها تعریف نشده بود؛ انتشار در ساعت اوج انجام شد.",
    "workaround": "بازآغازی دوره‌ای سرویس هر ۳۰ دقیقه تا نصب نسخهٔ اصلاحی.",
    "known_error": "نسخهٔ ۲٫۴ سرویس همراه‌بانک اتصال‌ها را پس از خطای زمان‌سنج نشت می‌دهد.",
    "state": "closed",
}
_CHANGE = {
    "description": "بازگرداندن سرویس همراه‌بانک به نسخهٔ ۲٫۳ تا نشت اتصال برطرف شود.",
    "plan": "۱. توقف ترافیک ورودی\n۲. نصب نسخهٔ ۲٫۳\n۳. آزمون دود و بازگشایی ترافیک",
    "risk": "medium", "risk_reason": "در زمان نصب، سرویس حدود پنج دقیقه در دسترس نیست.",
    "rollback_plan": "نصب دوبارهٔ نسخهٔ ۲٫۴ از بستهٔ ذخیره‌شده",
    "approval": "approved", "outcome": "successful",
}


FOLLOW_UPS = ["هشدار برای آستانهٔ خطا", "به‌روزرسانی راهنمای بازگرداندن نسخه", "آزمون بار فصلی",
              "نقشهٔ وابستگی سرویس‌ها"]

LESSONS = [
    "هشدار پایش باید پیش از کاربران خبر می‌داد؛ آستانه را پایین‌تر بگذاریم.",
    "راهنمای بازگرداندن نسخه به‌روز نبود؛ پس از هر انتشار بازبینی شود.",
    "وابستگی پنهان به سرویس دیگر دیر پیدا شد؛ نقشهٔ وابستگی‌ها کامل شود.",
    "ظرفیت در ساعت اوج کم بود؛ آزمون بار پیش از هر فصل پرکار.",
]

_SYNTHETIC_TITLES = [
    "قطعی {service}", "کندی شدید {service}", "خطای ورود کاربران در {service}",
    "افزایش خطای 500 در {service}", "ناپایداری اتصال {service}", "تأخیر در پاسخ {service}",
]


def _history(run: Run, now: dt.datetime, people: list[str], services: list[str], numbers: range,
             rng: random.Random) -> None:
    """Synthetic incidents spread over the last two years, a tenth still active."""
    positions = spread(20)
    for n in numbers:
        write = _authored(run, people[(n * 7) % len(people)])
        active = n % 10 == 0
        start = now - dt.timedelta(hours=rng.uniform(1, 48) if active else rng.uniform(72, 17_000))
        service = rng.randrange(len(services))
        title = _SYNTHETIC_TITLES[n % len(_SYNTHETIC_TITLES)].format(service=SERVICES[service][0])
        incident = write(incidents.declare, title=f"{title} ({n + 1})", severity=f"sev{1 + n % 4}",
                       impact=("high", "medium", "low")[n % 3], urgency=("high", "medium")[n % 2],
                       reported_via=("technician", "monitoring", "rule", "hotline", "intake")[n % 5],
                       service_ids=[services[service]], sla_minutes=240, notify=active, at=start).value
        step = dt.timedelta(minutes=rng.uniform(1, 4))
        write(incidents.acknowledge, incident, at=start + step)
        write(roles.assign, incident, "incident_commander", people[n % len(people)], at=start + step)
        for t in range(20):
            column = ("done", "in_progress", "todo", "blocked")[t % 4] if active else "done"
            write(tasks.add, incident, f"{TASKS[t % len(TASKS)][0]} ({t + 1})", column,
                owner_id=people[(n + t) % len(people)], position=positions[t],
                due_at=start + dt.timedelta(hours=2 + t), at=start + step * (2 + t))
        for e in range(95):
            write(timeline.add_note, incident, NOTES[(n + e) % len(NOTES)],
                at=start + step * (3 + e))
        if not active:
            # Months-old history, brought in after the fact: nobody is told again.
            write(incidents.move, incident, "resolved", notify=False, at=start + step * 100)
            write(incidents.move, incident, "in_review", notify=False, at=start + step * 101)
            write(incidents.edit, incident, lessons=LESSONS[n % len(LESSONS)], at=start + step * 101)
            if n % 5 == 1:  # a follow-up action: most done, some still open or overdue (the register)
                write(tasks.add, incident, FOLLOW_UPS[n % len(FOLLOW_UPS)], "done" if n % 3 else "todo",
                      owner_id=people[(n + 3) % len(people)], source="review",
                      due_at=start + dt.timedelta(days=14), at=start + step * 101)
            write(review.tick, incident, fix_verified=True, monitoring_confirmed=True, docs_updated=True,
                  at=start + step * 102)
            write(incidents.move, incident, "closed", notify=False, at=start + step * 102)


def generate(store: Store, scale: int = 1, seed: int = 1405,
             progress: Callable[[int, int], None] | None = None, mark: bool = True) -> None:
    """Fills an empty station database with demo data (one transaction per chunk). The station
    is marked as a demo first (so even a generation cut short never joins a hub: its incidents
    are invented); ``mark=False`` only for tests and benchmarks that use the demo as a stand-in
    for a real organisation's data and sync it."""
    if mark:
        store.set_station(demo=True)
    now = utcnow().replace(microsecond=0)
    rng = random.Random(seed)
    start = now - dt.timedelta(days=800)
    with store.batch() as run:
        people, services = _seed_directory(run, start)
        _story(run, now, people, services)
        if scale == 1:  # a larger scale has two years of history for the metrics page already
            _past_months(run, now, people, services)
    extra = max(0, scale * 10 - 8) if scale > 1 else 0
    chunk = 25
    for first in range(0, extra, chunk):
        with store.batch() as run:
            _history(run, now, people, services, range(first, min(first + chunk, extra)), rng)
        if progress:
            progress(min(first + chunk, extra), extra)
