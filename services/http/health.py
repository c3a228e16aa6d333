"""Health for load balancers and monitors: live (the process answers), ready, and the details."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Response, get
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE

from services.http.catching_up import SearchCatchUp
from services.http.state import Injected
from services.runtime import Runtime


def _checks(runtime: Runtime) -> tuple[dict[str, Any], list[str]]:
    """The event store and search, and what makes this process unable to serve (nothing when
    it is ready)."""
    reasons: list[str] = []
    kind = runtime.settings.persistence
    try:
        store: dict[str, Any] = {"status": "ok", "kind": kind, "events": runtime.runner.head()}
    except Exception as e:
        store = {"status": "unavailable", "kind": kind, "error": str(e)}
        reasons.append(f"event store ({kind}) unavailable: {e}")
    search_ok = runtime.index.health()
    if not search_ok:
        reasons.append("search unavailable: Meilisearch does not answer")
    details = {
        "status": "degraded" if reasons else "ok",
        "event_store": store,
        "meilisearch": {"status": "ok" if search_ok else "unavailable"},
        "search": {
            "mode": "hybrid" if runtime.search.semantic else "keyword only",
            "embedding_model": runtime.embedding,
        },
    }
    return details, reasons


def _projections(runtime: Runtime) -> dict[str, Any]:
    """Per projection: the recorded position, the head, the lag, and whether this process holds
    its lock (applies it)."""
    projections: dict[str, Any] = {}
    for runner in (runtime.runner, runtime.oruk_runner, *runtime.read_models.runners):
        try:
            projections[runner.name] = msgspec.to_builtins(runner.status())
        except Exception as e:
            projections[runner.name] = {"holds_lock": runner.holds_lock, "error": str(e)}
    return projections


def _answer(body: dict[str, Any], ok: bool) -> Response[dict[str, Any]]:
    return Response(body, status_code=HTTP_200_OK if ok else HTTP_503_SERVICE_UNAVAILABLE)


@get("/health", sync_to_thread=True)
def health(
    runtime: Injected[Runtime], catch_up: Injected[SearchCatchUp]
) -> Response[dict[str, Any]]:
    """The event store, search and the projections: 503 when degraded; "catching up" (200)
    while search is still taking in the catalogue after a start."""
    details, reasons = _checks(runtime)
    body = {**details, "projections": _projections(runtime), "reasons": reasons}
    behind = catch_up.behind()
    body["search"]["catching_up"] = behind > 0
    if behind and not reasons:  # it answers, but not yet with the whole catalogue
        body["status"] = "catching up"
        body["search"]["events_to_index"] = behind
    return _answer(body, not reasons)


@get("/health/ready", sync_to_thread=True)
def ready(runtime: Injected[Runtime]) -> Response[dict[str, Any]]:
    """Whether to send this process requests: 503 with the reasons when the event store or
    search is unavailable."""
    _, reasons = _checks(runtime)
    return _answer(
        {"status": "unavailable" if reasons else "ready", "reasons": reasons}, not reasons
    )


@get("/health/live")
async def live() -> dict[str, str]:
    """Answers while the process runs (restart it when this fails)."""
    return {"status": "ok"}
