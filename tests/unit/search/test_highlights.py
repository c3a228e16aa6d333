"""Highlights escape the stored text first, then mark the matched words."""

from __future__ import annotations

from search.port import SearchQuery
from search.query import HIGHLIGHT_POST, HIGHLIGHT_PRE, build_search_request, parse_search_response


def test_meilisearch_is_asked_for_tags_that_cannot_be_mistaken_for_text() -> None:
    body = build_search_request(SearchQuery(text="counselling"))
    assert body["highlightPreTag"] == HIGHLIGHT_PRE and body["highlightPostTag"] == HIGHLIGHT_POST
    assert "<" not in HIGHLIGHT_PRE + HIGHLIGHT_POST


def test_stored_markup_is_escaped_and_only_the_match_is_marked() -> None:
    name = '<img src=x onerror="alert(1)"> & <mark>Counselling</mark>'
    raw = {
        "hits": [
            {
                "id": "s1",
                "name": name,
                "_formatted": {
                    "name": name.replace(
                        "Counselling", f"{HIGHLIGHT_PRE}Counselling{HIGHLIGHT_POST}"
                    ),
                    "summary": "No match here",
                },
            }
        ],
        "totalHits": 1,
    }
    (hit,) = parse_search_response(raw, SearchQuery(text="counselling")).hits
    assert hit.highlights == {
        "name": "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; "
        "&lt;mark&gt;<mark>Counselling</mark>&lt;/mark&gt;"
    }
    assert hit.name == name
