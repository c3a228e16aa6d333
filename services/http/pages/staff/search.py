"""Staff search with the staff-only filters and fields, and the signposting sheet."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import Controller, get, post
from litestar.concurrency import sync_to_thread
from litestar.datastructures import MultiDict
from litestar.response import Redirect, Template

from search.port import SearchQuery
from services.http.auth import STAFF, csrf_protected
from services.http.pages import views
from services.http.pages.staff.common import AnyRequest, page, principal
from services.http.pages.staff.sheet import MAX_NOTE, sheet_services
from services.http.search_params import parse_search_params
from services.http.state import link_base, runtime_of
from services.shared.errors import SignpostError

PER_PAGE = 10
ROUTES = {
    "": "Any way in",
    "school": "The school can refer directly",
    "gp": "A GP can refer",
    "professional": "Another professional can refer",
    "self": "Families can refer themselves",
}
_KEYS = ("q", "postcode", "age", "referral_route", "free_only", "page")


def _params(request: AnyRequest) -> MultiDict[str]:
    pairs = [(k, v) for k in _KEYS for v in request.query_params.getall(k, []) if v.strip()]
    return MultiDict([*pairs, ("per_page", str(PER_PAGE))])


def staff_card(
    doc: dict[str, Any], distance_km: float | None, out_of_area: str = ""
) -> dict[str, Any]:
    contact = doc.get("staff_contact") or {}
    return {
        **views.result_card(doc, distance_km, out_of_area),
        "routes": [views.ROUTE_LABELS.get(r, r) for r in doc.get("referral_routes") or []],
        "thresholds": doc.get("thresholds", ""),
        "waiting_time": doc.get("waiting_time", ""),
        "staff_notes": doc.get("staff_notes", ""),
        "staff_contact": " · ".join(
            v for v in (contact.get("name"), contact.get("phone"), contact.get("email")) if v
        ),
        "eligibility": doc.get("eligibility", ""),
    }


class StaffSearchPages(Controller):
    path = "/staff"
    include_in_schema = False
    guards = (STAFF,)

    @get("/search")
    async def search(self, request: AnyRequest) -> Template:
        runtime = runtime_of(request)
        values = {k: request.query_params.get(k, "") for k in _KEYS}
        context: dict[str, Any] = {
            "values": values,
            "route_items": [
                {"value": v, "text": t, "checked": values["referral_route"] == v}
                for v, t in ROUTES.items()
            ],
            "cards": None,
            "errors": {},
            "saved": await _saved(request),
            "query_string": urlencode([(k, v) for k, v in values.items() if v and k != "page"]),
        }
        if not any(values[k] for k in ("q", "postcode", "age", "referral_route")):
            return page(request, "search.html", context)
        try:
            query, _ = parse_search_params(_params(request), runtime.postcodes)
        except SignpostError as error:
            field = error.field if error.field in ("postcode", "age") else "q"
            context["errors"] = {field: error.message}
            return page(request, "search.html", context, status_code=400)
        result = await runtime.search.search("staff", query)
        docs = await asyncio.gather(
            *(sync_to_thread(runtime.index.get, "staff", hit.id) for hit in result.hits)
        )
        context["cards"] = [
            staff_card(doc, hit.distance_km, hit.out_of_area)
            for hit, doc in zip(result.hits, docs, strict=True)
            if doc
        ]
        context["total"] = result.total
        context["result"] = result
        context["next_url"] = _page_url(values, query, result.total_pages)
        return page(request, "search.html", context)

    @post("/searches", guards=[csrf_protected], status_code=303)
    async def save_search(self, request: AnyRequest) -> Redirect:
        form = await request.form()
        query = str(form.get("query") or "")
        me = principal(request)
        if me.account_id is not None:
            accounts = runtime_of(request).accounts
            name = str(form.get("name") or "").strip() or "My search"
            await sync_to_thread(accounts.save_search, me.account_id, name, query)
        return Redirect(f"/staff/search?{query}", status_code=303)

    @post("/searches/forget", guards=[csrf_protected], status_code=303)
    async def forget_search(self, request: AnyRequest) -> Redirect:
        form = await request.form()
        me = principal(request)
        if me.account_id is not None:
            accounts = runtime_of(request).accounts
            await sync_to_thread(accounts.forget_search, me.account_id, str(form.get("name")))
        return Redirect("/staff/search", status_code=303)

    @get("/sheet")
    async def sheet_form(self, request: AnyRequest) -> Template:
        ids = request.query_params.getall("id", [])
        services = await sheet_services(runtime_of(request).index, ids, audience="staff")
        context = {
            "services": services,
            "ids": [s["id"] for s in services],
            "need": request.query_params.get("q", ""),
            "postcode": request.query_params.get("postcode", ""),
            "note": "",
            "errors": {} if services else {"services": "Choose at least one service"},
        }
        return page(request, "sheet_form.html", context, status_code=200 if services else 400)

    @post("/sheet", guards=[csrf_protected], status_code=303)
    async def record(self, request: AnyRequest) -> Redirect | Template:
        form = await request.form()
        runtime = runtime_of(request)
        ids = [str(v) for v in form.getall("id", [])]
        note = str(form.get("note") or "").strip()
        services = await sheet_services(runtime.index, ids, audience="public")
        errors: dict[str, str] = {}
        if not services:
            errors["services"] = "Choose at least one service"
        if len(note) > MAX_NOTE:
            errors["note"] = f"Keep the note to {MAX_NOTE} characters or fewer"
        if errors:
            context = {"services": services, "ids": ids, "note": note, "errors": errors}
            context |= {"need": form.get("need", ""), "postcode": form.get("postcode", "")}
            return page(request, "sheet_form.html", context, status_code=400)
        categories = [c for s in services for c in s.get("categories") or []]
        await sync_to_thread(
            runtime.insights.record_signposting,
            str(form.get("need") or ""),
            categories,
            str(form.get("postcode") or ""),
            [UUID(s["id"]) for s in services],
        )
        query = urlencode([("sl", ",".join(s["id"] for s in services)), ("note", note)])
        return Redirect(f"/staff/sheet/ready?{query}", status_code=303)

    @get("/sheet/ready")
    async def ready(self, request: AnyRequest) -> Template:
        query = urlencode(
            [
                ("sl", request.query_params.get("sl", "")),
                ("note", request.query_params.get("note", "")),
            ]
        )
        base = link_base(request)
        return page(
            request,
            "sheet_ready.html",
            {"family_url": f"{base}/sheet?{query}", "pdf_url": f"/sheet.pdf?{query}"},
        )


async def _saved(request: AnyRequest) -> dict[str, str]:
    me = principal(request)
    if me.account_id is None:
        return {}
    account = await sync_to_thread(runtime_of(request).accounts.get_account, me.account_id)
    return dict(account.saved_searches)


def _page_url(values: dict[str, str], query: SearchQuery, total_pages: int) -> str | None:
    if query.page >= total_pages:
        return None
    kept = [(k, v) for k, v in values.items() if v and k != "page"]
    return "/staff/search?" + urlencode([*kept, ("page", str(query.page + 1))])
