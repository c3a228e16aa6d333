"""A feed's script addresses are dropped, field by field, and reported; the records still import."""

from __future__ import annotations

import json
from pathlib import Path

from services.catalogue.importing.oruk import load_feed

SCRIPT = "javascript:alert(document.cookie)"


def test_script_addresses_in_a_feed_are_dropped_and_reported(tmp_path: Path) -> None:
    records = [
        {
            "id": "a",
            "name": "Stay and play",
            "url": SCRIPT,
            "organization": {"id": "o", "name": "Parents Together", "url": "data:text/html,x"},
        },
        {
            "id": "b",
            "name": "Dads' group",
            "url": "https://dads.example.org",
            "signpost": {"contact": {"url": SCRIPT, "phone": "020 7946 0000"}},
        },
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"contents": records}))
    feed = load_feed(str(path))
    by_id = {s.external_id: s for s in feed.services}
    assert set(by_id) == {"a", "b"}
    assert by_id["a"].details.url == "" and by_id["a"].details.public_contact.url == ""
    assert by_id["b"].details.url == "https://dads.example.org"
    assert by_id["b"].details.public_contact.url == ""
    assert by_id["b"].details.public_contact.phone == "020 7946 0000"
    (org,) = [o for o in feed.organisations if o.external_id == "o"]
    assert org.details.url == "" and org.details.name == "Parents Together"
    assert sorted(feed.report.repaired["unsafe web address dropped"]) == ["a", "b", "o"]
