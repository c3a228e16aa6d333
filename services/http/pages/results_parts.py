"""The results page's parts: the filter panel, pages, and what to offer when nothing is found."""

from __future__ import annotations

import asyncio
from typing import Any

import msgspec
from litestar.concurrency import sync_to_thread

from search.engine import SearchEngine
from search.geo import district_of
from search.port import SearchPage, SearchQuery
from search.understanding import did_you_mean
from services.http.pages import views
from services.http.pages.helplines import HELPLINES
from services.http.search_params import DEFAULT_RADIUS_KM
from services.insights.application import Insights
from services.shared.days import DAY_NAMES


def place_words(typed: str) -> str:
    """Where the family said, for headings: a postcode in capitals, a place as typed."""
    typed = " ".join(typed.split())
    return typed.upper() if district_of(typed) else typed


def radius_items(selected: str) -> list[dict[str, Any]]:
    items = [{"value": "", "text": "Default (about 6 miles)", "selected": not selected}]
    items += [
        {
            "value": str(m),
            "text": f"Within {m} mile{'s' if m > 1 else ''}",
            "selected": selected == str(m),
        }
        for m in views.RADII_MILES
    ]
    return items


def sort_items(form: views.FormState) -> list[dict[str, Any]]:
    by_distance = form.value("sort") == "distance"
    return [
        {"value": "relevance", "text": "Best match", "checked": not by_distance},
        {"value": "distance", "text": "Nearest first", "checked": by_distance},
    ]


def filters(page: SearchPage, query: SearchQuery) -> dict[str, Any]:
    def checkbox(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {"value": o["value"], "text": f"{o['label']} ({o['count']})", "checked": o["checked"]}
            for o in options
        ]

    free = page.facets.get("cost", {}).get("free", 0)
    self_ref = page.facets.get("self_referral", {}).get("true", 0)
    days = page.facets.get("days", {})
    return {
        "categories": checkbox(views.category_options(page, query.categories)),
        "delivery": checkbox(
            views.facet_options(page, "delivery", views.DELIVERY_LABELS, query.delivery)
        ),
        "free": {"value": "true", "text": f"Free only ({free})", "checked": query.free_only},
        "self_referral": {
            "value": "true",
            "text": f"I can refer myself ({self_ref})",
            "checked": query.self_referral,
        },
        "days": [{"value": "", "text": "Any day", "selected": not query.day}]
        + [
            {"value": code, "text": f"{name} ({days.get(code, 0)})", "selected": code == query.day}
            for code, name in DAY_NAMES.items()
        ],
        "languages": [
            {"value": "", "text": "Any language", "selected": not query.language},
            *views.language_options(page, query.language or ""),
        ],
    }


def pagination(page: SearchPage, form: views.FormState) -> dict[str, Any] | None:
    if page.total_pages <= 1:
        return None
    current = page.page
    shown = sorted({1, page.total_pages, *range(max(1, current - 2), current + 3)})
    items: list[dict[str, Any]] = []
    last = 0
    for number in shown:
        if number > page.total_pages:
            continue
        if number - last > 1:
            items.append({"ellipsis": True})
        items.append(
            {"number": number, "href": form.url(page=number), "current": number == current}
        )
        last = number
    result: dict[str, Any] = {"items": items}
    if current > 1:
        result["previous"] = {"href": form.url(page=current - 1)}
    if current < page.total_pages:
        result["next"] = {"href": form.url(page=current + 1)}
    return result


async def no_results(
    engine: SearchEngine,
    insights: Insights,
    query: SearchQuery,
    form: views.FormState,
    catching_up: bool = False,
) -> dict[str, Any]:
    """Why nothing matched, a spelling that would find something, wider searches that would,
    and the gap record."""
    suggestion = did_you_mean(query.text, views.vocabulary()) if query.text else None
    candidates = _candidates(query, form, suggestion)
    pages = await asyncio.gather(
        *(engine.search("public", replace(q, per_page=1)) for _, _, q in candidates)
    )
    found = [(text, url, p.total) for (text, url, _), p in zip(candidates, pages, strict=True)]
    spelling = found.pop(0) if suggestion else None
    if query.page == 1 and not catching_up:
        await sync_to_thread(
            insights.record_unmet_search,
            query.text,
            views.unmet_filters(query),
            query.district or "",
        )
    return {
        "did_you_mean": spelling if spelling and spelling[2] else None,
        "widen": [w for w in found if w[2]],
        "why": _why(form),
        "helplines": HELPLINES,
    }


_Candidate = tuple[str, str, SearchQuery]  # (link text, link, the search it would run)


def _candidates(
    query: SearchQuery, form: views.FormState, suggestion: str | None
) -> list[_Candidate]:
    """The spelling suggested (first, if any), then each wider search worth trying."""
    candidates: list[_Candidate] = []
    if suggestion:
        candidates.append(
            (suggestion, form.url(q=suggestion, page=None), replace(query, text=suggestion))
        )
    if query.radius_km is not None:
        candidates.append(
            (
                "Search a wider area (within 25 miles)",
                form.url(miles=25, page=None),
                replace(query, radius_km=25 * views.KM_PER_MILE),
            )
        )
    candidates += _without_filters(query, form)
    if query.text:
        candidates.append(
            (
                "Show every service nearby, whatever the words"
                if query.position
                else "Show every service, whatever the words",
                form.url(q=None, page=None),
                replace(query, text=""),
            ),
        )
    return candidates


def _without_filters(query: SearchQuery, form: views.FormState) -> list[_Candidate]:
    """The search without each filter in force, and (with two or more) without them all."""
    candidates: list[_Candidate] = []
    active = views.active_filters(query)
    for label, key, rest in active:
        text = "Search for any age" if key == "age" else f"Remove the filter “{label}”"
        candidates.append((text, form.url(**{key: rest}, page=None), _without(query, key, rest)))
    if len(active) > 1:
        candidates.append(
            (
                "Remove all the filters",
                form.url("/search", **dict.fromkeys(views.FILTER_KEYS), page=None),
                replace(
                    query,
                    categories=[],
                    delivery=[],
                    free_only=False,
                    self_referral=False,
                    day=None,
                    language=None,
                    age=None,
                    age_months=None,
                ),
            )
        )
    return candidates


def _why(form: views.FormState) -> str:
    place = place_words(form.value("postcode"))
    why = "No service in the directory matches all of your search"
    if place and form.value("miles"):
        why += f" within {form.value('miles')} miles of {place}."
    elif place:
        why += f" within about {DEFAULT_RADIUS_KM / views.KM_PER_MILE:.0f} miles of {place}."
    else:
        why += "."
    return why


def replace(query: SearchQuery, **changes: Any) -> SearchQuery:
    """The search with some fields changed, from its first page."""
    return msgspec.structs.replace(query, **{"page": 1, **changes})


def _without(query: SearchQuery, key: str, rest: Any) -> SearchQuery:
    changes: dict[str, Any] = {"page": 1}
    if key == "category":
        changes["categories"] = rest
    elif key == "delivery":
        changes["delivery"] = rest
    elif key in ("free_only", "self_referral"):
        changes[key] = False
    elif key == "age":
        changes.update(age=None, age_months=None)
    else:
        changes[key] = None
    return msgspec.structs.replace(query, **changes)
