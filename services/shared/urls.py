"""The web addresses Signpost keeps, shows as links and publishes: http(s), mailto and tel."""

from __future__ import annotations

from urllib.parse import urlsplit

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def is_safe_url(url: str) -> bool:
    """An absolute http(s) address with a host, or mailto: or tel:; never javascript:, data:,
    a relative address, or one with spaces or control characters (which browsers strip)."""
    if not url or any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return False
    if scheme in ("http", "https"):
        return bool(parts.hostname)
    return bool(parts.path)


def safe_url_or_blank(url: str) -> str:
    """The address if it is safe to link to, else "" (for addresses stored before the rule)."""
    return url if is_safe_url(url) else ""
