"""The signposting sheet a family takes away: a print view, a PDF and a link, all from the URL."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.concurrency import sync_to_thread
from litestar.response import Template

from search.port import Readership, SearchIndex
from services.http.pages import views
from services.http.state import Injected
from services.shared.urls import safe_url_or_blank

MAX_NOTE = 500
MAX_SERVICES = 20
_PLAIN = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def _ids(raw: list[str]) -> list[str]:
    found: list[str] = []
    for value in raw:
        for part in value.split(","):
            try:
                found.append(str(UUID(part.strip())))
            except ValueError:
                continue
    return list(dict.fromkeys(found))[:MAX_SERVICES]


async def sheet_services(index: SearchIndex, raw: list[str], *, audience: Readership) -> list[Any]:
    """The documents for the ids given (unknown or malformed ids are dropped)."""
    ids = _ids(raw)
    docs = await asyncio.gather(*(sync_to_thread(index.get, audience, id) for id in ids))
    return [doc for doc in docs if doc]


def sheet_entry(doc: dict[str, Any]) -> dict[str, Any]:
    """What the family needs for one service: public fields only."""
    contact = doc.get("contact") or {}
    return {
        "name": doc.get("name", ""),
        "organisation": doc.get("organisation", ""),
        "summary": doc.get("summary", ""),
        "ways_in": views.ways_in(doc),
        "cost": views.cost_text(doc),
        "when": views.when_text(doc),
        "phone": contact.get("phone", ""),
        "email": contact.get("email", ""),
        "url": safe_url_or_blank(contact.get("url") or doc.get("url") or ""),
        "area": doc.get("area_name", ""),
        "eligibility": doc.get("eligibility", ""),
        "languages": ", ".join(doc.get("languages") or []),
        "address": _address(doc),
        "checked": _checked(doc),
    }


def _address(doc: dict[str, Any]) -> str:
    """The first place with an address: where the family goes."""
    for loc in doc.get("locations") or []:
        parts = [loc.get("name", ""), loc.get("address", ""), loc.get("postcode", "")]
        if loc.get("address") or loc.get("postcode"):
            return ", ".join(p for p in parts if p)
    return ""


def _checked(doc: dict[str, Any]) -> str:
    raw = str(doc.get("last_verified") or "")
    try:
        return f"{dt.date.fromisoformat(raw[:10]):%d %B %Y}" if raw else ""
    except ValueError:
        return ""


def _latin(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def sheet_pdf(entries: list[dict[str, Any]], note: str, today: dt.date) -> bytes:
    """An A4 PDF of the sheet (core fonts, so no font files are needed)."""
    from fpdf import FPDF  # imported here: fpdf and its fontTools cost 0.4 s at every start

    pdf = FPDF(format="A4")
    pdf.set_title("Services that could help")
    pdf.set_margins(18, 18, 18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(0, 10, "Services that could help", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 6, f"Given on {today:%d %B %Y}", new_x="LMARGIN", new_y="NEXT")
    if note:
        pdf.ln(2)
        pdf.set_font("Helvetica", "", 12)
        pdf.multi_cell(0, 6, _latin(note), new_x="LMARGIN", new_y="NEXT")
    for entry in entries:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(0, 7, _latin(entry["name"]), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        lines = [
            f"Run by {entry['organisation']}" if entry["organisation"] else "",
            entry["summary"],
            f"Only for families living in {entry['area']}." if entry["area"] else "",
            f"Who can use it: {entry['eligibility']}" if entry["eligibility"] else "",
            f"Address: {entry['address']}" if entry["address"] else "",
            f"Languages: {entry['languages']}" if entry["languages"] else "",
            "How to get in: " + "; ".join(entry["ways_in"]) if entry["ways_in"] else "",
            f"Cost: {entry['cost']}",
            f"When: {entry['when']}" if entry["when"] else "",
            f"Phone: {entry['phone']}" if entry["phone"] else "",
            f"Email: {entry['email']}" if entry["email"] else "",
            f"Website: {entry['url']}" if entry["url"] else "",
            f"Details last checked: {entry['checked'] or 'not yet checked'}",
        ]
        for line in filter(None, lines):
            pdf.multi_cell(0, 6, _latin(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", "I", 10)
    pdf.multi_cell(0, 5, "In an emergency call 999.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


class SheetPages(Controller):
    """The family's link: public and cookie-free; the sheet lives in the address only."""

    path = "/sheet"
    include_in_schema = False

    @get("/")
    async def sheet(
        self, request: Request[Any, Any, Any], index: Injected[SearchIndex]
    ) -> Template:
        entries, note = await _sheet(request, index)
        pdf_url = "/sheet.pdf?" + request.url.query if request.url.query else "/sheet.pdf"
        return Template(
            "public/sheet.html",
            context={
                "entries": entries,
                "note": note,
                "pdf_url": pdf_url,
                "today": f"{dt.date.today():%d %B %Y}",
                "errors": {},
                "shortlist": None,
            },
        )


@get("/sheet.pdf", include_in_schema=False)
async def sheet_download(
    request: Request[Any, Any, Any], index: Injected[SearchIndex]
) -> Response[bytes]:
    entries, note = await _sheet(request, index)
    body = await sync_to_thread(sheet_pdf, entries, note, dt.date.today())
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": 'inline; filename="signposting-sheet.pdf"'},
    )


async def _sheet(
    request: Request[Any, Any, Any], index: SearchIndex
) -> tuple[list[dict[str, Any]], str]:
    docs = await sheet_services(index, request.query_params.getall("sl", []), audience="public")
    note = request.query_params.get("note", "")[:MAX_NOTE]
    return [sheet_entry(d) for d in docs], note
