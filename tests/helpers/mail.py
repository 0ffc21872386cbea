"""A real SMTP server for delivery tests (aiosmtpd on 127.0.0.1, a free port, its own thread), and
stations with stakeholder messages queued to people who have email addresses."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from desktop.services import comms, directory, incidents
from desktop.services.mailer import SmtpSettings
from desktop.services.store import Store


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Handler:
    """Collects every message; refuses RCPT for ``refuse`` (address → reply); ``abort_data`` drops
    the connection once the message has arrived, before answering (a crash in the middle)."""

    refuse: dict[str, str] = field(default_factory=dict)
    abort_data: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201, N802
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        if set(envelope.rcpt_tos) & self.abort_data:
            server.transport.close()  # it has the message; the client never hears so
        return "250 2.0.0 queued"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [r.message for r in self.received if address in r.rcpt_tos]


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (its key beside it): what a server of one's own
    has before a real CA signs for it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "server.pem", folder / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class MailServer:
    """``with MailServer() as server``: a server at ``server.port``; ``server.stop()`` takes it
    down (the port stays the same for ``start()`` again). ``tls``: "starttls" (offered, and
    required before mail) or "tls" (from the first byte), with ``cert`` = (certificate, key)."""

    def __init__(self, handler: Handler | None = None, port: int | None = None, password: str | None = None,
                 tls: str = "none", cert: tuple[Path, Path] | None = None) -> None:
        self.handler = handler or Handler()
        self.port = port or free_port()
        self.password = password
        self.tls, self.cert = tls, cert
        self.controller = None

    def settings(self, **changes) -> SmtpSettings:  # noqa: ANN003
        fields = {"host": "127.0.0.1", "port": self.port, "security": "none", "from_address": "crisis@example.org",
                  "from_name": "اتاق بحران", "timeout": 10.0}
        return SmtpSettings(**{**fields, **changes})

    def start(self) -> MailServer:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        options = {}
        if self.password is not None:
            def check(server, session, envelope, mechanism, auth_data):  # noqa: ANN001, ANN202
                ok = getattr(auth_data, "password", b"") == self.password.encode()
                return AuthResult(success=ok, handled=False)

            options = {"authenticator": check, "auth_require_tls": False}  # a test server: AUTH without TLS
        if self.tls != "none":
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self.cert)
            options |= ({"tls_context": context, "require_starttls": True} if self.tls == "starttls"
                        else {"ssl_context": context})
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **options)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def __enter__(self) -> MailServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class Queued:
    incident_id: str
    notification_id: str
    people: dict[str, str]  # address → person id


def queue_message(store: Store, addresses: list[str], *, lang: str = "fa", title: str = "پایگاه داده از کار افتاد",
                  extra: list[str] = ()) -> Queued:
    """A station with an operator, a custom group of people with these addresses (``extra``: names
    of people with no address), a declared incident whose plan tells the group by email in
    ``lang`` at once, and that message queued here. Returns the ids."""
    if store.station.operator_id is None:
        operator = store.run(directory.add_person, "مدیر کشیک", email="oncall@example.org").value
        store.set_station(operator_id=operator)
    people = {}
    with store.batch() as run:
        group = run(directory.add_group, "custom", f"Group {len(addresses)} {title}").value
        for n, address in enumerate([*addresses, *extra]):
            person = run(directory.add_person, f"نفر {n}", email=address if address in addresses else "").value
            run(directory.add_member, group, person)
            people[address] = person
    incident = store.run(incidents.declare, title=title, severity="sev1").value
    # Told at once: the message is made and queued by one command (comms.on_event → send).
    store.run(comms.add_audience, incident, group, ("email",), lang, True)
    made = store.run(comms.on_event, incident, "declared").value
    ours = store.read(lambda conn: [r[0] for r in conn.execute(
        f"SELECT id FROM notifications WHERE id IN ({', '.join('?' * len(made))}) AND group_id = ? AND channel = 'email'",
        (*made, group))])
    assert len(ours) == 1
    return Queued(incident, ours[0], people)
