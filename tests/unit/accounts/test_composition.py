"""What the composition root builds for mail and the sign-in throttle, from the settings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from services.accounts.mail import ConsoleMailer, SmtpMailer
from services.accounts.throttle import InMemoryLoginThrottle, SqliteLoginThrottle
from services.runtime import build_accounts, build_login_throttle, build_mailer
from services.settings import Settings


def test_without_an_smtp_host_mail_goes_to_the_console() -> None:
    assert isinstance(build_mailer(Settings.from_env({})), ConsoleMailer)


def test_with_an_smtp_host_mail_goes_over_smtp_as_configured() -> None:
    mailer = build_mailer(
        Settings.from_env(
            {
                "SIGNPOST_SMTP_HOST": "smtp.council.example",
                "SIGNPOST_SMTP_PORT": "2525",
                "SIGNPOST_SMTP_FROM": "signpost@council.example",
                "SIGNPOST_SMTP_USER": "signpost",
                "SIGNPOST_SMTP_PASSWORD": "s3cret",
                "SIGNPOST_SMTP_STARTTLS": "0",
            }
        )
    )
    assert isinstance(mailer, SmtpMailer)
    assert (mailer.host, mailer.port, mailer.sender) == (
        "smtp.council.example",
        2525,
        "signpost@council.example",
    )


def test_an_smtp_host_without_a_sender_stops_the_start() -> None:
    with pytest.raises(ValueError, match="SIGNPOST_SMTP_FROM"):
        build_mailer(Settings.from_env({"SIGNPOST_SMTP_HOST": "smtp.council.example"}))


def test_the_embedded_throttle_lives_in_the_accounts_store_and_is_shared(tmp_path: Path) -> None:
    settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path)})
    accounts = build_accounts(settings)
    first, second = build_login_throttle(settings), build_login_throttle(settings)
    try:
        assert isinstance(first, SqliteLoginThrottle)
        for n in range(first.limit):
            assert (first, second)[n % 2].allow("198.51.100.7")
        assert not second.allow("198.51.100.7")
        path = settings.eventsourcing_env("accounts")["SQLITE_DBNAME"]
        with sqlite3.connect(path) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert {"signpost_login_attempts", "stored_events"} <= tables
    finally:
        first.close()
        second.close()
        accounts.close()


def test_an_in_memory_store_gets_an_in_memory_throttle() -> None:
    settings = Settings.from_env({"SIGNPOST_SQLITE_PATH": ":memory:"})
    assert isinstance(build_login_throttle(settings), InMemoryLoginThrottle)
