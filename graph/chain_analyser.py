"""A long-lived answerer of chain queries for one store, reusing region maps and reports."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from corpus import ChainDef, Lexicon, load_chains, load_lexicon
from graph.chain_candidates import chain_candidates
from graph.chain_map import ChainMap, build_chain_map
from graph.chain_queries import chain_compare, chain_extension, chain_gaps, chain_view, check_date
from graph.chain_terms import find_chain
from graph.store import GraphStore


class ChainAnalyser:
    """Answers chain queries for one store, reusing chain maps and reports until the documents change.

    Building a chain map reads every IN_CHAIN, LOCATED_IN and INVESTS_IN relation; the app keeps one
    analyser so that repeated reports skip that, and an identical repeated request is answered from
    the report computed before. Maps and reports are dropped whenever the set of document ids
    differs from when they were made (ingest adds, replaces or removes documents); writes that add
    no document (bare upserts) are not noticed until the next document change. Reports it returns
    are shared between callers: treat them as read-only.
    """

    def __init__(self, store: GraphStore, chains: Sequence[ChainDef] | None = None,
                 lexicon: Lexicon | None = None) -> None:
        self.store = store
        self.chains = load_chains() if chains is None else tuple(chains)
        self.lexicon = lexicon or load_lexicon()
        self._maps: dict[tuple[str, str | None], tuple[tuple[int, int], ChainMap]] = {}
        self._reports: dict[tuple, tuple[tuple[int, int], dict[str, Any]]] = {}
        self.max_maps = 16  # one per chain, plus a few for reports as of another date
        self.max_reports = 256

    def _token(self) -> tuple[int, int]:
        ids = self.store.document_ids()
        return (len(ids), hash(frozenset(ids)))

    def chain_map(self, chain: str | ChainDef, as_of: str | None = None,
                  token: tuple[int, int] | None = None) -> ChainMap:
        """The map of a chain, built on first use and whenever the documents changed."""
        chain_def = chain if isinstance(chain, ChainDef) else find_chain(chain, self.chains)
        if as_of is not None:
            check_date(as_of)
        key = (chain_def.id, as_of)
        token = token or self._token()
        hit = self._maps.get(key)
        if hit is not None and hit[0] == token:
            return hit[1]
        cmap = build_chain_map(self.store, chain_def, as_of, self.chains, self.lexicon)
        _remember(self._maps, key, (token, cmap), self.max_maps)
        return cmap

    def _answer(self, kind: str, query, chain, as_of, args: tuple, kwargs: dict[str, Any]) -> dict[str, Any]:
        token = self._token()
        chain_def = chain if isinstance(chain, ChainDef) else find_chain(chain, self.chains)
        key = (kind, chain_def.id, as_of, args, tuple(sorted((k, _hashable(v)) for k, v in kwargs.items())))
        hit = self._reports.get(key)
        if hit is not None and hit[0] == token:
            return hit[1]
        cmap = self.chain_map(chain_def, as_of, token)
        report = query(self.store, chain_def, *args, lexicon=self.lexicon, chains=self.chains, cmap=cmap, **kwargs)
        _remember(self._reports, key, (token, report), self.max_reports)
        return report

    def view(self, chain, region=None, *, as_of=None, **kwargs) -> dict[str, Any]:
        return self._answer("view", chain_view, chain, as_of, (region,), kwargs)

    def gaps(self, chain, region, *, as_of=None, **kwargs) -> dict[str, Any]:
        return self._answer("gaps", chain_gaps, chain, as_of, (region,), kwargs)

    def candidates(self, chain, region, *, as_of=None, **kwargs) -> dict[str, Any]:
        return self._answer("candidates", chain_candidates, chain, as_of, (region,), kwargs)

    def extension(self, chain, region, *, as_of=None, **kwargs) -> dict[str, Any]:
        return self._answer("extension", chain_extension, chain, as_of, (region,), kwargs)

    def compare(self, chain, region_a, region_b, *, as_of=None, **kwargs) -> dict[str, Any]:
        return self._answer("compare", chain_compare, chain, as_of, (region_a, region_b), kwargs)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _remember(cache: dict, key, value, limit: int) -> None:
    """Store `value` under `key`, dropping the oldest entries beyond `limit`."""
    cache.pop(key, None)
    while len(cache) >= limit:
        cache.pop(next(iter(cache)))
    cache[key] = value
