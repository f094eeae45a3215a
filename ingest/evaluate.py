"""Scoring extractions against gold annotations (the rules in the project's eval GUIDELINES).

Gold is one JSON object per article: `{"id", "entities": [{"type", "text", "canonical"}],
"relations": [{"type", "head", "tail", "evidence"}]}`. Entities match on (type, canonical) and
relations on (type, head, tail), after simplified-script normalisation:

- strict: canonical names are equal;
- lenient: one canonical name contains the other.

Amounts (AMOUNT entities and INVESTMENT_AMOUNT tails) compare by value and currency, so
`5000万元` and `0.5亿元` are the same amount. Matching is one-to-one within an article and
figures are micro-averaged over all articles.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.amounts import parse_amount
from ingest.errors import LoadError
from ingest.model import Extraction
from ingest.normalise import to_simplified

ENTITY_TYPES = ("ENTERPRISE", "PROJECT", "REGION", "PERSON", "ORG", "CHAIN", "AMOUNT", "EVENT")
RELATION_TYPES = ("LOCATED_IN", "INVESTS_IN", "INVESTMENT_AMOUNT", "IN_CHAIN", "STATUS", "HOMETOWN",
                  "RESIDES_IN", "MEMBER_OF", "LEADS", "SHAREHOLDER_OF", "PARTNER_OF")
# Relation types of the graph that the gold does not annotate.
_UNSCORED = {"PART_OF", "CO_MENTIONED", "LINK_OF", "UPSTREAM_OF", "DONATES_TO", "ATTENDED"}

_AMOUNT_TEXT = re.compile(r"[多余近约超逾]")


def normalise_name(name: str) -> str:
    """A name as compared: simplified script, no spaces, ASCII brackets and quotes unified."""
    name = to_simplified(str(name)).strip()
    name = name.replace("（", "(").replace("）", ")").replace("「", "“").replace("」", "”")
    return re.sub(r"\s+", "", name)


def amount_key(text: str) -> str:
    """The canonical form of a money amount (`8000万` -> `0.8亿元`), or the text if not money."""
    cleaned = _AMOUNT_TEXT.sub("", normalise_name(text))
    if re.fullmatch(r"[\d.]+万", cleaned):
        cleaned += "元"
    amount = parse_amount(cleaned)
    return amount.canonical if amount else normalise_name(text)


@dataclass
class Annotations:
    """One article's entities and relations as comparable tuples."""

    entities: set[tuple[str, str]] = field(default_factory=set)
    relations: set[tuple[str, str, str]] = field(default_factory=set)


def gold_annotations(record: dict) -> Annotations:
    """The comparable form of one gold object."""
    out = Annotations()
    for e in record.get("entities", ()):
        name = amount_key(e["canonical"]) if e["type"] == "AMOUNT" else normalise_name(e["canonical"])
        out.entities.add((e["type"], name))
    for r in record.get("relations", ()):
        tail = amount_key(r["tail"]) if r["type"] == "INVESTMENT_AMOUNT" else normalise_name(r["tail"])
        out.relations.add((r["type"], normalise_name(r["head"]), tail))
    return out


def predicted_annotations(x: Extraction) -> Annotations:
    """The comparable form of an extraction: mentions of the gold types, and every relation.

    INVESTMENT_AMOUNT and STATUS are stored on Project entities as properties; they are turned
    back into relations here so that they are scored like the others. Facts the text implies but
    does not state (`inferred_from`: a residence read from an association's name) are not
    scored: the gold annotates what the sentences say.
    """
    out = Annotations()
    names = {e.id: e.name for e in x.entities}
    for m in x.mentions:
        if m.type not in ENTITY_TYPES:
            continue
        name = m.canonical or m.text
        if m.entity_id in names:
            name = names[m.entity_id]
        out.entities.add((m.type, amount_key(name) if m.type == "AMOUNT" else normalise_name(name)))
    for r in x.relations:
        if r.type in _UNSCORED or "inferred_from" in r.props or r.head not in names or r.tail not in names:
            continue
        out.relations.add((r.type, normalise_name(names[r.head]), normalise_name(names[r.tail])))
    for e in x.entities:
        if e.label != "Project":
            continue
        if e.props.get("investment_text"):
            out.relations.add(("INVESTMENT_AMOUNT", normalise_name(e.name), amount_key(e.props["investment_text"])))
        for step in e.props.get("status_history", ()):
            out.relations.add(("STATUS", normalise_name(e.name), step["status"]))
    return out


def _lenient(a: str, b: str) -> bool:
    return a in b or b in a


def _match(gold: set[tuple], predicted: set[tuple], lenient: bool) -> set[tuple]:
    """Gold items matched one-to-one by predicted items (exact matches first)."""
    matched: set[tuple] = set()
    used: set[tuple] = set()
    for g in gold:
        if g in predicted:
            matched.add(g)
            used.add(g)
    if not lenient:
        return matched
    for g in sorted(gold - matched):
        for p in sorted(predicted - used):
            if p[0] != g[0] or len(p) != len(g):
                continue
            if all(_lenient(a, b) for a, b in zip(g[1:], p[1:], strict=True)):
                matched.add(g)
                used.add(p)
                break
    return matched


@dataclass
class Counts:
    """True positives, gold total and predicted total for one type (or all types)."""

    tp: int = 0
    gold: int = 0
    predicted: int = 0

    def scores(self) -> dict[str, float]:
        p = self.tp / self.predicted if self.predicted else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4),
                "tp": self.tp, "gold": self.gold, "predicted": self.predicted}


def _score(pairs: Iterable[tuple[set[tuple], set[tuple]]]) -> dict:
    strict, lenient = Counts(), Counts()
    by_type: dict[str, dict[str, Counts]] = defaultdict(lambda: {"strict": Counts(), "lenient": Counts()})
    for gold, predicted in pairs:
        for mode, counts in (("strict", strict), ("lenient", lenient)):
            matched = _match(gold, predicted, mode == "lenient")
            counts.tp += len(matched)
            counts.gold += len(gold)
            counts.predicted += len(predicted)
            for kind in {t[0] for t in gold | predicted}:
                c = by_type[kind][mode]
                c.tp += sum(1 for t in matched if t[0] == kind)
                c.gold += sum(1 for t in gold if t[0] == kind)
                c.predicted += sum(1 for t in predicted if t[0] == kind)
    return {"strict": strict.scores(), "lenient": lenient.scores(),
            "by_type": {k: {"strict": v["strict"].scores(), "lenient": v["lenient"].scores()}
                        for k, v in sorted(by_type.items())}}


def score(pairs: list[tuple[Annotations, Annotations]]) -> dict:
    """Micro-averaged strict and lenient P/R/F1, overall and by type, for (gold, predicted) pairs."""
    return {"entities": _score((g.entities, p.entities) for g, p in pairs),
            "relations": _score((g.relations, p.relations) for g, p in pairs),
            "articles": len(pairs)}


def read_gold(path: str | Path) -> list[dict]:
    """Gold objects from a file holding one JSON object, a JSON list, or JSON Lines."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(f"{path}: cannot read the gold file ({exc})") from exc
    try:
        value = json.loads(text)
        records = value if isinstance(value, list) else [value]
    except ValueError:
        records = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except ValueError as exc:
                raise LoadError(f"{path}:{number}: invalid JSON in the gold file ({exc})") from exc
    for i, r in enumerate(records, 1):
        if not isinstance(r, dict) or "id" not in r or "entities" not in r:
            raise LoadError(f"{path}: gold record {i} is not an object with id and entities")
    return records


def document_key(origin: str) -> str:
    """The key that ties a loaded document to its gold record: the record id, else the file stem."""
    if "#" in origin:
        return origin.rsplit("#", 1)[1]
    name = Path(re.sub(r":\d+$", "", origin)).name
    for suffix in (".jsonl.gz", ".jsonl", ".json", ".md", ".txt", ".html", ".htm"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def pair_with_gold(extractions: list[Extraction], gold: list[dict]) -> tuple[list[tuple[Annotations, Annotations]], list[str]]:
    """(gold, predicted) annotation pairs, and the gold ids with no matching document."""
    by_key: dict[str, Extraction] = {}
    for extraction in extractions:
        by_key.setdefault(document_key(extraction.document.origin), extraction)
    pairs: list[tuple[Annotations, Annotations]] = []
    missing: list[str] = []
    for record in gold:
        gid = str(record["id"])
        x = by_key.get(gid) or next((v for k, v in by_key.items() if gid.endswith(k) or k.endswith(gid)), None)
        if x is None:
            missing.append(gid)
            continue
        pairs.append((gold_annotations(record), predicted_annotations(x)))
    return pairs, missing
