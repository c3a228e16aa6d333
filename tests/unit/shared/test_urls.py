"""Only http(s), mailto and tel addresses are links Signpost will keep, show or publish."""

from __future__ import annotations

import pytest

from services.shared.urls import is_safe_url


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.org/help",
        "HTTP://example.org",
        "mailto:help@example.org",
        "tel:+442071234567",
    ],
)
def test_web_mail_and_phone_addresses_are_safe(url: str) -> None:
    assert is_safe_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "//evil.example.org",
        "https:///no-host",
        "https://exa mple.org",
        "www.example.org",
        "file:///etc/passwd",
    ],
)
def test_scripts_data_relative_and_other_addresses_are_not(url: str) -> None:
    assert not is_safe_url(url)
