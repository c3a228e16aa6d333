"""One search for every way in: a family's words read for need and danger, then hybrid search."""

from __future__ import annotations

import asyncio
import logging

import msgspec

from search.embedding import Embedder
from search.port import Readership, SearchIndex, SearchPage, SearchQuery
from search.understanding import Understanding, understand, urgent_helplines

log = logging.getLogger("signpost.search")

SEMANTIC_RATIO = 0.5
# Hybrid hits scoring below this are not results. A user-provided embedding's score is
# (1 + cosine) / 2: 0.6 keeps texts with a cosine of 0.2 and more, which drops words that mean
# nothing to the model ("zzzz qqq") yet keeps a need put in a family's own words.
MIN_SCORE = 0.6


class SearchEngine:
    """Reads the text of a search (`search.understanding`), embeds it when a model is loaded,
    and asks the index: keyword and semantic halves together, services the words call for first,
    services never to be put above them last, urgent help on the page. Without a model it is the
    same search on the words alone, and says so in `semantic`."""

    def __init__(
        self,
        index: SearchIndex,
        embedder: Embedder | None = None,
        *,
        semantic_ratio: float = SEMANTIC_RATIO,
        min_score: float = MIN_SCORE,
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.semantic_ratio = semantic_ratio
        self.min_score = min_score

    @property
    def semantic(self) -> bool:
        return self.embedder is not None

    async def search(self, audience: Readership, query: SearchQuery) -> SearchPage:
        query, understood = await self.prepare(query)
        page = await self.index.search(audience, query)
        if understood is not None:
            page.urgent = urgent_helplines(understood.signals)
            page.warning = understood.signals[0].heading if understood.signals else ""
        return page

    async def prepare(self, query: SearchQuery) -> tuple[SearchQuery, Understanding | None]:
        """The query as the index gets it: its words read, its meaning embedded."""
        if not query.text.strip():
            return query, None
        understood = understand(query.text)
        # Nothing left for the keyword half ("can you help me please"): the words as typed, or
        # the meaning alone, rather than an empty query that would list every service.
        keywords = understood.keywords if understood.keywords.strip() else None
        query = msgspec.structs.replace(
            query,
            keywords=keywords,
            first=[c for c in understood.first if c not in query.categories],
            demote=[c for c in understood.demote if c not in query.categories],
        )
        if self.embedder is not None and query.sort == "relevance":
            vector = await self._embed(understood.semantic)
            if vector is not None:
                query = msgspec.structs.replace(
                    query,
                    vector=vector,
                    semantic_ratio=self.semantic_ratio if keywords else 1.0,
                    min_score=self.min_score,
                )
        return query, understood

    async def ranked_ids(self, audience: Readership, text: str, limit: int = 1000) -> list[str]:
        """The ids of the services a search for these words finds, best first (at most
        `limit`): how another read model (the ORUK feed) ranks by the same search."""
        page = await self.search(audience, SearchQuery(text=text, per_page=limit))
        return [hit.id for hit in page.hits]

    async def _embed(self, text: str) -> list[float] | None:
        assert self.embedder is not None
        try:
            return await asyncio.to_thread(self.embedder.embed_query, text)
        except Exception:  # the words alone still find help
            log.exception("search: the query could not be embedded; searching by its words")
            return None
