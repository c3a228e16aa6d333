"""Sending account e-mails behind a port: an SMTP adapter, and a console one that logs them."""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections import deque
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Protocol

log = logging.getLogger("signpost.mail")

KEPT = 100  # messages the console adapter remembers


class Mailer(Protocol):
    def send(self, to: str, subject: str, body: str) -> None:
        """Delivers one plain-text message (UTF-8) to one address, or raises. A line break in
        the address or the subject raises ValueError before anything is sent."""


def check_headers(to: str, subject: str) -> None:
    """No header injection: an address or subject never carries a line break."""
    for name, value in (("address", to), ("subject", subject)):
        if "\n" in value or "\r" in value:
            raise ValueError(f"A mail {name} cannot contain a line break.")


def deliver(mailer: Mailer, to: str, subject: str, body: str) -> bool:
    """Sends, or logs why not and answers False: for mail whose content a page also shows."""
    try:
        mailer.send(to, subject, body)
    except OSError as error:  # smtplib's and ssl's errors included
        log.warning("mail to %s not sent: %s", to, error)
        return False
    return True


class ConsoleMailer:
    """Writes messages to the log and keeps the last `kept` of them (for tests and the admin)."""

    def __init__(self, kept: int = KEPT) -> None:
        self.sent: deque[tuple[str, str, str]] = deque(maxlen=kept)

    def send(self, to: str, subject: str, body: str) -> None:
        check_headers(to, subject)
        self.sent.append((to, subject, body))
        log.info("mail to %s: %s\n%s", to, subject, body)


class SmtpMailer:
    """One SMTP connection per message (account mail is rare): STARTTLS unless turned off, and
    a login when a user is set. A server that cannot STARTTLS when asked gets nothing."""

    def __init__(
        self,
        host: str,
        port: int = 587,
        *,
        sender: str,
        user: str = "",
        password: str = "",
        starttls: bool = True,
        timeout: float = 15.0,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        if not sender:
            raise ValueError("SIGNPOST_SMTP_FROM must be set with SIGNPOST_SMTP_HOST.")
        self.host = host
        self.port = port
        self.sender = sender
        self._user = user
        self._password = password
        self._starttls = starttls
        self._timeout = timeout
        self._tls = tls_context

    def send(self, to: str, subject: str, body: str) -> None:
        check_headers(to, subject)
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = make_msgid(
            domain=parseaddr(self.sender)[1].rpartition("@")[2] or None
        )
        message.set_content(body)
        with smtplib.SMTP(self.host, self.port, timeout=self._timeout) as smtp:
            if self._starttls:
                smtp.starttls(context=self._tls or ssl.create_default_context())
            if self._user:
                smtp.login(self._user, self._password)
            smtp.send_message(message)
        log.info("mail to %s sent through %s:%d: %s", to, self.host, self.port, subject)
