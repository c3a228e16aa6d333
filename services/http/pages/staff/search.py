"""Staff search with the staff-only filters and fields, and the signposting sheet."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qsl, urlencode
from uuid import UUID

from litestar import Controller, get, post
from litestar.concurrency import sync_to_thread
from litestar.datastructures import MultiDict
from litestar.response import Redirect, Template

from search.engine import SearchEngine
from search.geo import district_of
from search.port import SearchIndex, SearchQuery
from search.postcodes import PostcodeDirectory
from services.accounts.application import Accounts
from services.catalogue import taxonomy
from services.http.auth import csrf_protected
from services.http.guards import STAFF
from services.http.pages import views
from services.http.pages.staff.common import AnyRequest, page, principal
from services.http.pages.staff.sheet import MAX_NOTE, sheet_services
from services.http.search_params import parse_search_params
from services.http.state import Injected
from services.insights.application import Insights
from services.settings import Settings
from services.shared.days import DAY_NAMES
from services.shared.errors import SignpostError

PER_PAGE = 10
ROUTES = {
    "": "Any way in",
    "school": "The school can refer directly",
    "gp": "A GP can refer",
    "professional": "Another professional can refer",
    "self": "Families can refer themselves",
}
_KEYS = (
    "q",
    "postcode",
    "radius_km",
    "age",
    "referral_route",
    "free_only",
    "language",
    "category",
    "delivery",
    "day",
    "page",
)
_FILTERS = ("q", "postcode", "age", "referral_route", "language", "category", "delivery", "day")
_FIELDS = {"postcode", "age", "radius_km", "language", "category", "delivery", "day"}
DISTANCES = {
    "": "Any distance",
    "1.6": "Within 1 mile",
    "3.2": "Within 2 miles",
    "8": "Within 5 miles",
    "16": "Within 10 miles",
}
DAYS = {
    "": "Any day",
    **DAY_NAMES,
}


def _params(request: AnyRequest) -> MultiDict[str]:
    pairs = [(k, v) for k in _KEYS for v in request.query_params.getall(k, []) if v.strip()]
    return MultiDict([*pairs, ("per_page", str(PER_PAGE))])


def _filter_items(request: AnyRequest, values: dict[str, str]) -> dict[str, Any]:
    """The search form's choices for distance, type of help, delivery and day."""
    delivery = set(request.query_params.getall("delivery", []))
    categories = set(request.query_params.getall("category", []))
    return {
        "distance_items": [
            {"value": v, "text": t, "selected": values["radius_km"] == v}
            for v, t in DISTANCES.items()
        ],
        "category_items": [{"value": "", "text": "Any type of help"}]
        + [
            {
                "value": term.id,
                "text": term.name if parent is None else f"{parent.name}: {term.name}",
                "selected": term.id in categories,
            }
            for parent_term in taxonomy.top_level()
            for parent, term in [(None, parent_term)]
            + [(parent_term, c) for c in taxonomy.children_of(parent_term.id)]
        ],
        "delivery_items": [
            {"value": v, "text": t, "checked": v in delivery}
            for v, t in views.DELIVERY_LABELS.items()
        ],
        "day_items": [
            {"value": v, "text": t, "selected": values["day"] == v} for v, t in DAYS.items()
        ],
    }


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
        "area": doc.get("area_name") or doc.get("service_area", ""),
        "languages": ", ".join(doc.get("languages") or []),
    }


class StaffSearchPages(Controller):
    path = "/staff"
    include_in_schema = False
    guards = (STAFF,)

    @get("/search")
    async def search(
        self,
        request: AnyRequest,
        postcodes: Injected[PostcodeDirectory],
        index: Injected[SearchIndex],
        engine: Injected[SearchEngine],
        accounts: Injected[Accounts],
    ) -> Template:
        values = {k: request.query_params.get(k, "") for k in _KEYS}
        values["delivery"] = ",".join(request.query_params.getall("delivery", []))
        values["category"] = ",".join(request.query_params.getall("category", []))
        context: dict[str, Any] = {
            "values": values,
            "route_items": [
                {"value": v, "text": t, "checked": values["referral_route"] == v}
                for v, t in ROUTES.items()
            ],
            **_filter_items(request, values),
            "cards": None,
            "errors": {},
            "saved": await _saved(request, accounts),
            "query_string": urlencode(
                [
                    (k, v)
                    for k in _KEYS
                    if k != "page"
                    for v in request.query_params.getall(k, [])
                    if v
                ]
            ),
        }
        if not any(values[k] for k in _FILTERS):
            return page(request, "search.html", context)
        try:
            query, _ = parse_search_params(_params(request), postcodes)
        except SignpostError as error:
            field = error.field if error.field in _FIELDS else "q"
            context["errors"] = {field: error.message}
            return page(request, "search.html", context, status_code=400)
        result = await engine.search("staff", query)
        docs = await asyncio.gather(
            *(sync_to_thread(index.get, "staff", hit.id) for hit in result.hits)
        )
        context["cards"] = [
            staff_card(doc, hit.distance_km, hit.out_of_area)
            for hit, doc in zip(result.hits, docs, strict=True)
            if doc
        ]
        context["total"] = result.total
        context["result"] = result
        context["next_url"] = _page_url(context["query_string"], query, result.total_pages)
        return page(request, "search.html", context)

    @post("/searches", guards=[csrf_protected], status_code=303)
    async def save_search(
        self,
        request: AnyRequest,
        accounts: Injected[Accounts],
    ) -> Redirect:
        form = await request.form()
        raw = str(form.get("query") or "")
        shown = urlencode([(k, v) for k, v in parse_qsl(raw) if k in _KEYS and k != "page"])
        query = kept_query(raw, keep_age=bool(form.get("keep_age")))
        me = principal(request)
        if me.account_id is not None:
            name = str(form.get("name") or "").strip() or "My search"
            await sync_to_thread(accounts.save_search, me.account_id, name, query)
        return Redirect(f"/staff/search?{shown}", status_code=303)

    @post("/searches/forget", guards=[csrf_protected], status_code=303)
    async def forget_search(
        self,
        request: AnyRequest,
        accounts: Injected[Accounts],
    ) -> Redirect:
        form = await request.form()
        me = principal(request)
        if me.account_id is not None:
            await sync_to_thread(accounts.forget_search, me.account_id, str(form.get("name")))
        return Redirect("/staff/search", status_code=303)

    @get("/sheet")
    async def sheet_form(
        self,
        request: AnyRequest,
        index: Injected[SearchIndex],
    ) -> Template:
        ids = request.query_params.getall("id", [])
        services = await sheet_services(index, ids, audience="staff")
        postcode = request.query_params.get("postcode", "")
        context = {
            "services": services,
            "rows": sheet_rows(services, postcode),
            "ids": [s["id"] for s in services],
            "need": request.query_params.get("q", ""),
            "postcode": request.query_params.get("postcode", ""),
            "note": "",
            "errors": {} if services else {"services": "Choose at least one service"},
        }
        return page(request, "sheet_form.html", context, status_code=200 if services else 400)

    @post("/sheet", guards=[csrf_protected], status_code=303)
    async def record(
        self,
        request: AnyRequest,
        insights: Injected[Insights],
        index: Injected[SearchIndex],
    ) -> Redirect | Template:
        form = await request.form()
        ids = [str(v) for v in form.getall("id", [])]
        note = str(form.get("note") or "").strip()
        services = await sheet_services(index, ids, audience="public")
        errors: dict[str, str] = {}
        if not services:
            errors["services"] = "Choose at least one service"
        if len(note) > MAX_NOTE:
            errors["note"] = f"Keep the note to {MAX_NOTE} characters or fewer"
        if errors:
            rows = sheet_rows(services, str(form.get("postcode") or ""))
            context: dict[str, Any] = {"services": services, "rows": rows, "ids": ids}
            context |= {"note": note, "errors": errors}
            context |= {"need": form.get("need", ""), "postcode": form.get("postcode", "")}
            return page(request, "sheet_form.html", context, status_code=400)
        categories = [c for s in services for c in s.get("categories") or []]
        await sync_to_thread(
            insights.record_signposting,
            str(form.get("need") or ""),
            categories,
            str(form.get("postcode") or ""),
            [UUID(s["id"]) for s in services],
        )
        query = urlencode([("sl", ",".join(s["id"] for s in services)), ("note", note)])
        return Redirect(f"/staff/sheet/ready?{query}", status_code=303)

    @get("/sheet/ready")
    async def ready(
        self,
        request: AnyRequest,
        settings: Injected[Settings],
    ) -> Template:
        query = urlencode(
            [
                ("sl", request.query_params.get("sl", "")),
                ("note", request.query_params.get("note", "")),
            ]
        )
        base = settings.link_base()
        return page(
            request,
            "sheet_ready.html",
            {"family_url": f"{base}/sheet?{query}", "pdf_url": f"/sheet.pdf?{query}"},
        )


def kept_query(query: str, *, keep_age: bool) -> str:
    """What a saved search keeps of a family's details: the postcode district, not the full
    postcode, and the child's age only when the worker chose to keep it."""
    kept = []
    for key, value in parse_qsl(query, keep_blank_values=False):
        if key not in _KEYS or key == "page" or (key == "age" and not keep_age):
            continue
        if key == "postcode":
            value = district_of(value) or ""
        if value:
            kept.append((key, value))
    return urlencode(kept)


def sheet_rows(docs: list[dict[str, Any]], postcode: str) -> list[dict[str, Any]]:
    """Each chosen service with who can use it, and a warning when it does not cover the
    family's postcode district."""
    district = district_of(postcode) if postcode else None
    rows = []
    for doc in docs:
        covers = doc.get("area_districts") or []
        area = doc.get("area_name") or doc.get("service_area", "")
        warning = (
            f"Only for families living in {area}: {district} is not in it."
            if district and covers and district not in covers
            else ""
        )
        rows.append(
            {
                "id": doc["id"],
                "name": doc.get("name", ""),
                "organisation": doc.get("organisation", ""),
                "eligibility": doc.get("eligibility", ""),
                "area": area,
                "languages": ", ".join(doc.get("languages") or []),
                "warning": warning,
            }
        )
    return rows


async def _saved(request: AnyRequest, accounts: Accounts) -> dict[str, str]:
    me = principal(request)
    if me.account_id is None:
        return {}
    return await sync_to_thread(accounts.saved_searches, me.account_id)


def _page_url(query_string: str, query: SearchQuery, total_pages: int) -> str | None:
    if query.page >= total_pages:
        return None
    return f"/staff/search?{query_string}&page={query.page + 1}"
