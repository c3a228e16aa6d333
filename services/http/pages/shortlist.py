"""The shortlist page's entries: everything a family needs to act on a paper copy."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

import segno

from services.http.pages import views
from services.shared.urls import safe_url_or_blank


def entry(doc: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A shortlisted service: contacts, address, when, how to get in and when last checked."""
    s = views.service_view(doc, today)
    contact = s["contact"]
    website = safe_url_or_blank(contact.get("url") or "") or safe_url_or_blank(s.get("url") or "")
    sessions = [
        f"{session['text']}, at {session['where']}" if session["where"] else session["text"]
        for session in s["sessions_view"]
    ]
    held_at = {session["where"] for session in s["sessions_view"]}
    return {
        "id": s["id"],
        "name": s.get("name", ""),
        "organisation": s.get("organisation", ""),
        "summary": s.get("summary", ""),
        "alert": s.get("alert", ""),
        "phone": contact.get("phone") or "",
        "email": contact.get("email") or "",
        "website": website,
        "places": [place for place in s["places"] if place and place not in held_at],
        "when": sessions,
        "ways_in": s["ways_in"],
        "cost": s["cost_text"],
        "checked": s["checked"],
        "stale": s["stale"],
    }


def page_url(ids: tuple[str, ...], **extra: str) -> str:
    pairs = ([("sl", ",".join(ids))] if ids else []) + list(extra.items())
    return "/shortlist" + (f"?{urlencode(pairs, safe=',')}" if pairs else "")


@lru_cache(maxsize=512)
def qr_code(url: str) -> str:
    """The link as a QR code, an SVG data URI made here (no service elsewhere sees the list).
    Some 15-25 ms of pure Python: kept for the lists last shown, and made off the event loop."""
    return str(segno.make(url, error="m").svg_data_uri(scale=3, border=2))
