"""One contract for the mail port: the console adapter, and SMTP to a real local server."""

from __future__ import annotations

import smtplib
import socket
import ssl
import subprocess
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from services.accounts.mail import KEPT, ConsoleMailer, Mailer, SmtpMailer

Delivered = Callable[[], list[tuple[str, str, str]]]
SENDER = "Signpost <signpost@council.example>"
LINK = "https://signpost.council.example/staff/invitations/" + "x" * 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """An aiosmtpd handler that keeps each message it is given, with its envelope."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"

    def delivered(self) -> list[tuple[str, str, str]]:
        return [
            (
                str(m["To"]),
                str(m["Subject"]),
                m.get_content().replace("\r\n", "\n").removesuffix("\n"),
            )
            for _, _, m in self.messages
        ]


class Logins:
    """An aiosmtpd authenticator that accepts one user and remembers who logged in."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        assert isinstance(data, LoginPassword)
        self.seen.append((data.login.decode(), data.password.decode()))
        ok = (data.login, data.password) == (b"signpost", b"s3cret")
        return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


class MailerContract:
    @pytest.fixture
    def mailer(self) -> Mailer:
        raise NotImplementedError

    @pytest.fixture
    def delivered(self) -> Delivered:
        """What has reached the other end: (address, subject, body) in order."""
        raise NotImplementedError

    def test_a_message_arrives_with_its_address_subject_and_body(
        self, mailer: Mailer, delivered: Delivered
    ) -> None:
        mailer.send("invitee@school.example", "You have been invited", f"Set up: {LINK}")
        assert delivered() == [
            ("invitee@school.example", "You have been invited", f"Set up: {LINK}")
        ]

    def test_words_beyond_ascii_arrive_intact(self, mailer: Mailer, delivered: Delivered) -> None:
        mailer.send("ffion@ysgol.example", "Croeso — gwahoddiad", "Croeso i'r cyfeiriadur: ŵ ŷ é")
        assert delivered() == [
            ("ffion@ysgol.example", "Croeso — gwahoddiad", "Croeso i'r cyfeiriadur: ŵ ŷ é")
        ]

    def test_messages_arrive_in_the_order_sent(self, mailer: Mailer, delivered: Delivered) -> None:
        for n in range(3):
            mailer.send(f"person{n}@school.example", f"Message {n}", f"Line one\nLine {n}")
        assert [subject for _, subject, _ in delivered()] == ["Message 0", "Message 1", "Message 2"]
        assert delivered()[2][2] == "Line one\nLine 2"

    @pytest.mark.parametrize(
        ("to", "subject"),
        [
            ("a@school.example", "Hello\r\nBcc: everyone@elsewhere.example"),
            ("a@school.example\nBcc: everyone@elsewhere.example", "Hello"),
        ],
    )
    def test_a_line_break_in_a_header_is_refused_and_nothing_is_sent(
        self, mailer: Mailer, delivered: Delivered, to: str, subject: str
    ) -> None:
        with pytest.raises(ValueError, match="line break"):
            mailer.send(to, subject, "body")
        assert delivered() == []


class TestConsoleMailer(MailerContract):
    @pytest.fixture
    def console(self) -> ConsoleMailer:
        return ConsoleMailer()

    @pytest.fixture
    def mailer(self, console: ConsoleMailer) -> Mailer:
        return console

    @pytest.fixture
    def delivered(self, console: ConsoleMailer) -> Delivered:
        return lambda: list(console.sent)

    def test_it_keeps_only_the_last_hundred_messages(self, console: ConsoleMailer) -> None:
        for n in range(KEPT + 50):
            console.send("a@school.example", f"Message {n}", "body")
        assert len(console.sent) == KEPT
        assert console.sent[0][1] == "Message 50" and console.sent[-1][1] == f"Message {KEPT + 49}"


class TestSmtpMailer(MailerContract):
    @pytest.fixture
    def mailer(self, smtp_server: tuple[Controller, Inbox]) -> Mailer:
        controller, _ = smtp_server
        return SmtpMailer(controller.hostname, controller.port, sender=SENDER, starttls=False)

    @pytest.fixture
    def delivered(self, smtp_server: tuple[Controller, Inbox]) -> Delivered:
        return smtp_server[1].delivered

    def test_the_envelope_names_the_sender_and_only_the_recipient(
        self, mailer: Mailer, smtp_server: tuple[Controller, Inbox]
    ) -> None:
        mailer.send("invitee@school.example", "Hello", "body")
        mail_from, rcpt_tos, message = smtp_server[1].messages[0]
        assert (mail_from, rcpt_tos) == ("signpost@council.example", ["invitee@school.example"])
        assert message["From"] == SENDER and message["Message-ID"] and message["Date"]

    @pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
    def test_it_logs_in_as_the_configured_user(self) -> None:
        inbox, logins = Inbox(), Logins()
        controller = Controller(
            inbox,
            hostname="127.0.0.1",
            port=_free_port(),
            authenticator=logins,
            auth_required=True,
            auth_require_tls=False,
        )
        controller.start()
        try:
            good, bad = (
                SmtpMailer(
                    "127.0.0.1",
                    controller.port,
                    sender=SENDER,
                    user="signpost",
                    password=password,
                    starttls=False,  # this server speaks plain SMTP only
                )
                for password in ("s3cret", "wrong")
            )
            good.send("a@school.example", "Hello", "body")
            with pytest.raises(smtplib.SMTPAuthenticationError):
                bad.send("b@school.example", "Hello", "body")
        finally:
            controller.stop()
        assert logins.seen[0] == ("signpost", "s3cret")
        assert set(logins.seen[1:]) == {("signpost", "wrong")}  # smtplib tries each mechanism
        assert inbox.delivered() == [("a@school.example", "Hello", "body")]

    def test_it_sends_over_starttls_to_a_server_it_trusts(self, tmp_path: Path) -> None:
        cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
        subprocess.run(
            [
                *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
                *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
                *("-keyout", str(key), "-out", str(cert)),
            ],
            check=True,
            capture_output=True,
        )
        server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_tls.load_cert_chain(cert, key)
        inbox = Inbox()
        controller = Controller(
            inbox,
            hostname="127.0.0.1",
            port=_free_port(),
            tls_context=server_tls,
            require_starttls=True,
        )
        controller.start()
        try:
            trusting = ssl.create_default_context(cafile=str(cert))
            mailer = SmtpMailer("127.0.0.1", controller.port, sender=SENDER, tls_context=trusting)
            mailer.send("a@school.example", "Over TLS", "body")
            stranger = SmtpMailer("127.0.0.1", controller.port, sender=SENDER)
            with pytest.raises(ssl.SSLCertVerificationError):
                stranger.send("b@school.example", "Not sent", "body")
        finally:
            controller.stop()
        assert inbox.delivered() == [("a@school.example", "Over TLS", "body")]

    def test_a_server_without_starttls_gets_nothing_when_tls_is_asked_for(
        self, smtp_server: tuple[Controller, Inbox]
    ) -> None:
        controller, inbox = smtp_server
        mailer = SmtpMailer(controller.hostname, controller.port, sender=SENDER)
        with pytest.raises(smtplib.SMTPNotSupportedError):
            mailer.send("a@school.example", "Hello", "body")
        assert inbox.delivered() == []

    def test_a_sender_is_required(self) -> None:
        with pytest.raises(ValueError, match="SIGNPOST_SMTP_FROM"):
            SmtpMailer("127.0.0.1", 25, sender="")
