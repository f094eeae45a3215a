"""Industry-chain definitions: one TOML file per chain in `corpus/chains/` (format in its README)."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CHAINS_DIR = Path(__file__).parent / "chains"
STAGES = ("上游", "中游", "下游")


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

    def link(self, link_id: str) -> LinkDef:
        for link in self.links:
            if link.id == link_id:
                return link
        raise KeyError(link_id)


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
    edges = []
    for raw in data.get("edges", ()):
        head, tail = need(raw, "from", "an edge"), need(raw, "to", "an edge")
        for end in (head, tail):
            if end not in ids:
                raise ChainFormatError(f"{source}: edge {head} -> {tail} names unknown link {end!r}")
        edges.append((head, tail))
    return ChainDef(str(need(data, "id", "the chain")), str(need(data, "name", "the chain")),
                    tuple(data.get("aliases", ())), str(data.get("description", "")), tuple(links),
                    tuple(edges), source)


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
    return tuple(load_chain_file(p) for p in sorted(root.glob("*.toml")))
