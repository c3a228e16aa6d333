"""The audit trail records the authenticated caller as the actor, whatever the request claims."""

from __future__ import annotations

from uuid import UUID

from tests.e2e.conftest import Served


def _service(served: Served) -> tuple[str, int]:
    oid = served.post("/api/organisations", {"name": "Parents Together"}).json()["id"]
    made = served.post("/api/services", {"name": "Stay and play", "organisation_id": oid}).json()
    return made["id"], made["version"]


def test_a_verification_cannot_name_someone_else_as_the_checker(served: Served) -> None:
    sid, version = _service(served)
    claimed = served.post(
        f"/api/services/{sid}/verify",
        {"expected_version": version, "by": "someone.else@example.org"},
    )
    assert claimed.status_code == 400 and claimed.json()["field"] == "by", claimed.text
    verified = served.post(f"/api/services/{sid}/verify", {"expected_version": version})
    assert verified.status_code == 200
    verification = served.runtime.catalogue.get_service(UUID(sid)).verification
    assert verification is not None and verification.by == "admin"


def test_an_actor_header_does_not_change_who_is_recorded(served: Served) -> None:
    sid, version = _service(served)
    headers = {**served.admin, "X-Signpost-Actor": "someone.else@example.org"}
    body = {"summary": "Songs and toys", "expected_version": version}
    assert served.http.patch(f"/api/services/{sid}", json=body, headers=headers).status_code == 200
    history = served.runtime.catalogue.service_history(UUID(sid))
    assert [entry.actor for entry in history] == ["admin", "admin"]
