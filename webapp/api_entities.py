"""JSON API for documents and entities.

`GET /api/documents/<id>`, `GET /api/entities/<id>`, `GET /api/entities/<id>/graph`. The functions that assemble a document's facts or
an entity's profile are shared with the HTML pages.
"""
from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, jsonify

from ingest.errors import NotFoundError
from ingest.model import STAGES
from liantu.services import Liantu, stored_document_fields
from webapp.api import int_arg

bp = Blueprint("api_entities", __name__, url_prefix="/api")

BLANK_LINES = re.compile(r"\n[ \t\u3000]*(?:\n[ \t\u3000]*)+\n")
# Mention types that are shown as facts in a document (DATE and STATUS only as context).
FACT_TYPES = ("ENTERPRISE", "PROJECT", "REGION", "PERSON", "ORG", "CHAIN", "AMOUNT", "EVENT", "DATE", "STATUS")


def _liantu() -> Liantu:
    return current_app.extensions["liantu"]


# documents ---------------------------------------------------------------------------------
def _names(liantu: Liantu, ids) -> dict[str, str]:
    """Display names for entity ids (the id itself when the entity is unknown)."""
    names = {}
    for entity_id in ids:
        if entity_id not in names:
            entity = liantu.graph.get_entity(entity_id)
            names[entity_id] = entity["name"] if entity else entity_id
    return names


def document_facts(liantu: Liantu, doc_id: str) -> dict[str, Any]:
    """A document's metadata, original text, mentions (with spans) and relations with evidence.

    Everything shown is what ingestion stored: the mentions kept with the text in the document
    store (spans in the original text) and the graph's relations with this document's evidence,
    so the page agrees with the graph even after the rules change. A document stored before
    mentions were kept has `mentions_stored` false and no marks until `liantu ingest --reanalyse PATH`.
    Raises NotFoundError for an unknown id.
    """
    meta = liantu.graph.get_document(doc_id)
    if meta is None:
        raise NotFoundError(f"no document with id {doc_id!r}")
    fields = stored_document_fields(liantu, doc_id)
    text = fields.get("body") if fields else None
    stored = fields.get("mentions") if fields else None
    mentions: list[dict[str, Any]] = []
    entity_ids: list[str] = []
    if text is not None:
        for m in stored or ():
            start, end = m["start"], m["end"]
            if m["type"] not in FACT_TYPES or not 0 <= start < end <= len(text):
                continue
            mentions.append({"type": m["type"], "text": text[start:end], "start": start, "end": end,
                             "entity_id": m.get("entity_id"), "canonical": m.get("canonical"),
                             "attrs": m.get("attrs") or {}})
        entity_ids = [m["entity_id"] for m in mentions if m["entity_id"]]  # reading order first
    if fields:
        for facet in ("regions", "entities", "chains"):
            entity_ids += list(fields.get(facet) or [])
    entity_ids = list(dict.fromkeys(entity_ids))
    relations, seen = [], set()
    for entity_id in entity_ids:
        for rel in liantu.graph.relations(entity_id):
            key = (rel["head"], rel["type"], rel["tail"])
            evidence = [ev for ev in rel["evidence"] if ev["doc_id"] == doc_id]
            if key in seen or not evidence:
                continue
            seen.add(key)
            relations.append({**rel, "evidence": evidence})
    names = _names(liantu, [r["head"] for r in relations] + [r["tail"] for r in relations] + entity_ids)
    for rel in relations:
        rel["head_name"], rel["tail_name"] = names[rel["head"]], names[rel["tail"]]
    # Facts stated in a sentence first, in reading order; mere co-mentions (two names in one
    # sentence, such as a page's editors) after them; those from the lexicon (no sentence) last.
    relations.sort(key=lambda r: (not any(ev["sentence"] for ev in r["evidence"]), r["type"] == "CO_MENTIONED",
                                  min(ev["start"] for ev in r["evidence"]), r["type"]))
    entities = []
    for entity_id in entity_ids:
        entity = liantu.graph.get_entity(entity_id)
        if entity:
            entities.append({"id": entity_id, "label": entity["label"], "name": entity["name"]})
    # Where the file was read from is the server's business, not the reader's.
    meta = {k: v for k, v in meta.items() if k != "origin"}
    return {"document": meta, "text": text, "text_available": text is not None, "mentions": mentions,
            "mentions_stored": text is not None and stored is not None,
            "relations": relations, "entities": entities}


def _tidy(plain: str, first: bool) -> str:
    """Display-only tidying of unmarked text: runs of blank lines become one (offsets live in the marks)."""
    plain = BLANK_LINES.sub("\n\n", plain)
    return plain.lstrip() if first else plain


def text_segments(text: str, mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut into plain and highlighted pieces for display; overlapping mentions keep the first."""
    pieces: list[dict[str, Any]] = []
    at = 0
    for m in sorted(mentions, key=lambda m: (m["start"], -m["end"])):
        if m["start"] < at:
            continue
        if m["start"] > at:
            pieces.append({"text": _tidy(text[at:m["start"]], not pieces), "mention": None})
        pieces.append({"text": text[m["start"]:m["end"]], "mention": m})
        at = m["end"]
    if at < len(text):
        pieces.append({"text": _tidy(text[at:], not pieces), "mention": None})
    return pieces


@bp.get("/documents/<doc_id>")
def get_document(doc_id: str):
    return jsonify({"ok": True, **document_facts(_liantu(), doc_id)})


# entities ----------------------------------------------------------------------------------
def status_timeline(props: dict[str, Any]) -> list[dict[str, Any]]:
    """The stages 签约 → 开工 → 竣工 → 投产 (and 增资扩产 when stated), each reached or not, with evidence."""
    history = [h for h in props.get("status_history") or [] if isinstance(h, dict)]
    stated = {h.get("status") for h in history} | {props.get("status")}
    stages = [s for s in STAGES if s != STAGES[-1] or s in stated]
    stages += sorted(s for s in stated - set(STAGES) if s is not None)
    timeline = []
    for stage in stages:
        entries = sorted((h for h in history if h.get("status") == stage), key=lambda h: h.get("date") or "")
        timeline.append({"status": stage, "reached": bool(entries) or props.get("status") == stage,
                         "date": entries[0].get("date") if entries else None,
                         "evidence": [{"doc_id": h.get("doc_id"), "sentence": h.get("sentence"),
                                       "date": h.get("date")} for h in entries]})
    return timeline


def _entity_region(liantu: Liantu, entity: dict[str, Any], relations: list[dict[str, Any]]) -> dict | None:
    """The region an entity sits in: its `region` (or a region's `parent`) property, else a LOCATED_IN or PART_OF relation."""
    code = entity["props"].get("region") or (entity["props"].get("parent") if entity["label"] == "Region" else None)
    candidates = [f"Region:{code}"] if code else []
    candidates += [r["tail"] for r in relations if r["head"] == entity["id"] and r["type"] in ("LOCATED_IN", "PART_OF")]
    for region_id in candidates:
        region = liantu.graph.get_entity(region_id)
        if region:
            return {"id": region_id, "name": region["name"]}
    return None


def entity_profile(liantu: Liantu, entity_id: str, doc_limit: int = 20, doc_offset: int = 0) -> dict[str, Any]:
    """An entity with its region, facts (relations with evidence), project timeline and documents."""
    entity = liantu.graph.get_entity(entity_id)
    if entity is None:
        raise NotFoundError(f"no entity with id {entity_id!r}")
    relations = liantu.graph.relations(entity_id)
    names = _names(liantu, [r["head"] for r in relations] + [r["tail"] for r in relations])
    titles: dict[str, str] = {}
    facts = []
    for rel in relations:
        outgoing = rel["head"] == entity_id
        other = rel["tail"] if outgoing else rel["head"]
        for ev in rel["evidence"]:
            if ev["doc_id"] not in titles:
                doc = liantu.graph.get_document(ev["doc_id"])
                titles[ev["doc_id"]] = (doc or {}).get("title") or ev["doc_id"]
            ev["doc_title"] = titles[ev["doc_id"]]
        facts.append({**rel, "direction": "out" if outgoing else "in", "other": other, "other_name": names[other],
                      "head_name": names[rel["head"]], "tail_name": names[rel["tail"]]})
    facts.sort(key=lambda f: (f["type"], f["other_name"]))
    documents = liantu.graph.documents_mentioning(entity_id, limit=doc_offset + doc_limit + 1)
    more = len(documents) > doc_offset + doc_limit
    props = entity["props"]
    return {"entity": entity, "region": _entity_region(liantu, entity, relations), "facts": facts,
            "timeline": status_timeline(props) if entity["label"] == "Project" else [],
            "documents": documents[doc_offset:doc_offset + doc_limit],
            "documents_page": {"offset": doc_offset, "limit": doc_limit, "more": more}}


@bp.get("/entities/<path:entity_id>/graph")
def entity_graph(entity_id: str):
    liantu = _liantu()
    hops = int_arg("hops", 1, 1, 3)
    limit = int_arg("limit", 60, 1, 500)
    docs = int_arg("documents", 0, 0, 50)
    if liantu.graph.get_entity(entity_id) is None:
        raise NotFoundError(f"no entity with id {entity_id!r}")
    sub = liantu.graph.neighbourhood(entity_id, hops=hops, limit=limit).as_dict()
    # Documents that mention the entity make a useful picture where no relation has been extracted yet.
    if docs:
        for doc in liantu.graph.documents_mentioning(entity_id, limit=docs):
            node_id = f"Document:{doc['id']}"
            sub["nodes"].append({"id": node_id, "label": "Document", "name": doc["title"] or doc["id"],
                                 "aliases": [], "props": {"date": doc["date"], "kind": doc["kind"]}})
            sub["edges"].append({"type": "MENTIONS", "head": node_id, "tail": entity_id, "props": {},
                                 "evidence": []})
    return jsonify({"ok": True, "center": entity_id, **sub})


@bp.get("/entities/<path:entity_id>")
def get_entity(entity_id: str):
    profile = entity_profile(_liantu(), entity_id, int_arg("limit", 20, 1, 100), int_arg("offset", 0, 0, 100000))
    return jsonify({"ok": True, **profile})
