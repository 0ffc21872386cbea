"""The users' status page (issue 15): written to a folder, read back as HTML, in Persian and
English; bad folders refused with a code and no half-written file; delivery marked."""

from __future__ import annotations

import base64
import datetime as dt
import errno
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest

from desktop.models.keys import CommEvent
from desktop.paths import resources
from desktop.services import comms, directory, incidents, status_page
from desktop.services.errors import CommandError
from desktop.services.status_page import StatusPageError
from desktop.services.store import Store

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 27, 8, 15, tzinfo=UTC)  # Friday 6 Azar 1405, 11:45 in Tehran
TITLE = "قطعی <script>alert(1)</script> & «درگاه پرداخت»"
TEXT = ("خطای HTTP 503 (Service Unavailable) در «درگاه پرداخت»\n\n"
        "تیم فنی <b>در حال</b> بررسی است & به‌زودی خبر می‌دهیم.\nخط دوم </p><script>x()</script>")
PERSIAN_DIGITS = set("۰۱۲۳۴۵۶۷۸۹")


# -- reading the page back

class Page(HTMLParser):
    """The parsed page: every element with its attributes and its own text, in order."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self._open: list[int] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, []))
        if tag not in ("meta", "br", "link", "img", "input"):
            self._open.append(len(self.elements) - 1)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self.elements[self._open.pop()][0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for index in self._open:  # an element's text includes its children's
            self.elements[index][2].append(data)

    def all(self, tag: str, **attrs: str) -> list[tuple[dict[str, str], str]]:
        return [(a, "".join(t)) for name, a, t in self.elements
                if name == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def text(self, tag: str, **attrs: str) -> list[str]:
        return [t for _a, t in self.all(tag, **attrs)]

    def with_class(self, tag: str, word: str) -> list[str]:
        return ["".join(t) for name, a, t in self.elements if name == tag and word in a.get("class", "").split()]


# -- making incidents and their status-page messages

def _service(store: Store, name: str) -> str:
    return store.run(directory.add_service, name).value


def _at(store: Store, at: dt.datetime, command, *args, **kwargs):  # noqa: ANN001, ANN202
    """One command at a chosen time (committed: the next read sees it)."""
    with store.batch() as run:
        return run(command, *args, at=at, **kwargs).value


def _declare(store: Store, title: str, severity: str, service_ids: list[str], at: dt.datetime) -> str:
    return _at(store, at, incidents.declare, title=title, severity=severity, service_ids=service_ids)


def _drafts(store: Store, incident_id: str, channel: str = "status_page") -> list[str]:
    return store.read(lambda conn: [r[0] for r in conn.execute(
        "SELECT id FROM notifications WHERE incident_id = ? AND channel = ? AND state = 'draft' "
        "ORDER BY created_at DESC, id DESC", (incident_id, channel))])


def _tell_users(store: Store, incident_id: str, at: dt.datetime, text: str | None = None) -> str:
    """The communications lead sends the users' status-page message (a status update if the
    last event left no draft for them), edited to ``text`` first when given."""
    if not _drafts(store, incident_id):
        _at(store, at, comms.on_event, incident_id, CommEvent.STATUS_UPDATE)
    message_id = _drafts(store, incident_id)[0]
    if text is not None:
        _at(store, at, comms.edit_draft, message_id, "به‌روزرسانی", text)
    _at(store, at, comms.send, message_id)
    return message_id


def _state(store: Store, notification_id: str) -> tuple[str, str | None]:
    return tuple(store.read(lambda conn: conn.execute(
        "SELECT state, sent_at FROM notifications WHERE id = ?", (notification_id,)).fetchone()))


@pytest.fixture
def running(store: Store) -> dict[str, str]:
    """A critical incident on two services whose users were told, at T0."""
    payment = _service(store, "درگاه پرداخت")
    mobile = _service(store, "Mobile <bank> & co")
    incident_id = _declare(store, TITLE, "sev1", [payment, mobile], T0)
    message_id = _tell_users(store, incident_id, T0 + dt.timedelta(minutes=10), TEXT)
    return {"incident": incident_id, "message": message_id}


def _publish(store: Store, folder: Path, lang: str = "fa", now: dt.datetime = T0 + dt.timedelta(hours=1)) -> Path:
    return store.read(lambda conn: status_page.publish(conn, folder, lang, now))


def _page(store: Store, lang: str = "fa", now: dt.datetime = T0 + dt.timedelta(hours=1)) -> str:
    return store.read(lambda conn: status_page.page(conn, lang, now))


# -- the page

def test_the_persian_page_read_back(store: Store, running: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    path = _publish(store, folder)
    assert path == folder / "index.html"
    raw = path.read_text(encoding="utf-8")
    page = Page(raw)

    (html_attrs, _), = page.all("html")
    assert html_attrs["lang"] == "fa" and html_attrs["dir"] == "rtl"
    assert "<script" not in raw.lower()  # the title's and the message's <script> are text
    assert page.all("meta", charset="utf-8")
    assert page.all("meta", name="viewport")
    (refresh, _), = page.all("meta", **{"http-equiv": "refresh"})
    assert refresh["content"] == "60"
    (csp, _), = page.all("meta", **{"http-equiv": "Content-Security-Policy"})
    policy = [part.strip() for part in csp["content"].split(";")]
    assert {"default-src 'none'", "style-src 'unsafe-inline'", "font-src data:", "img-src data:"} <= set(policy)
    assert not any(p.startswith("script-src") for p in policy)
    # Nothing loads from anywhere: no element refers to another file.
    assert [(tag, a) for tag, a, _t in page.elements if {"src", "href", "action"} & set(a)] == []
    assert not {"script", "link", "img", "iframe", "object", "embed", "form"} & {tag for tag, _a, _t in page.elements}

    # Vazirmatn Regular and Bold, embedded byte for byte.
    style, = page.text("style")
    faces = re.findall(r"@font-face\{[^}]*font-weight:(\d+);[^}]*url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\)", style)
    assert [weight for weight, _data in faces] == ["400", "700"]
    for (_weight, data), name in zip(faces, ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf")):
        assert base64.b64decode(data) == (resources() / "fonts" / name).read_bytes()

    # The incident, its services and the message: present, escaped, and read back as typed.
    assert page.text("h3") == [TITLE]
    assert page.text("li") == ["Mobile <bank> & co", "درگاه پرداخت"]  # in Persian order: Latin first
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; «درگاه پرداخت»" in raw
    message, = page.with_class("div", "message")
    paragraphs = [t for a, t in page.all("p") if t in message]
    assert paragraphs == ["خطای HTTP 503 (Service Unavailable) در «درگاه پرداخت»",
                          "تیم فنی <b>در حال</b> بررسی است & به‌زودی خبر می‌دهیم.خط دوم </p><script>x()</script>"]
    assert "<br>" in raw and "&lt;b&gt;" in raw
    (div, _), = page.all("div", class_="message")
    assert div["dir"] == "rtl" and div["lang"] == "fa"

    # State and severity in words; Jalali times with Persian digits.
    chips = page.with_class("span", "chip")
    assert chips == ["وضعیت: اعلام‌شده", "شدت: بحرانی"]
    assert page.text("h2")[0] == "اختلال در سرویس‌ها"
    terms = page.text("dt")
    times = page.text("time")
    assert terms == ["سرویس‌های آسیب‌دیده", "زمان شروع", "آخرین به‌روزرسانی"]
    assert "جمعه ۶ آذر ۱۴۰۵، ساعت ۱۲:۴۵" in times[0]  # generated, weekday and all
    assert times[1:] == ["۶ آذر ۱۴۰۵، ساعت ۱۱:۴۵", "۶ آذر ۱۴۰۵، ساعت ۱۱:۵۵"]
    for shown in times:
        assert PERSIAN_DIGITS & set(shown) and not re.search(r"[0-9]", shown)
    assert "ساعت‌ها به وقت تهران است." in page.text("footer")[0]


def test_the_english_page_is_left_to_right_with_gregorian_dates(store: Store, running: dict[str, str]) -> None:
    page = Page(_page(store, "en"))
    (html_attrs, _), = page.all("html")
    assert (html_attrs["lang"], html_attrs["dir"]) == ("en", "ltr")
    assert page.with_class("span", "chip") == ["State: declared", "Severity: critical"]
    assert page.text("time")[1:] == ["27 November 2026, 11:45", "27 November 2026, 11:55"]
    assert page.text("h2")[0] == "Some services are disrupted"
    # The Persian title and service keep their own direction on an English page; the message
    # keeps its language's.
    (h3, title), = page.all("h3")
    assert title == TITLE and h3["dir"] == "auto"
    (div, _), = page.all("div", class_="message")
    assert (div["lang"], div["dir"]) == ("fa", "rtl")


def test_with_nothing_running_the_page_is_calm(store: Store) -> None:
    payment = _service(store, "درگاه پرداخت")
    # A draft the users were never sent, and a low incident whose plan has no status page.
    drafted = _declare(store, "هنوز اطلاع‌رسانی نشده", "sev2", [payment], T0)
    _at(store, T0, comms.on_event, drafted, CommEvent.STATUS_UPDATE)
    assert _drafts(store, drafted)
    low = _declare(store, "کندی جزئی", "sev4", [payment], T0)
    _at(store, T0, comms.on_event, low, CommEvent.STATUS_UPDATE)
    cancelled = _declare(store, "لغو پیام", "sev2", [payment], T0)
    _at(store, T0, comms.on_event, cancelled, CommEvent.STATUS_UPDATE)
    _at(store, T0, comms.discard, _drafts(store, cancelled)[0])

    for lang, calm in (("fa", "همه سرویس‌ها به‌طور عادی کار می‌کنند"), ("en", "All services are operating normally")):
        page = Page(_page(store, lang))
        assert page.text("h2") == [calm]
        assert page.all("article") == []
    assert "هنوز اطلاع‌رسانی نشده" not in _page(store, "fa")


def test_a_resolved_incident_stays_a_day_as_resolved(store: Store, running: dict[str, str]) -> None:
    resolved_at = T0 + dt.timedelta(hours=2)
    _at(store, resolved_at, incidents.move, running["incident"], "resolved")
    _tell_users(store, running["incident"], resolved_at + dt.timedelta(minutes=5))

    page = Page(_page(store, "fa", resolved_at + dt.timedelta(hours=23)))
    assert page.text("h2") == ["همه سرویس‌ها به‌طور عادی کار می‌کنند", "رفع‌شده در ۲۴ ساعت گذشته"]
    assert page.with_class("span", "chip") == ["وضعیت: رفع‌شده", "شدت: بحرانی"]
    assert page.text("dt") == ["سرویس‌های آسیب‌دیده", "زمان شروع", "زمان رفع", "آخرین به‌روزرسانی"]
    assert page.text("time")[1:] == ["۶ آذر ۱۴۰۵، ساعت ۱۱:۴۵", "۶ آذر ۱۴۰۵، ساعت ۱۳:۴۵", "۶ آذر ۱۴۰۵، ساعت ۱۳:۵۰"]
    assert "رفع شد" in page.with_class("div", "message")[0]  # the resolved message is the latest

    later = Page(_page(store, "fa", resolved_at + dt.timedelta(hours=25)))
    assert later.text("h2") == ["همه سرویس‌ها به‌طور عادی کار می‌کنند"] and later.all("article") == []


def test_the_latest_message_is_shown_most_pressing_incident_first(store: Store, running: dict[str, str]) -> None:
    second = "پیام دوم: سرویس تا نیم ساعت دیگر برمی‌گردد."
    _tell_users(store, running["incident"], T0 + dt.timedelta(minutes=40), second)
    service = _service(store, "اینترنت‌بانک")
    other = _declare(store, "کندی اینترنت‌بانک", "sev3", [service], T0 + dt.timedelta(minutes=20))
    _tell_users(store, other, T0 + dt.timedelta(minutes=25), "کندی در ورود به اینترنت‌بانک.")

    page = Page(_page(store))
    assert page.text("h3") == [TITLE, "کندی اینترنت‌بانک"]  # critical before medium
    assert page.with_class("div", "message") == [second, "کندی در ورود به اینترنت‌بانک."]
    assert "۶ آذر ۱۴۰۵، ساعت ۱۲:۲۵" in page.text("time")  # the latest message's time
    assert "۲ حادثه در جریان است" in page.text("p")[1]


# -- writing it

def test_publishing_again_replaces_the_page_atomically(store: Store, running: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "www"
    folder.mkdir()
    old_umask = os.umask(0o022)
    try:
        first = _publish(store, folder)
    finally:
        os.umask(old_umask)
    before = first.stat()
    assert stat.S_IMODE(before.st_mode) & 0o444 == 0o444  # a web server can read it
    _tell_users(store, running["incident"], T0 + dt.timedelta(minutes=30), "پیام تازه")

    second = _publish(store, folder, now=T0 + dt.timedelta(hours=2))
    assert second == first
    after = second.stat()
    assert after.st_ino != before.st_ino  # a new file renamed over the old one, never rewritten in place
    assert stat.S_IMODE(after.st_mode) == stat.S_IMODE(before.st_mode)
    assert "پیام تازه" in second.read_text(encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["index.html"]  # no temp file left


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder that refuses new files for whoever runs the tests: a 0500 folder for a user;
    for root (whom permissions do not stop) sysfs, where even root makes no files."""
    if os.geteuid() != 0:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
        return folder
    folder = Path("/sys")
    try:
        os.close(os.open(folder / "crisisroom-probe", os.O_WRONLY | os.O_CREAT | os.O_EXCL))
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return folder
    pytest.skip("no folder here refuses root's files")


def test_a_folder_that_is_not_writable_is_refused_with_nothing_left(store: Store, running: dict[str, str],
                                                                    tmp_path: Path) -> None:
    folder = _unwritable_folder(tmp_path)
    before = sorted(os.listdir(folder))
    try:
        with pytest.raises(StatusPageError) as raised:
            _publish(store, folder)
    finally:
        if folder.is_relative_to(tmp_path):
            folder.chmod(0o700)
    assert raised.value.code == "not_writable"
    assert raised.value.params["folder"] == str(folder)
    assert raised.value.params["cause"] in ("permission_denied", "read_only_fs")
    assert raised.value.params["reason"]  # the system's own words, for the details and the log
    assert sorted(os.listdir(folder)) == before


def test_a_folder_that_is_not_there_or_not_a_folder_is_refused(store: Store, running: dict[str, str],
                                                               tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "www"
    with pytest.raises(StatusPageError) as raised:
        _publish(store, missing)
    assert raised.value.code == "no_folder" and raised.value.params == {"folder": str(missing)}
    assert not (tmp_path / "gone").exists()  # nothing is created for it

    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    with pytest.raises(StatusPageError) as raised:
        _publish(store, a_file)
    assert raised.value.code == "not_a_folder"
    with pytest.raises(StatusPageError) as raised:
        _publish(store, a_file / "www")  # a path through a file
    assert raised.value.code == "no_folder"
    assert a_file.read_text() == "x"

    folder = tmp_path / "www"
    (folder / "index.html").mkdir(parents=True)  # a folder where the page would go
    with pytest.raises(StatusPageError) as raised:
        _publish(store, folder)
    assert raised.value.code == "not_regular"
    assert sorted(p.name for p in folder.iterdir()) == ["index.html"]


def test_a_link_out_of_the_folder_is_not_followed(store: Store, running: dict[str, str], tmp_path: Path) -> None:
    folder, outside = tmp_path / "www", tmp_path / "elsewhere.html"
    folder.mkdir()
    outside.write_text("keep")
    (folder / "index.html").symlink_to(outside)
    with pytest.raises(StatusPageError) as raised:
        _publish(store, folder)
    assert raised.value.code == "not_regular"
    assert outside.read_text() == "keep"


def test_a_disk_error_keeps_the_old_page_and_says_why(store: Store, running: dict[str, str], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "www"
    folder.mkdir()
    old = _publish(store, folder).read_bytes()

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)  # the disk fills up while the new page is written
    with pytest.raises(StatusPageError) as raised:
        _publish(store, folder, now=T0 + dt.timedelta(hours=3))
    assert raised.value.code == "write_failed"
    assert raised.value.params["cause"] == "disk_full"
    assert raised.value.params["reason"] == os.strerror(errno.ENOSPC)
    assert (folder / "index.html").read_bytes() == old
    assert sorted(p.name for p in folder.iterdir()) == ["index.html"]


# -- delivery

def test_publishing_marks_the_queued_messages_sent_and_nothing_else(store: Store, running: dict[str, str]) -> None:
    stamped = store.read(lambda conn: conn.execute(
        "SELECT station_id FROM notifications WHERE id = ?", (running["message"],)).fetchone()[0])
    assert stamped == store.station.station_id, "comms.send stamps the station that publishes it"
    queued = store.read(status_page.queued_ids, store.station.station_id)
    assert queued == [running["message"]]
    assert _state(store, running["message"])[0] == "queued"
    entries = store.read(lambda conn: conn.execute("SELECT count(*) FROM timeline_entries").fetchone()[0])
    draft = store.read(lambda conn: conn.execute(
        "SELECT id FROM notifications WHERE channel = 'status_page' AND state = 'draft' LIMIT 1").fetchone())
    published_at = T0 + dt.timedelta(hours=1)

    with store.batch() as run:  # the op's own time differs from the publication's
        done = run(status_page.mark_published, [*queued, *(draft or ())], published_at,
                   at=published_at + dt.timedelta(seconds=1))
    assert done.value == queued
    assert dict(done.changes.ids) == {"notification": frozenset(queued)}
    assert _state(store, running["message"]) == ("sent", "2026-11-27T09:15:00.000000Z")
    assert store.read(lambda conn: conn.execute("SELECT count(*) FROM timeline_entries").fetchone()[0]) == entries
    assert store.read(status_page.queued_ids, store.station.station_id) == []

    again = store.run(status_page.mark_published, queued)  # sent once: its time stays
    assert again.value == [] and _state(store, running["message"])[1] == "2026-11-27T09:15:00.000000Z"

    with pytest.raises(CommandError) as raised:
        store.run(status_page.mark_published, ["no-such-message"])
    assert raised.value.code == "unknown_notification"
    email = store.read(lambda conn: conn.execute(
        "SELECT id FROM notifications WHERE channel = 'email' LIMIT 1").fetchone()[0])
    with pytest.raises(CommandError) as raised:
        store.run(status_page.mark_published, [email])
    assert raised.value.code == "bad_value"
