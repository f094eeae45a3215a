"""Exporting a graph store to files (GraphML, GEXF, node-link JSON, neo4j-admin CSV) and back.

`dump(store)` reads everything a store holds through its protocol into a `GraphDump`;
`write(dump, format, out)` writes it; `read(format, path)` parses a file written here back into a
`GraphDump`, and `load(store, dump)` writes that into a store. Export then import gives the same
counts and the same answers (tests/graph/test_export.py).

- GraphML and GEXF open in Gephi: each node's `label` is its display name, `kind` its entity
  label (or Document), each edge's `relation` its type and `weight` its evidence (or mention)
  count; lists and maps (aliases, props, evidence) are JSON text attributes.
- JSON is networkx's node-link layout (`networkx.node_link_graph(data, edges="links")` reads it).
- CSV is a folder in the layout `neo4j-admin database import full` reads, matching the
  Neo4jStore's own property layout (see graph.cypher); the folder's `import.sh` has the command.
"""
from __future__ import annotations

import json
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import GraphError
from graph.validate import ENTITY_LABELS, FACT_TYPES
from ingest.model import Document, Entity, Evidence, Extraction, Mention, Relation

FORMATS = ("graphml", "gexf", "json", "csv")
DOC_FIELDS = ("title", "date", "source", "url", "kind", "origin", "story")
DOC_PREFIX = "Document:"
ARRAY_DELIMITER = "\x1f"  # JSON never contains it raw, so lists of JSON strings split safely


class ExportError(GraphError):
    """A graph file cannot be written or read back."""

    status = 400


@dataclass
class GraphDump:
    """Everything a store holds, in plain dicts: what every export format carries."""

    documents: list[dict[str, Any]] = field(default_factory=list)  # id + DOC_FIELDS
    entities: list[dict[str, Any]] = field(default_factory=list)  # Entity.as_dict() shape
    relations: list[dict[str, Any]] = field(default_factory=list)  # Relation.as_dict() shape
    mentions: list[tuple[str, str, int]] = field(default_factory=list)  # (doc id, entity id, count)

    def counts(self) -> dict[str, int]:
        return {"documents": len(self.documents), "entities": len(self.entities),
                "relations": len(self.relations), "mentions": len(self.mentions)}


# store <-> dump ----------------------------------------------------------------------------
def dump(store) -> GraphDump:
    """Read a whole store through the GraphStore protocol."""
    documents = [store.get_document(d) for d in sorted(store.document_ids())]
    entities = [e for label in ENTITY_LABELS for e in store.entities(label)]
    return GraphDump(documents=documents, entities=entities, relations=store.relations(),
                     mentions=[tuple(m) for m in store.mentions()])


def _batches(items: Sequence, size: int) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def load(store, data: GraphDump, batch_size: int = 2000) -> None:
    """Write a dump into a store: documents (with their mentions), then entities, then relations."""
    entities = {e["id"]: _entity(e) for e in data.entities}
    mentioned: dict[str, list[tuple[str, int]]] = {}
    for doc_id, entity_id, count in data.mentions:
        mentioned.setdefault(doc_id, []).append((entity_id, count))
    extractions = []
    for d in data.documents:
        doc = Document(text="", id=d["id"], **{f: d[f] for f in DOC_FIELDS if d.get(f) is not None})
        ents = [entities[e] for e, _ in mentioned.get(d["id"], ()) if e in entities]
        # one Mention per recorded mention, so the store records the same mention counts
        mentions = [Mention(type=entities[e].label, text="", start=0, end=0, entity_id=e)
                    for e, count in mentioned.get(d["id"], ()) if e in entities for _ in range(count)]
        extractions.append(Extraction(document=doc, analysed_text="", sentences=[], mentions=mentions,
                                      entities=ents, relations=[]))
    for batch in _batches(extractions, max(1, batch_size // 50)):
        store.write_extractions(batch)
    for batch in _batches(list(entities.values()), batch_size):
        store.upsert_entities(batch)
    relations = [_relation(r) for r in data.relations]
    for batch in _batches(relations, batch_size):
        store.upsert_relations(batch)
    store.flush()


def _entity(d: dict[str, Any]) -> Entity:
    return Entity(id=d["id"], label=d["label"], name=d["name"], aliases=set(d.get("aliases") or ()),
                  props=dict(d.get("props") or {}))


def _relation(d: dict[str, Any]) -> Relation:
    return Relation(type=d["type"], head=d["head"], tail=d["tail"], props=dict(d.get("props") or {}),
                    evidence=[Evidence(**ev) for ev in d.get("evidence") or ()])


# formats -----------------------------------------------------------------------------------
def write(data: GraphDump, fmt: str, out: str | Path) -> list[Path]:
    """Write a dump in a format; returns the files written (CSV writes a folder of them)."""
    out = Path(out)
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "csv":
        return write_csv(data, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        out.write_text(json.dumps(node_link(data), ensure_ascii=False), encoding="utf-8")
    else:
        import networkx as nx

        g = gephi_graph(data)
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(g, out)
    return [out]


def read(fmt: str, path: str | Path) -> GraphDump:
    """Parse a file (or CSV folder) written by `write` back into a dump."""
    path = Path(path)
    if not path.exists():
        raise ExportError(f"{path}: no such file or folder")
    if fmt == "json":
        return from_node_link(json.loads(path.read_text(encoding="utf-8")))
    if fmt in ("graphml", "gexf"):
        import networkx as nx

        reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
        return from_gephi_graph(reader(path))
    if fmt == "csv":
        return read_csv(path)
    raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


# node-link JSON ----------------------------------------------------------------------------
def node_link(data: GraphDump) -> dict[str, Any]:
    """The dump as networkx node-link data (a directed multigraph keyed by relation type)."""
    nodes = [{"id": DOC_PREFIX + d["id"], "label": "Document", "doc_id": d["id"],
              **{f: d.get(f) for f in DOC_FIELDS}} for d in data.documents]
    nodes += [dict(e) for e in data.entities]
    links = [{"source": r["head"], "target": r["tail"], "key": r["type"], **r} for r in data.relations]
    links += [{"source": DOC_PREFIX + d, "target": e, "key": "MENTIONS", "type": "MENTIONS", "count": n}
              for d, e, n in data.mentions]
    return {"directed": True, "multigraph": True, "graph": {"name": "liantu"}, "nodes": nodes, "links": links}


def from_node_link(payload: dict[str, Any]) -> GraphDump:
    data = GraphDump()
    for n in payload["nodes"]:
        if n["label"] == "Document":
            data.documents.append({"id": n["doc_id"], **{f: n.get(f) for f in DOC_FIELDS}})
        else:
            data.entities.append({k: n[k] for k in ("id", "label", "name", "aliases", "props")})
    for link in payload["links"]:
        if link["type"] == "MENTIONS":
            data.mentions.append((link["source"][len(DOC_PREFIX):], link["target"], link["count"]))
        else:
            data.relations.append({k: link[k] for k in ("type", "head", "tail", "props", "evidence")})
    return data


# GraphML / GEXF ----------------------------------------------------------------------------
def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def gephi_graph(data: GraphDump):
    """A networkx MultiDiGraph with only text and number attributes, as GraphML and GEXF need."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for d in data.documents:
        g.add_node(DOC_PREFIX + d["id"], label=d.get("title") or d["id"], kind="Document", doc_id=d["id"],
                   **{f"doc_{f}": d[f] for f in DOC_FIELDS if d.get(f) is not None})
    for e in data.entities:
        g.add_node(e["id"], label=e["name"], kind=e["label"], aliases=_json(e["aliases"]), props=_json(e["props"]))
    for r in data.relations:
        g.add_edge(r["head"], r["tail"], key=r["type"], relation=r["type"], props=_json(r["props"]),
                   evidence=_json(r["evidence"]), weight=len(r["evidence"]))
    for doc_id, entity_id, count in data.mentions:
        g.add_edge(DOC_PREFIX + doc_id, entity_id, key="MENTIONS", relation="MENTIONS", props="{}", evidence="[]",
                   weight=count)
    return g


def from_gephi_graph(g) -> GraphDump:
    data = GraphDump()
    for node, a in g.nodes(data=True):
        if a["kind"] == "Document":
            data.documents.append({"id": a["doc_id"], **{f: a.get(f"doc_{f}") for f in DOC_FIELDS}})
        else:
            data.entities.append({"id": node, "label": a["kind"], "name": a["label"],
                                  "aliases": json.loads(a["aliases"]), "props": json.loads(a["props"])})
    for u, v, a in g.edges(data=True):
        if a["relation"] == "MENTIONS":
            data.mentions.append((g.nodes[u]["doc_id"], v, int(a["weight"])))
        else:
            data.relations.append({"type": a["relation"], "head": u, "tail": v, "props": json.loads(a["props"]),
                                   "evidence": json.loads(a["evidence"])})
    return data


# neo4j-admin CSV ---------------------------------------------------------------------------
def _cell(value: Any) -> str:
    """A CSV cell: None is an unquoted empty cell (no property); strings are always quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        value = ARRAY_DELIMITER.join(value)
    return '"' + str(value).replace('"', '""') + '"'


def _write_rows(path: Path, header: list[str], rows: Iterator[list[Any]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header) + "\n")
        for row in rows:
            fh.write(",".join(_cell(v) for v in row) + "\n")
    return path


def _prop_columns(items: list[dict]) -> list[str]:
    keys = sorted({k for item in items for k in item["props"]})
    for k in keys:
        if not k or any(c in k for c in ':,"\n\r`'):
            raise ExportError(f"property name {k!r} cannot be a neo4j-admin CSV column "
                              "(it is empty or holds one of : , \" ` or a line break)")
    return keys


def _check_list(values: list[str], where: str) -> list[str]:
    for v in values:
        if ARRAY_DELIMITER in v:
            raise ExportError(f"{where}: {v!r} contains U+001F, the CSV array delimiter")
    return values


# `neo4j-admin` arguments before the file arguments and the database name
ADMIN_IMPORT = ["database", "import", "full", "--overwrite-destination=true", "--array-delimiter=U+001F",
                "--multiline-fields=true", "--id-type=string"]


def csv_import_args(folder: Path) -> list[str]:
    """The `--nodes`/`--relationships` arguments of `neo4j-admin database import` for a CSV folder."""
    folder = Path(folder)
    args = [f"--nodes=Document={folder / 'nodes_Document.csv'}"]
    args += [f"--nodes=Entity:{label}={folder / f'nodes_{label}.csv'}" for label in ENTITY_LABELS
             if (folder / f"nodes_{label}.csv").exists()]
    args += [f"--relationships={t}={folder / f'rels_{t}.csv'}" for t in (*FACT_TYPES, "MENTIONS")
             if (folder / f"rels_{t}.csv").exists()]
    return args


def write_csv(data: GraphDump, out: Path) -> list[Path]:
    """One CSV per node label and per relationship type, plus `import.sh` for neo4j-admin."""
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    args: list[str] = []
    facts: dict[str, set[str]] = {}  # document id -> keys of the relations it supports
    for r in data.relations:
        key = _json([r["head"], r["type"], r["tail"]])
        for ev in r["evidence"]:
            facts.setdefault(ev["doc_id"], set()).add(key)
    files.append(_write_rows(out / "nodes_Document.csv", ["id:ID", *DOC_FIELDS, "facts:string[]"], (
        [d["id"], *(d.get(f) for f in DOC_FIELDS), sorted(facts.get(d["id"], ()))] for d in data.documents)))
    args.append("--nodes=Document=nodes_Document.csv")
    for label in ENTITY_LABELS:
        items = [e for e in data.entities if e["label"] == label]
        if not items:
            continue
        keys = _prop_columns(items)
        path = out / f"nodes_{label}.csv"
        files.append(_write_rows(path, ["id:ID", "label", "name", "aliases:string[]", *(f"j.{k}" for k in keys)], (
            [e["id"], e["label"], e["name"], _check_list(sorted(e["aliases"]), e["id"]) or None,
             *(_json(e["props"][k]) if k in e["props"] else None for k in keys)] for e in items)))
        args.append(f"--nodes=Entity:{label}={path.name}")
    for rel_type in FACT_TYPES:
        items = [r for r in data.relations if r["type"] == rel_type]
        if not items:
            continue
        keys = _prop_columns(items)
        path = out / f"rels_{rel_type}.csv"
        files.append(_write_rows(
            path, [":START_ID", ":END_ID", "ev_keys:string[]", "ev_docs:string[]", "evidence:string[]",
                   *(f"j.{k}" for k in keys)],
            ([r["head"], r["tail"], [_json([ev["doc_id"], ev["start"], ev["end"]]) for ev in r["evidence"]],
              _check_list([ev["doc_id"] for ev in r["evidence"]], str((r["head"], r["type"], r["tail"]))),
              [_json(ev) for ev in r["evidence"]],
              *(_json(r["props"][k]) if k in r["props"] else None for k in keys)] for r in items)))
        args.append(f"--relationships={rel_type}={path.name}")
    files.append(_write_rows(out / "rels_MENTIONS.csv", [":START_ID", ":END_ID", "count:long"],
                             ([d, e, n] for d, e, n in data.mentions)))
    args.append("--relationships=MENTIONS=rels_MENTIONS.csv")
    script = out / "import.sh"
    script.write_text(
        "#!/bin/sh\n# Load these files into an empty, stopped Neo4j 5 database, then open it with\n"
        "# `liantu --graph neo4j ...` (constraints and indexes are created on first use).\n"
        'cd "$(dirname "$0")"\n'
        "neo4j-admin " + " ".join(shlex.quote(a) for a in ADMIN_IMPORT + args) + ' "${1:-neo4j}"\n', encoding="utf-8")
    script.chmod(0o755)
    files.append(script)
    return files


def _column(header: str) -> str:
    return header if header.startswith("j.") else (header.split(":")[0] or header)


def _parse_csv(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a CSV written by `write_csv`, keeping unquoted empty cells as None."""
    records = _records(path.read_text(encoding="utf-8"))
    header = [_column(value) for value, _ in next(records)]
    for record in records:
        yield {h: (value if quoted or value else None) for h, (value, quoted) in zip(header, record, strict=False)}


def _records(text: str) -> Iterator[list[tuple[str, bool]]]:
    """Split CSV text into records of (value, was quoted) cells; quoted cells may hold anything."""
    i, n = 0, len(text)
    while i < n:
        record = []
        while True:
            if i < n and text[i] == '"':
                parts, j = [], i + 1
                while True:
                    k = text.index('"', j)
                    parts.append(text[j:k])
                    if text.startswith('"', k + 1):
                        parts.append('"')
                        j = k + 2
                    else:
                        i = k + 1
                        break
                record.append(("".join(parts), True))
            else:
                k = i
                while k < n and text[k] not in ",\n":
                    k += 1
                record.append((text[i:k], False))
                i = k
            if i < n and text[i] == ",":
                i += 1
                continue
            i += 1  # the newline ending the record
            break
        yield record


def _split(value: str | None) -> list[str]:
    return value.split(ARRAY_DELIMITER) if value else []


def read_csv(folder: Path) -> GraphDump:
    """Parse a folder written by `write_csv` back into a dump."""
    data = GraphDump()
    for row in _parse_csv(folder / "nodes_Document.csv"):
        data.documents.append({"id": row["id"], **{f: row.get(f) for f in DOC_FIELDS}})
    for label in ENTITY_LABELS:
        path = folder / f"nodes_{label}.csv"
        if path.exists():
            for row in _parse_csv(path):
                data.entities.append({"id": row["id"], "label": row["label"], "name": row["name"],
                                      "aliases": _split(row["aliases"]), "props": _props(row)})
    for rel_type in FACT_TYPES:
        path = folder / f"rels_{rel_type}.csv"
        if path.exists():
            for row in _parse_csv(path):
                data.relations.append({"type": rel_type, "head": row[":START_ID"], "tail": row[":END_ID"],
                                       "props": _props(row),
                                       "evidence": [json.loads(ev) for ev in _split(row["evidence"])]})
    for row in _parse_csv(folder / "rels_MENTIONS.csv"):
        data.mentions.append((row[":START_ID"], row[":END_ID"], int(row["count"])))
    return data


def _props(row: dict[str, Any]) -> dict[str, Any]:
    return {k[2:]: json.loads(v) for k, v in row.items() if k.startswith("j.") and v is not None}
