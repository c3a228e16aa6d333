"""Sending account e-mails behind a port; the console adapter logs them for the admin to pass on."""

from __future__ import annotations

import logging
from typing import Protocol

log = logging.getLogger("signpost.mail")


class Mailer(Protocol):
    def send(self, to: str, subject: str, body: str) -> None:
        """Delivers one plain-text message, or raises."""


class ConsoleMailer:
    """Writes messages to the log (and keeps them, so tests can read what was sent)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send(self, to: str, subject: str, body: str) -> None:
        self.sent.append((to, subject, body))
        log.info("mail to %s: %s\n%s", to, subject, body)
