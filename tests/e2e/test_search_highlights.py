"""/api/search escapes stored text before it marks the words that matched."""

from __future__ import annotations

from tests.e2e.conftest import Served


def test_a_highlight_escapes_the_stored_name_and_marks_only_the_match(served: Served) -> None:
    oid = served.post("/api/organisations", {"name": "Parents Together"}).json()["id"]
    name = '<img src=x onerror="alert(1)"> Zebrafinch counselling'
    made = served.post("/api/services", {"name": name, "organisation_id": oid})
    assert made.status_code == 201, made.text
    served.caught_up()
    hits = served.http.get("/api/search", params={"q": "zebrafinch"}).json()["hits"]
    (hit,) = [h for h in hits if h["id"] == made.json()["id"]]
    highlighted = hit["highlights"]["name"]
    assert (
        "<img" not in highlighted
        and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in highlighted
    )
    assert "<mark>Zebrafinch</mark>" in highlighted
