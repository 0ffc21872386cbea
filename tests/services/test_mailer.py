"""Delivery of stakeholder email (services/mailer.py) to a real SMTP server (aiosmtpd on
127.0.0.1): each recipient once, with the right headers and parts; refusals, a server down, a
refused login and a crash in the middle; two synced stations never both sending."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop.services import comms, mailer
from desktop.services.errors import CommandError
from desktop.services.store import Store
from desktop.text.calendar import utcnow
from desktop.wire import from_wire_time
from tests.helpers.mail import Handler, MailServer, free_port, queue_message
from tests.helpers.stations import apply_all, new_store, outbox, rows, scalar


def run(work):  # noqa: ANN001, ANN201
    """A coroutine on a loop of its own, in a thread of its own: the session's qasync loop
    (tests/conftest.py) stays the main thread's running loop, untouched."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, work).result()


def recipients(store: Store, notification_id: str) -> dict[str, dict]:
    found = rows(store, "SELECT address, state, attempts, error, next_try_at, sent_at FROM notification_recipients "
                        "WHERE notification_id = ?", (notification_id,))
    return {r[0]: dict(zip(("state", "attempts", "error", "next_try_at", "sent_at"), r[1:])) for r in found}


def entries(store: Store, notification_id: str) -> list[dict]:
    found = [json.loads(r[0]) for r in rows(store, "SELECT details FROM timeline_entries WHERE kind = 'communication' "
                                                   "ORDER BY at, id")]
    return [d for d in found if d.get("notification") == notification_id]


PEOPLE = ["ali@example.org", "sara@example.org", "reza@example.org"]


def test_each_recipient_gets_one_email_with_its_headers_and_a_right_to_left_html_part(store: Store) -> None:
    queued = queue_message(store, PEOPLE, title="<b>پایگاه داده</b> & «پرداخت» از کار افتاد", extra=["no one"])
    subject, text, message_id, ref = store.read(lambda c: c.execute(
        "SELECT n.subject, n.text, n.message_id, i.ref FROM notifications n JOIN incidents i ON i.id = n.incident_id "
        "WHERE n.id = ?", (queued.notification_id,)).fetchone())
    with MailServer() as server:
        report = run(mailer.deliver(store, server.settings()))
        again = run(mailer.deliver(store, server.settings()))
    handler = server.handler
    assert sorted(r.rcpt_tos[0] for r in handler.received) == sorted(PEOPLE)  # once each, one per message
    assert all(len(r.rcpt_tos) == 1 and r.mail_from == "crisis@example.org" for r in handler.received)
    assert report.ok and report.count("sent") == 3 and again.attempts == [] and again.waiting == 0
    for address in PEOPLE:
        [mail] = handler.to(address)
        assert mail["Message-ID"] == message_id and message_id.endswith(".crisisroom>")
        assert mail["Subject"] == subject and "پایگاه داده" in subject  # UTF-8, decoded back
        assert mail["To"].addresses[0].addr_spec == address and len(mail["To"].addresses) == 1
        assert mail["From"].addresses[0].addr_spec == "crisis@example.org"
        assert mail["From"].addresses[0].display_name == "اتاق بحران"
        assert mail["Auto-Submitted"] == "auto-generated" and mail["X-Crisis-Room-Incident"] == ref
        assert mail["Date"] is not None and mail.get_content_type() == "multipart/alternative"
        plain = mail.get_body(("plain",)).get_content()
        page = mail.get_body(("html",)).get_content()
        assert plain.strip() == text.strip()
        assert '<html dir="rtl" lang="fa">' in page and '<body dir="rtl"' in page and '<div dir="rtl">' in page
        assert "Vazirmatn, Tahoma" in page
        assert "&lt;b&gt;پایگاه داده&lt;/b&gt; &amp; «پرداخت»" in page and "<b>" not in page  # escaped, never raw
        assert "<p>" in page and "<br>" in page
    states = recipients(store, queued.notification_id)
    assert {a: s["state"] for a, s in states.items()} == {**dict.fromkeys(PEOPLE, "sent"), "": "failed"}
    assert states[""]["error"] == "no_address" and all(states[a]["sent_at"] and states[a]["attempts"] == 1 for a in PEOPLE)
    assert scalar(store, "SELECT state FROM notifications WHERE id = ?", (queued.notification_id,)) == "sent"
    done = entries(store, queued.notification_id)[-1]  # after comms.send's "queued" entry
    assert done == {"notification": queued.notification_id, "channel": "email", "state": "sent", "sent": 3,
                    "failed": 1, "unsure": 0, "recipients": 4, "event": "declared", "group": done["group"]}
    # The technical team's desktop message of the same declaration: marked sent once, for the tray.
    assert report.desktop and again.desktop == []
    assert [m.notification_id for m in store.read(mailer.desktop_messages)] == [
        m.notification_id for m in report.desktop]


def test_an_english_message_reads_left_to_right() -> None:
    job = mailer.Job("r", "n", "ann@example.org", "Ann", 1, "Outage", "Line one\nline two\n\n<i>next</i>", "en",
                     "<n@x.crisisroom>", "INC-1")
    mail = mailer.build_message(job, mailer.SmtpSettings(host="h", from_address="room@example.org"))
    page = mail.get_body(("html",)).get_content()
    assert '<html dir="ltr" lang="en">' in page and "<p>Line one<br>line two</p>" in page
    assert "<p>&lt;i&gt;next&lt;/i&gt;</p>" in page and mail["To"] == "Ann <ann@example.org>"


def test_an_address_the_server_refuses_fails_alone_with_the_servers_words(store: Store) -> None:
    queued = queue_message(store, PEOPLE)
    refusal = "550 5.1.1 <sara@example.org>: Recipient address rejected: User unknown"
    with MailServer(Handler(refuse={"sara@example.org": refusal})) as server:
        report = run(mailer.deliver(store, server.settings()))
    assert sorted(r.rcpt_tos[0] for r in server.handler.received) == ["ali@example.org", "reza@example.org"]
    states = recipients(store, queued.notification_id)
    assert states["sara@example.org"]["state"] == "failed" and states["sara@example.org"]["next_try_at"] is None
    assert states["sara@example.org"]["error"] == "refused: " + refusal
    assert not report.ok and report.problem == "" and report.count("failed") == 1
    assert scalar(store, "SELECT state FROM notifications WHERE id = ?", (queued.notification_id,)) == "sent"
    assert entries(store, queued.notification_id)[-1]["failed"] == 1
    with pytest.raises(CommandError) as refused:
        store.run(mailer.resend, "no-such-recipient")
    assert refused.value.code == "unknown_recipient"


def test_while_the_server_is_down_everything_waits_and_goes_once_it_is_back(store: Store) -> None:
    queued = queue_message(store, PEOPLE)
    server = MailServer(port=free_port())  # nothing listens there yet
    start = utcnow()
    report = run(mailer.deliver(store, server.settings(), now=start, rng=random.Random(1)))
    assert report.problem == "unreachable" and report.count("queued") == 3 and not report.ok
    for state in recipients(store, queued.notification_id).values():
        assert state["state"] == "queued" and state["attempts"] == 1 and state["error"].startswith("unreachable")
        assert dt.timedelta(seconds=24) <= from_wire_time(state["next_try_at"]) - start <= dt.timedelta(seconds=36)
    assert report.waiting == 3 and report.next_try_at > start
    later = run(mailer.deliver(store, server.settings(), now=start + dt.timedelta(seconds=10)))
    assert later.attempts == [] and later.problem == ""  # not due yet: not even tried
    with server:
        back = run(mailer.deliver(store, server.settings(), now=start + dt.timedelta(seconds=40)))
        assert run(mailer.deliver(store, server.settings(), now=start + dt.timedelta(hours=1))).attempts == []
    assert back.ok and sorted(r.rcpt_tos[0] for r in server.handler.received) == sorted(PEOPLE)
    assert {s["state"] for s in recipients(store, queued.notification_id).values()} == {"sent"}
    assert {s["error"] for s in recipients(store, queued.notification_id).values()} == {None}


def test_a_temporary_refusal_is_retried_later_with_a_growing_wait(store: Store) -> None:
    queued = queue_message(store, ["ali@example.org", "sara@example.org"])
    handler = Handler(refuse={"sara@example.org": "450 4.2.1 Mailbox busy, try later"})
    start = utcnow()
    with MailServer(handler) as server:
        run(mailer.deliver(store, server.settings(), now=start))
        first = recipients(store, queued.notification_id)["sara@example.org"]
        run(mailer.deliver(store, server.settings(), now=from_wire_time(first["next_try_at"])))
        second = recipients(store, queued.notification_id)["sara@example.org"]
        assert first["state"] == second["state"] == "queued" and second["attempts"] == 2
        assert second["error"] == "deferred: 450 4.2.1 Mailbox busy, try later"
        waited = from_wire_time(second["next_try_at"]) - from_wire_time(first["next_try_at"])
        assert dt.timedelta(seconds=48) <= waited <= dt.timedelta(seconds=72)  # 60 s ± 20 %
        assert scalar(store, "SELECT state FROM notifications WHERE id = ?", (queued.notification_id,)) == "queued"
        handler.refuse.clear()
        run(mailer.deliver(store, server.settings(), now=from_wire_time(second["next_try_at"])))
    assert [r.rcpt_tos[0] for r in handler.received] == ["ali@example.org", "sara@example.org"]
    message_id = scalar(store, "SELECT message_id FROM notifications WHERE id = ?", (queued.notification_id,))
    assert {r.message["Message-ID"] for r in handler.received} == {message_id}  # the third try's too
    assert scalar(store, "SELECT state FROM notifications WHERE id = ?", (queued.notification_id,)) == "sent"


def test_backoff_doubles_up_to_half_an_hour_with_jitter() -> None:
    rng = random.Random(7)
    for attempts, base in ((1, 30), (2, 60), (3, 120), (6, 960), (7, 1800), (40, 1800)):
        for _ in range(50):
            assert base * 0.8 <= mailer.backoff(attempts, rng).total_seconds() <= base * 1.2


def test_a_refused_login_keeps_every_message_queued_with_the_reason(store: Store) -> None:
    queued = queue_message(store, PEOPLE)
    start = utcnow()
    with MailServer(password="right one") as server:
        wrong = run(mailer.deliver(store, server.settings(username="crisis", password="wrong"), now=start))
        assert wrong.problem == "auth_failed" and server.handler.received == []
        for state in recipients(store, queued.notification_id).values():
            assert state["state"] == "queued" and state["error"].startswith("auth_failed: 535")
        right = run(mailer.deliver(store, server.settings(username="crisis", password="right one"),
                                   now=start + dt.timedelta(minutes=1)))
    assert right.ok and len(server.handler.received) == 3


def test_a_connection_lost_after_the_message_went_leaves_it_unsure_never_sent_twice(store: Store) -> None:
    queued = queue_message(store, PEOPLE)
    start = utcnow()
    handler = Handler(abort_data={"ali@example.org"})  # the server has it, and the line drops before it says so
    with MailServer(handler) as server:
        report = run(mailer.deliver(store, server.settings(), now=start))
        states = recipients(store, queued.notification_id)
        assert states["ali@example.org"]["state"] == "unsure" and states["ali@example.org"]["error"].startswith("interrupted")
        assert report.problem == "lost" and report.count("unsure") == 1
        assert report.count("sent") + report.count("queued") == 2  # those after it wait for the next run
        handler.abort_data.clear()
        run(mailer.deliver(store, server.settings(), now=start + dt.timedelta(minutes=5)))
        run(mailer.deliver(store, server.settings(), now=start + dt.timedelta(hours=5)))
    assert sorted(r.rcpt_tos[0] for r in handler.received) == sorted(PEOPLE)  # ali once: never again alone
    assert scalar(store, "SELECT state FROM notifications WHERE id = ?", (queued.notification_id,)) == "sent"
    assert entries(store, queued.notification_id)[-1]["unsure"] == 1


def test_a_restart_in_the_middle_makes_the_recipient_unsure_and_only_a_person_sends_it_again(tmp_path: Path) -> None:
    store = new_store(tmp_path / "station.db")
    queued = queue_message(store, ["ali@example.org", "sara@example.org"])
    ali = next(rid for rid, address in rows(store, "SELECT id, address FROM notification_recipients")
               if address == "ali@example.org")
    [job] = store.run(mailer.step, (), (ali,), utcnow()).value  # committed "sending" … and the process dies here
    assert job.address == "ali@example.org" and job.attempts == 1
    store.close()

    store = Store(tmp_path / "station.db")  # the next start
    with MailServer() as server:
        assert run(mailer.deliver(store, server.settings())).count("sent") == 1  # not recovered yet: not picked either
        assert store.run(mailer.recover).value == 1
        assert store.run(mailer.recover).value == 0
        assert run(mailer.deliver(store, server.settings())).attempts == []
        assert [r.rcpt_tos for r in server.handler.received] == [["sara@example.org"]]
        states = recipients(store, queued.notification_id)
        assert states["ali@example.org"]["state"] == "unsure" and states["ali@example.org"]["error"] == "interrupted"
        assert scalar(store, "SELECT state FROM notifications WHERE id = ?", (queued.notification_id,)) == "sent"
        assert entries(store, queued.notification_id)[-1] | {"group": None} == {
            "notification": queued.notification_id, "channel": "email", "event": "declared", "group": None,
            "state": "sent", "recipients": 2, "sent": 1, "failed": 0, "unsure": 1}

        store.run(mailer.resend, ali)  # a person checked: ali never got it
        assert scalar(store, "SELECT state FROM notifications WHERE id = ?", (queued.notification_id,)) == "queued"
        assert run(mailer.deliver(store, server.settings())).count("sent") == 1
        with pytest.raises(CommandError) as refused:
            store.run(mailer.resend, ali)  # sent now: nothing to send again
        assert refused.value.code == "not_resendable"
    assert sorted(r.rcpt_tos[0] for r in server.handler.received) == ["ali@example.org", "sara@example.org"]
    assert scalar(store, "SELECT state FROM notifications WHERE id = ?", (queued.notification_id,)) == "sent"
    store.close()


def test_two_synced_stations_never_both_send_a_message(tmp_path: Path) -> None:
    a, b = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    queued = queue_message(a, PEOPLE)
    ali = next(rid for rid, address in rows(a, "SELECT id, address FROM notification_recipients")
               if address == "ali@example.org")
    a.run(mailer.step, (), (ali,), utcnow())  # A claims ali, and stops before sending
    apply_all(b, outbox(a))  # B has the message and its recipients, queued by A
    theirs = [r[0] for r in rows(b, "SELECT id FROM notification_recipients WHERE state IN ('queued', 'sending')")]
    assert len(theirs) == 3
    with MailServer() as server:
        assert run(mailer.deliver(b, server.settings())).attempts == []  # not B's to send
        assert b.run(mailer.step, (), theirs, utcnow()).value == []  # nor can B claim it, even asked directly
        assert b.run(mailer.recover).value == 0  # nor is A's "sending" B's to judge
        assert a.run(mailer.recover).value == 1  # A starts again: ali may have it
        assert run(mailer.deliver(a, server.settings())).count("sent") == 2
        apply_all(b, outbox(a))  # A's delivery reaches B
        assert recipients(b, queued.notification_id)["ali@example.org"]["state"] == "unsure"
        assert run(mailer.deliver(b, server.settings())).attempts == []
        b.run(mailer.resend, ali)  # a person at B checked with ali: send it again
        assert run(mailer.deliver(b, server.settings())).attempts == []  # still A's to send
        apply_all(a, outbox(b))
        assert [x.address for x in run(mailer.deliver(a, server.settings())).attempts] == ["ali@example.org"]
        apply_all(b, outbox(a))
        assert run(mailer.deliver(b, server.settings())).attempts == []
        assert run(mailer.deliver(a, server.settings())).attempts == []
    assert sorted(r.rcpt_tos[0] for r in server.handler.received) == sorted(PEOPLE)  # each once, from A
    assert recipients(b, queued.notification_id)["ali@example.org"]["state"] == "sent"
    assert recipients(a, queued.notification_id)["ali@example.org"]["attempts"] == 2
    a.close()
    b.close()


def test_a_message_with_no_one_to_send_to_is_finished_as_failed(store: Store) -> None:
    queued = queue_message(store, [], extra=["no one", "nobody either"])
    with MailServer() as server:
        report = run(mailer.deliver(store, server.settings()))
    assert report.attempts == [] and server.handler.received == []
    assert scalar(store, "SELECT state FROM notifications WHERE id = ?", (queued.notification_id,)) == "failed"
    assert entries(store, queued.notification_id)[-1]["failed"] == 2


def test_without_a_mail_server_messages_wait_untouched(store: Store) -> None:
    queued = queue_message(store, PEOPLE)
    report = run(mailer.deliver(store, mailer.SmtpSettings()))
    assert report.problem == "not_configured" and report.waiting == 3 and report.attempts == []
    assert {s["attempts"] for s in recipients(store, queued.notification_id).values()} == {0}


def test_the_test_message_says_ok_or_the_servers_reason() -> None:
    with MailServer(Handler(refuse={"x@example.org": "550 5.1.1 no such user"})) as server:
        assert run(mailer.send_test(server.settings(), "me@example.org")) == ("ok", "")
        assert run(mailer.send_test(server.settings(), "x@example.org")) == ("refused", "550 5.1.1 no such user")
        [mail] = server.handler.to("me@example.org")
        assert mail["Subject"] == "Crisis Room: test message"
    code, _detail = run(mailer.send_test(server.settings(), "me@example.org"))  # stopped now
    assert code == "unreachable"
    assert run(mailer.send_test(mailer.SmtpSettings(), "me@example.org")) == ("not_configured", "")


def test_comms_send_and_delivery_agree_on_timeline_detail_keys(store: Store) -> None:
    queued = queue_message(store, PEOPLE[:1])
    with MailServer() as server:
        run(mailer.deliver(store, server.settings()))
    first, last = entries(store, queued.notification_id)
    assert set(first) <= set(last) and first["state"] == "queued" and last["state"] == "sent"
    assert comms.CHANNELS  # the channels a message can have: email is delivered here


def test_a_draft_is_delivered_by_the_station_whose_lead_sent_it(tmp_path: Path) -> None:
    a, b = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    queued = queue_message(a, PEOPLE)  # A's plan; the management's message waits for the lead as a draft
    from desktop.services import directory

    management = a.run(directory.built_in_group, "management").value
    a.run(directory.add_member, management, queued.people["ali@example.org"])
    draft = scalar(a, "SELECT id FROM notifications WHERE group_id = ? AND state = 'draft' AND channel = 'email' "
                      "ORDER BY created_at, id LIMIT 1", (management,))
    apply_all(b, outbox(a))
    b.set_station(operator_id=a.station.operator_id)
    b.run(comms.send, draft)  # the communications lead works at B
    apply_all(a, outbox(b))
    with MailServer() as server:
        assert run(mailer.deliver(a, server.settings())).count("sent") == 3  # A's own message only
        assert run(mailer.deliver(b, server.settings())).count("sent") == 1
        apply_all(a, outbox(b))
        assert run(mailer.deliver(a, server.settings())).attempts == []
    assert [r.rcpt_tos for r in server.handler.received if r.message["Message-ID"].startswith(f"<{draft}@")] == [
        ["ali@example.org"]]
    a.close()
    b.close()


def test_a_sender_that_is_no_address_keeps_everything_waiting_none_claimed(store: Store) -> None:
    queued = queue_message(store, PEOPLE)
    with MailServer() as server:
        report = run(mailer.deliver(store, server.settings(from_address="crisis room")))
    assert report.problem == "sender_refused" and server.handler.received == []
    assert {(s["state"], s["attempts"]) for s in recipients(store, queued.notification_id).values()} == {("queued", 1)}


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_over_tls_the_servers_certificate_is_checked(store: Store, tmp_path: Path, security: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import ssl

    from tests.helpers.mail import certificate

    queued = queue_message(store, PEOPLE[:2])
    cert = certificate(tmp_path)
    with MailServer(tls=security, cert=cert) as server:
        untrusted = run(mailer.deliver(store, server.settings(security=security)))
        assert untrusted.problem == "tls" and server.handler.received == []  # self-signed: not this station's CA
        assert {s["state"] for s in recipients(store, queued.notification_id).values()} == {"queued"}
        trusting = ssl.create_default_context(cafile=str(cert[0]))  # as if the organisation's CA were installed
        monkeypatch.setattr(mailer, "_tls_context", lambda: trusting)
        trusted = run(mailer.deliver(store, server.settings(security=security), retry_now=True))
    assert trusted.ok and sorted(r.rcpt_tos[0] for r in server.handler.received) == sorted(PEOPLE[:2])


def test_a_station_cannot_make_another_mail_for_it(tmp_path: Path) -> None:
    """Every station is untrusted by the others: B crafts ops that name A as the sender of B's
    message, and that add an address of B's choosing to A's message. A mails neither."""
    from desktop.services.apply import apply_op
    from desktop.services.ops import Change, MalformedOp, Op, validate
    from desktop.wire import new_id

    a, b = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    queued = queue_message(a, PEOPLE)
    apply_all(b, outbox(a))
    for target in (queued.notification_id, new_id()):  # A's own message, or a new one of B's making
        crafted = Op(op_id=new_id(), station_id=b.station.station_id, station_seq=10_000, hlc=1, operator_id=None,
                     changes=(Change("notification", target, {"station_id": a.station.station_id}),))
        with pytest.raises(MalformedOp) as refused:  # refused as malformed wherever it is checked
            validate(crafted)
        assert refused.value.code == "foreign_sender"
    # An earlier clock than A's own (hlc=1) on a recipient id of B's making, on A's message.
    stranger = new_id()
    sneaky = Op(op_id=new_id(), station_id=b.station.station_id, station_seq=10_001, hlc=1, operator_id=None,
                changes=(Change("notification_recipient", stranger,
                                {"notification_id": queued.notification_id, "person_id": None,
                                 "address": "attacker@evil.example", "state": "queued", "attempts": 0,
                                 "archived": False}),))
    validate(sneaky)  # well-formed: what A refuses is mailing it
    with a.engine.execution_options(immediate=True).begin() as conn:
        apply_op(conn.connection.driver_connection, sneaky, a.station.station_id)
    with MailServer() as server:
        report = run(mailer.deliver(a, server.settings()))
    assert sorted(r.rcpt_tos[0] for r in server.handler.received) == sorted(PEOPLE)  # A's own list, once each
    assert "attacker@evil.example" not in {r.rcpt_tos[0] for r in server.handler.received}
    assert recipients(a, queued.notification_id)["attacker@evil.example"]["error"] == "not_listed"
    assert report.count("sent") == len(PEOPLE)
    a.close()
    b.close()


def test_words_rewritten_by_another_station_after_queuing_are_not_mailed(tmp_path: Path) -> None:
    from desktop.services.apply import apply_op
    from desktop.services.ops import Change, MalformedOp, Op, validate
    from desktop.wire import new_id

    a, b = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    queued = queue_message(a, PEOPLE)
    rewrite = Op(op_id=new_id(), station_id=b.station.station_id, station_seq=10_000, hlc=(1 << 62),  # a later clock
                 operator_id=None, changes=(Change("notification", queued.notification_id,
                                                   {"subject": "PWNED", "text": "click http://evil.example"}),))
    validate(rewrite)
    with a.engine.execution_options(immediate=True).begin() as conn:
        apply_op(conn.connection.driver_connection, rewrite, a.station.station_id)
    with MailServer() as server:
        report = run(mailer.deliver(a, server.settings()))
    assert server.handler.received == [] and report.count("sent") == 0
    assert {r["error"] for r in recipients(a, queued.notification_id).values()} == {"changed_elsewhere"}
    lines = Op(op_id=new_id(), station_id=b.station.station_id, station_seq=10_001, hlc=1, operator_id=None,
               changes=(Change("notification", queued.notification_id, {"subject": "Line1\r\nBcc: x@evil.example"}),))
    with pytest.raises(MalformedOp):  # a header injection never reaches a station
        validate(lines)
    with pytest.raises(MalformedOp):  # nor does an op nested past Python's recursion limit
        Op.from_json("[" * 100_000 + "]" * 100_000)
    a.close()
    b.close()


def test_a_subject_is_one_line_whatever_the_lead_types(store: Store) -> None:
    queued = queue_message(store, PEOPLE)
    draft = store.run(comms.status_update_now, queued.incident_id).value
    ours = next(i for i in draft if scalar(store, "SELECT state FROM notifications WHERE id = ?", (i,)) == "draft")
    store.run(comms.edit_draft, ours, "Line1\r\nBcc: x@evil.example", "body")
    assert scalar(store, "SELECT subject FROM notifications WHERE id = ?", (ours,)) == "Line1 Bcc: x@evil.example"
