"""Industry-chain definitions: one TOML file per chain in `corpus/chains/` (format in its README)."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CHAINS_DIR = Path(__file__).parent / "chains"
STAGES = ("上游", "中游", "下游")
MIN_TERM_LENGTH = 2  # one-character terms (锂, 布) match far too much text


class ChainFormatError(ValueError):
    """A chain file does not follow the documented format; the message names the file."""


@dataclass(frozen=True)
class LinkDef:
    """One link of a chain: a stage of production with the words that identify it."""

    id: str
    name: str
    stage: str
    keywords: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    gbt4754: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        """Every word that ties text to this link: its name, keywords and products."""
        return tuple(dict.fromkeys((self.name, *self.keywords, *self.products)))


@dataclass(frozen=True)
class ChainDef:
    """A chain: its links and the upstream -> downstream edges between them."""

    id: str
    name: str
    aliases: tuple[str, ...]
    description: str
    links: tuple[LinkDef, ...]
    edges: tuple[tuple[str, str], ...]
    source: str = ""
    # Edges that close a loop (recycling back into materials): shown, but kept out of the order.
    feedback: tuple[tuple[str, str], ...] = ()

    def link(self, link_id: str) -> LinkDef:
        for link in self.links:
            if link.id == link_id:
                return link
        raise KeyError(link_id)

    @property
    def names(self) -> tuple[str, ...]:
        """The chain's name and aliases."""
        return tuple(dict.fromkeys((self.name, *self.aliases)))

    def term_links(self) -> dict[str, str]:
        """term -> link id for every term of every link (terms are unique within a chain)."""
        return {term: link.id for link in self.links for term in link.terms}

    def order(self) -> tuple[LinkDef, ...]:
        """The links upstream first: a topological order of `edges`, ties kept in file order."""
        position = {link.id: i for i, link in enumerate(self.links)}
        indegree = {link.id: 0 for link in self.links}
        for _, tail in self.edges:
            indegree[tail] += 1
        ready = sorted((lid for lid, d in indegree.items() if d == 0), key=position.__getitem__)
        out: list[str] = []
        while ready:
            lid = ready.pop(0)
            out.append(lid)
            for head, tail in self.edges:
                if head == lid:
                    indegree[tail] -= 1
                    if indegree[tail] == 0:
                        ready.append(tail)
                        ready.sort(key=position.__getitem__)
        return tuple(self.link(lid) for lid in out)

    def upstream_of(self, link_id: str) -> tuple[str, ...]:
        """Ids of the links feeding `link_id` directly."""
        return tuple(h for h, t in self.edges if t == link_id)

    def downstream_of(self, link_id: str) -> tuple[str, ...]:
        """Ids of the links `link_id` feeds directly."""
        return tuple(t for h, t in self.edges if h == link_id)


def parse_chain(data: dict, source: str) -> ChainDef:
    """A ChainDef from parsed TOML, checking the format; raises ChainFormatError naming `source`."""
    def need(table: dict, key: str, where: str):
        if key not in table:
            raise ChainFormatError(f"{source}: {where} has no {key!r}")
        return table[key]

    links = []
    for i, raw in enumerate(need(data, "links", "the chain"), 1):
        where = f"link {i}"
        stage = need(raw, "stage", where)
        if stage not in STAGES:
            raise ChainFormatError(f"{source}: {where} has stage {stage!r}; use one of {', '.join(STAGES)}")
        links.append(LinkDef(str(need(raw, "id", where)), str(need(raw, "name", where)), stage,
                             tuple(raw.get("keywords", ())), tuple(raw.get("products", ())),
                             tuple(str(c) for c in raw.get("gbt4754", ()))))
    ids = [link.id for link in links]
    if len(set(ids)) != len(ids):
        raise ChainFormatError(f"{source}: link ids must be unique")
    owner: dict[str, str] = {}
    for link in links:
        for term in link.terms:
            if len(term.strip()) < MIN_TERM_LENGTH:
                raise ChainFormatError(f"{source}: link {link.id!r} has term {term!r}; terms need at least "
                                       f"{MIN_TERM_LENGTH} characters")
            if owner.setdefault(term, link.id) != link.id:
                raise ChainFormatError(f"{source}: term {term!r} belongs to both {owner[term]!r} and {link.id!r}")
    edges: list[tuple[str, str]] = []
    feedback: list[tuple[str, str]] = []
    for raw in data.get("edges", ()):
        head, tail = need(raw, "from", "an edge"), need(raw, "to", "an edge")
        for end in (head, tail):
            if end not in ids:
                raise ChainFormatError(f"{source}: edge {head} -> {tail} names unknown link {end!r}")
        (feedback if raw.get("feedback", False) else edges).append((head, tail))
    cycle = _find_cycle(ids, edges)
    if cycle:
        raise ChainFormatError(f"{source}: edges form a loop {' -> '.join(cycle)}; mark the edge that closes "
                               "it with feedback = true")
    return ChainDef(str(need(data, "id", "the chain")), str(need(data, "name", "the chain")),
                    tuple(data.get("aliases", ())), str(data.get("description", "")), tuple(links),
                    tuple(edges), source, tuple(feedback))


def _find_cycle(ids: list[str], edges: list[tuple[str, str]]) -> list[str]:
    """A loop among `edges` as a list of link ids (first id repeated at the end), or []."""
    succ: dict[str, list[str]] = {i: [] for i in ids}
    for head, tail in edges:
        succ[head].append(tail)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in succ[node]:
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for node in ids:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def load_chain_file(path: Path) -> ChainDef:
    """Read one chain file."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ChainFormatError(f"{path}: invalid TOML ({exc})") from exc
    return parse_chain(data, str(path))


@lru_cache(maxsize=4)
def load_chains(chains_dir: str | None = None) -> tuple[ChainDef, ...]:
    """Every chain defined in `chains_dir` (the bundled ones by default), sorted by file name."""
    root = Path(chains_dir) if chains_dir else CHAINS_DIR
    chains = tuple(load_chain_file(p) for p in sorted(root.glob("*.toml")))
    seen: dict[str, str] = {}
    for chain in chains:
        if chain.id in seen:
            raise ChainFormatError(f"{chain.source}: chain id {chain.id!r} is already used by {seen[chain.id]}")
        seen[chain.id] = chain.source
    return chains
