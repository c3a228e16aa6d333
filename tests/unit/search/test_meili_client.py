"""The Meilisearch client wrapper against a stand-in HTTP server: headers, errors, task waits."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from search.meili_client import Meili, MeiliError
from search.port import SearchUnavailableError
from search.server import free_port


class StandIn:
    """Answers each path with a canned (status, body) and records what it was asked."""

    def __init__(self) -> None:
        self.answers: dict[str, list[tuple[int, Any]]] = {}
        self.asked: list[tuple[str, str, str | None]] = []

    def answer(self, path: str, *answers: tuple[int, Any]) -> None:
        self.answers[path] = list(answers)


@pytest.fixture
def stand_in() -> Iterator[tuple[StandIn, str]]:
    state = StandIn()

    class Handler(BaseHTTPRequestHandler):
        def _reply(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            path = self.path.split("?")[0]
            state.asked.append((self.command, path, self.headers.get("Accept-Encoding")))
            queue = state.answers.get(path) or [(404, {"code": "not_found", "message": "no"})]
            status, body = queue.pop(0) if len(queue) > 1 else queue[0]
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_DELETE = _reply

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # shutdown() waits for the serving loop to look at its flag, every poll_interval (0.5 s)
    threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _task(uid: int, status: str, error: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "uid": uid,
        "taskUid": uid,
        "indexUid": "x",
        "status": status,
        "type": "documentAdditionOrUpdate",
        "enqueuedAt": "2026-11-27T10:00:00.123456Z",
        "error": error,
    }


def test_every_request_asks_for_an_uncompressed_answer(stand_in: tuple[StandIn, str]) -> None:
    state, url = stand_in
    state.answer("/indexes/x/documents", (202, _task(7, "enqueued")))
    state.answer("/tasks/7", (200, _task(7, "processing")), (200, _task(7, "succeeded")))
    state.answer("/health", (200, {"status": "available"}))
    meili = Meili(url, "key")
    meili.wait(meili.add("x", [{"id": "a"}]))
    assert meili.healthy()
    assert [a[2] for a in state.asked] == ["identity"] * len(state.asked)
    assert len(state.asked) == 4


def test_a_failed_task_is_our_error_and_names_its_code(stand_in: tuple[StandIn, str]) -> None:
    state, url = stand_in
    error = {"code": "invalid_document_filter", "message": "Attribute `x` is not filterable"}
    state.answer("/tasks/3", (200, _task(3, "failed", error)))
    with pytest.raises(MeiliError, match="invalid_document_filter"):
        Meili(url).wait(3)


def test_a_refusal_is_our_error_but_a_server_error_is_an_outage(
    stand_in: tuple[StandIn, str],
) -> None:
    state, url = stand_in
    state.answer("/indexes/x/stats", (400, {"code": "bad", "message": "bad request"}))
    state.answer("/indexes/y/stats", (503, {"code": "busy", "message": "try later"}))
    with pytest.raises(MeiliError):
        Meili(url).count("x")
    with pytest.raises(SearchUnavailableError):
        Meili(url).count("y")


def test_an_unreachable_server_is_an_outage_and_unhealthy() -> None:
    meili = Meili(f"http://127.0.0.1:{free_port()}")
    assert not meili.healthy()
    with pytest.raises(SearchUnavailableError):
        meili.count("x")


def test_a_missing_document_or_an_impossible_id_is_none(stand_in: tuple[StandIn, str]) -> None:
    state, url = stand_in
    meili = Meili(url)
    assert meili.document("x", "no-such-id") is None
    assert meili.document("x", "../../keys") is None
    assert [a[1] for a in state.asked] == ["/indexes/x/documents/no-such-id"]
