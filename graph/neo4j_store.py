"""The Neo4j graph store: the same protocol and answers as the embedded store, on a Neo4j server.

The driver is injected (`Neo4jStore(driver, database)`); `Neo4jStore.connect(...)` builds one
from settings. Every statement comes from graph.cypher. A call that writes runs as one
transaction, so a failed batch leaves nothing behind; reads use read routing. Traversals
(graph.neo4j_traversal) are each one statement walked inside the server, in the order
graph.traversal defines for every store.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from typing import Any

from graph import cypher
from graph.errors import StoreUnavailableError
from graph.model import RELATION_TYPES
from graph.neo4j_props import decode_props, encode_props
from graph.neo4j_traversal import Neo4jTraversals
from graph.validate import ENTITY_LABELS, check_batch
from ingest.facts import NO_DOCUMENT, Contribution, merge_props, merge_relation_props, project_links, shown_name
from ingest.model import Entity, Extraction, Relation

DOC_FIELDS = ("title", "date", "source", "url", "kind", "origin", "story")


def fact_key(head: str, rel_type: str, tail: str) -> str:
    return json.dumps([head, rel_type, tail], ensure_ascii=False)


def evidence_key(doc_id: str, start: int, end: int) -> str:
    return json.dumps([doc_id, start, end], ensure_ascii=False)


class Neo4jStore(Neo4jTraversals):
    """Graph store on Neo4j 5 through the official driver."""

    def __init__(self, driver, database: str = "neo4j", owns_driver: bool = False) -> None:
        self.driver = driver
        self.database = database
        self._owns_driver = owns_driver
        self._schema_ready = False

    @classmethod
    def connect(cls, uri: str = "bolt://127.0.0.1:7687", user: str = "neo4j", password: str = "",
                database: str = "neo4j") -> "Neo4jStore":
        """A store on a new driver; StoreUnavailableError in one line when Neo4j cannot be used."""
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable

        try:
            driver = GraphDatabase.driver(uri, auth=(user, password))
        except (ValueError, DriverError) as exc:
            raise StoreUnavailableError(f"Neo4j URI {uri!r} is not usable ({exc}); set LIANTU_NEO4J_URI, "
                                        "e.g. bolt://127.0.0.1:7687") from exc
        try:
            driver.verify_connectivity()
            store = cls(driver, database, owns_driver=True)
            store.ensure_schema()
            return store
        except AuthError as exc:
            driver.close()
            raise StoreUnavailableError(f"Neo4j at {uri} refused user {user!r}: check LIANTU_NEO4J_USER "
                                        "and LIANTU_NEO4J_PASSWORD") from exc
        except (ServiceUnavailable, OSError) as exc:
            driver.close()
            raise StoreUnavailableError(f"cannot reach Neo4j at {uri}: start it (`liantu neo4j start`) "
                                        "or point LIANTU_NEO4J_URI at a running server") from exc
        except ClientError as exc:
            driver.close()
            raise StoreUnavailableError(f"Neo4j at {uri} cannot use database {database!r} ({exc.code}): "
                                        "check LIANTU_NEO4J_DATABASE") from exc
        except (Neo4jError, DriverError) as exc:
            driver.close()
            raise StoreUnavailableError(f"Neo4j at {uri} failed: {exc}") from exc

    # plumbing ------------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create the constraints and indexes if they do not exist yet (once per store)."""
        if self._schema_ready:
            return
        with self._session() as session:
            for statement in cypher.schema_statements():
                session.run(statement).consume()
            session.run(cypher.AWAIT_INDEXES).consume()
        self._schema_ready = True

    def _session(self, **config):
        # Server notifications (e.g. "relationship type MENTIONS does not exist" before the
        # first document) are not errors; keep them out of the user's log.
        return self.driver.session(database=self.database, notifications_min_severity="OFF", **config)

    def _read(self, query: str, **params) -> list:
        """Records of one read query, run as a read transaction (routed to a reader)."""
        from neo4j import READ_ACCESS

        with self._reachable("a read"):
            self.ensure_schema()
            with self._session(default_access_mode=READ_ACCESS) as session:
                return session.execute_read(lambda tx: list(tx.run(query, params)))

    def _stream(self, query: str, collect, **params) -> Any:
        """`collect(records)` over the records of one read query as they arrive, not kept in a list.

        The server sends every record without waiting to be asked for the next thousand (the
        driver's default), which would cost a round trip per thousand. A retried transaction
        calls `collect` again on a fresh stream.
        """
        from neo4j import READ_ACCESS

        with self._reachable("a read"):
            self.ensure_schema()
            with self._session(default_access_mode=READ_ACCESS, fetch_size=-1) as session:
                return session.execute_read(lambda tx: collect(tx.run(query, params)))

    def _write(self, work) -> Any:
        """Run `work(tx)` as one transaction: all of it is written or none of it."""
        with self._reachable("a write"):
            self.ensure_schema()
            with self._session() as session:
                return session.execute_write(work)

    @contextmanager
    def _reachable(self, what: str):
        """Turn a lost server into one clear StoreUnavailableError.

        The driver's managed transactions already retry a dropped connection with backoff
        (up to its max_transaction_retry_time, 30 s by default); this is what is left when the
        server stays away that long. A transaction that did not commit wrote nothing.
        """
        from neo4j.exceptions import ServiceUnavailable, SessionExpired

        try:
            yield
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailableError(
                f"Neo4j stopped answering during {what} ({' '.join(str(exc).split())}); the open transaction was rolled back, so "
                "nothing of it was stored: start Neo4j again (`liantu neo4j start`) and rerun the command") from exc

    def flush(self) -> None:
        """Nothing to do: every write call commits its own transaction."""

    def close(self) -> None:
        if self._owns_driver:
            self.driver.close()

    def refresh(self) -> bool:
        """Always current: readers see every committed transaction."""
        return False

    def generation(self) -> tuple[int, int]:
        """The numbers of nodes and of relationships, from Neo4j's count store."""
        return self._read(cypher.COUNT_NODES)[0]["n"], self._read(cypher.COUNT_RELATIONSHIPS)[0]["n"]

    def clear(self) -> None:
        """Delete every liantu node and relationship (tests, `sync` into a fresh database)."""
        while True:
            records = self._write(lambda tx: list(tx.run(cypher.DELETE_ALL_BATCH, batch=10_000)))
            if records[0]["n"] == 0:
                return

    # writing -------------------------------------------------------------------------------
    def upsert_entities(self, entities: Iterable[Entity]) -> None:
        entities = list(entities)
        check_batch(entities, (), ())
        if entities:
            self._write(lambda tx: self._upsert_entities(tx, entities))

    def upsert_relations(self, relations: Iterable[Relation]) -> None:
        relations = list(relations)
        if not relations:
            return
        self._write(lambda tx: self._checked_relations(tx, relations))

    def _checked_relations(self, tx, relations: list[Relation]) -> None:
        ends = {end for r in relations for end in (r.head, r.tail) if isinstance(end, str)}
        check_batch((), relations, ends - self._missing(tx, ends))
        self._upsert_relations(tx, relations)

    @staticmethod
    def _missing(tx, ids: set[str]) -> set[str]:
        return set(tx.run(cypher.MISSING_ENTITIES, ids=sorted(ids)).single()["missing"])

    @staticmethod
    def _upsert_entities(tx, entities: Sequence[Entity], doc_ids: Sequence[str] | None = None,
                         dates: Sequence[str | None] | None = None) -> None:
        """File each entity as stated by its document (`doc_ids[i]`, a direct upsert when None) and
        write the merge of every contribution (ingest.facts)."""
        doc_ids = doc_ids or [NO_DOCUMENT] * len(entities)
        dates = dates or [None] * len(entities)
        stored = {r["id"]: r for r in tx.run(cypher.ENTITY_SOURCES, ids=sorted({e.id for e in entities}))}
        nodes: dict[str, dict[str, Any]] = {}
        for e, doc_id, date in zip(entities, doc_ids, dates, strict=True):
            node = nodes.get(e.id)
            if node is None:
                record = stored.get(e.id)
                node = nodes[e.id] = {"id": e.id, "label": record["label"] if record else e.label,
                                      "sources": _entity_sources(record), "old": record["p"] if record else {}}
            sources, aliases = node["sources"], sorted(e.aliases)
            props, name = dict(e.props), e.name
            if doc_id == NO_DOCUMENT and doc_id in sources:  # direct upserts update one another; the first names
                _, old_props, old_aliases, name = sources[doc_id]
                props, aliases = {**old_props, **props}, sorted(set(old_aliases) | set(aliases))
            sources[doc_id] = [date, props, aliases, name]
        by_label: dict[str, list[dict]] = {}
        for node in nodes.values():
            by_label.setdefault(node["label"], []).append(_entity_row(node))
        for label, rows in sorted(by_label.items()):
            tx.run(cypher.upsert_entities(label), rows=rows).consume()

    @staticmethod
    def _upsert_relations(tx, relations: Sequence[Relation], doc_ids: Sequence[str] | None = None,
                          dates: Sequence[str | None] | None = None) -> None:
        doc_ids = doc_ids or [NO_DOCUMENT] * len(relations)
        dates = dates or [None] * len(relations)
        merged: dict[tuple[str, str, str], dict[str, Any]] = {}
        for r, doc_id, date in zip(relations, doc_ids, dates, strict=True):
            row = merged.setdefault(r.key, {"head": r.head, "tail": r.tail, "type": r.type,
                                            "contributions": [], "evidence": {}})
            row["contributions"].append((doc_id, date, dict(r.props)))
            for ev in r.evidence:
                row["evidence"].setdefault(evidence_key(ev.doc_id, ev.start, ev.end), ev)
        stored: dict[tuple[str, str, str], Any] = {}
        for rel_type in sorted({key[1] for key in merged}):
            rows = [{"head": h, "tail": t} for h, ty, t in merged if ty == rel_type]
            for record in tx.run(cypher.relation_sources(rel_type), rows=rows):
                stored[(record["head"], rel_type, record["tail"])] = record
        by_type: dict[str, list[dict]] = {}
        facts: dict[str, set[str]] = {}
        for key, row in merged.items():
            record = stored.get(key)
            sources = _relation_sources(record)
            for doc_id, date, props in row["contributions"]:
                if doc_id == NO_DOCUMENT and doc_id in sources:
                    props = {**sources[doc_id][1], **props}
                sources[doc_id] = [date, props]
                if doc_id != NO_DOCUMENT:
                    facts.setdefault(doc_id, set()).add(fact_key(*key))
            evidence = row["evidence"]
            by_type.setdefault(row["type"], []).append({
                "head": row["head"], "tail": row["tail"],
                **_relation_facts(sources, record["p"] if record else {}),
                "ev_keys": list(evidence), "ev_docs": [ev.doc_id for ev in evidence.values()],
                "evidence": [json.dumps(ev.as_dict(), ensure_ascii=False) for ev in evidence.values()]})
            for ev in evidence.values():
                facts.setdefault(ev.doc_id, set()).add(fact_key(*key))
        for rel_type, rows in sorted(by_type.items()):
            tx.run(cypher.upsert_relations(rel_type), rows=rows).consume()
        if facts:
            tx.run(cypher.ADD_FACTS, rows=[{"doc": d, "facts": sorted(f)} for d, f in sorted(facts.items())]).consume()

    def write_extractions(self, extractions: Sequence[Extraction]) -> None:
        extractions = list(extractions)
        if not extractions:
            return
        # A document given twice replaces itself: write in runs with no repeated document.
        runs: list[list[Extraction]] = [[]]
        for x in extractions:
            if any(y.document.id == x.document.id for y in runs[-1]):
                runs.append([])
            runs[-1].append(x)

        def work(tx):
            batch_ids = {e.id for x in extractions for e in x.entities}
            ends = {end for x in extractions for r in x.relations for end in (r.head, r.tail)
                    if isinstance(end, str)} - batch_ids
            check_batch([e for x in extractions for e in x.entities],
                        [r for x in extractions for r in x.relations], ends - self._missing(tx, ends) | batch_ids)
            for run in runs:
                self._write_run(tx, run)

        self._write(work)

    def _write_run(self, tx, extractions: list[Extraction]) -> None:
        ids = [x.document.id for x in extractions]
        for record in tx.run(cypher.EXISTING_DOCUMENTS, ids=ids):
            self._remove_document(tx, record["id"])
        tx.run(cypher.CREATE_DOCUMENTS, rows=[
            {"id": x.document.id, "fields": {f: getattr(x.document, f) for f in DOC_FIELDS}
                                           | {"story": x.document.story or x.document.id}}
            for x in extractions]).consume()
        entities, docs, dates = [], [], []
        for x in extractions:
            links = project_links(x.relations)
            for e in x.entities:
                entities.append(Entity(e.id, e.label, e.name, e.aliases, e.props | links.get(e.id, {})))
                docs.append(x.document.id)
                dates.append(x.document.date)
        self._upsert_entities(tx, entities, docs, dates)
        mentions = []
        for x in extractions:
            counts = Counter(m.entity_id for m in x.mentions if m.entity_id)
            mentions += [{"doc": x.document.id, "entity": e.id, "count": counts.get(e.id, 1)}
                         for e in x.entities]
        tx.run(cypher.MERGE_MENTIONS, rows=mentions).consume()
        self._upsert_relations(tx, [r for x in extractions for r in x.relations],
                               [x.document.id for x in extractions for _ in x.relations],
                               [x.document.date for x in extractions for _ in x.relations])

    def remove_documents(self, doc_ids: Iterable[str]) -> None:
        doc_ids = list(doc_ids)
        if doc_ids:
            self._write(lambda tx: [self._remove_document(tx, d) for d in doc_ids])

    @staticmethod
    def _remove_document(tx, doc_id: str) -> None:
        record = tx.run(cypher.DOCUMENT_FACTS, id=doc_id).single()
        if record is None:
            return
        touched = set(record["mentioned"])
        by_type: dict[str, list[dict]] = {}
        for key in record["facts"] or ():
            head, rel_type, tail = json.loads(key)
            by_type.setdefault(rel_type, []).append({"head": head, "tail": tail})
            touched.update((head, tail))
        for rel_type, rows in sorted(by_type.items()):
            if rel_type not in RELATION_TYPES:
                continue
            kept = []
            for rel in tx.run(cypher.relation_sources(rel_type), rows=rows):
                sources = _relation_sources(rel)
                if sources.pop(doc_id, None) is not None:
                    kept.append({"head": rel["head"], "tail": rel["tail"], **_relation_facts(sources, rel["p"])})
            tx.run(cypher.drop_evidence(rel_type), rows=rows, doc=doc_id).consume()
            if kept:  # the relations still stated elsewhere show the merge of the rest
                tx.run(cypher.set_relation_facts(rel_type), rows=kept).consume()
        tx.run(cypher.DELETE_DOCUMENT, id=doc_id).consume()
        tx.run(cypher.DELETE_UNSUPPORTED_ENTITIES, ids=sorted(touched)).consume()
        rows = []
        for node in tx.run(cypher.ENTITY_SOURCES, ids=sorted(touched)):
            sources = _entity_sources(node)
            if sources.pop(doc_id, None) is not None:
                rows.append(_entity_row({"id": node["id"], "label": node["label"], "sources": sources,
                                         "old": node["p"]}))
        if rows:
            tx.run(cypher.SET_ENTITY_FACTS, rows=rows).consume()

    # documents -----------------------------------------------------------------------------
    def document_ids(self) -> set[str]:
        return {r["id"] for r in self._read(cypher.DOCUMENT_IDS)}

    def document_origins(self) -> dict[str, str]:
        return {r["origin"]: r["id"] for r in self._read(cypher.DOCUMENT_ORIGINS) if r["origin"]}

    @staticmethod
    def _document_dict(props: dict[str, Any]) -> dict[str, Any]:
        return {"id": props["id"], **{f: props.get(f) for f in DOC_FIELDS}, "story": props.get("story") or props["id"]}

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        records = self._read(cypher.GET_DOCUMENT, id=doc_id)
        return self._document_dict(records[0]["d"]) if records else None

    def documents_mentioning(self, entity_id: str, limit: int = 50) -> list[dict[str, Any]]:
        records = self._read(cypher.DOCUMENTS_MENTIONING, id=entity_id, limit=max(0, int(limit)))
        docs = [self._document_dict(r["d"]) for r in records]
        docs.sort(key=lambda d: (d["date"] or "", d["id"]), reverse=True)
        return docs

    def mentions(self) -> list[tuple[str, str, int]]:
        """Every (document id, entity id, mention count), sorted: what export needs besides facts."""
        return sorted((r["doc"], r["entity"], r["count"]) for r in self._read(cypher.ALL_MENTIONS))

    # entities and relations ----------------------------------------------------------------
    @staticmethod
    def _entity_dict(record) -> dict[str, Any]:
        return {"id": record["id"], "label": record["label"], "name": record["name"],
                "aliases": sorted(record["aliases"] or ()), "props": decode_props(record["p"])}

    @staticmethod
    def _edge_dict(record) -> dict[str, Any]:
        p = record["p"]
        return {"type": record["type"], "head": record["head"], "tail": record["tail"],
                "props": decode_props(p), "evidence": [json.loads(ev) for ev in p.get("evidence", ())]}

    def _entities(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        return {r["id"]: self._entity_dict(r) for r in self._read(cypher.GET_ENTITIES, ids=list(ids))}

    def get_entity(self, entity_id: str) -> dict[str, Any] | None:
        return self._entities([entity_id]).get(entity_id)

    def find_entities(self, text: str, labels: Sequence[str] | None = None, limit: int = 20) -> list[dict[str, Any]]:
        text = text.strip()
        if not text or limit <= 0:
            return []
        records = self._read(cypher.FIND_ENTITIES, text=text, labels=list(labels) if labels else None,
                             limit=int(limit))
        ranked = sorted(records, key=lambda r: (r["rank"], -r["mentions"], len(r["name"]), r["id"]))
        return [self._entity_dict(r) for r in ranked]

    def entities(self, label: str) -> list[dict[str, Any]]:
        if label not in ENTITY_LABELS:
            return []
        return sorted((self._entity_dict(r) for r in self._read(cypher.ENTITIES_BY_LABEL, label=label)),
                      key=lambda e: e["id"])

    def relations(self, entity_id: str | None = None, types: Sequence[str] | None = None,
                  direction: str = "both") -> list[dict[str, Any]]:
        types = list(types) if types else None
        if entity_id is None:
            records = self._read(cypher.ALL_RELATIONS, types=types)
        else:
            records = self._read(cypher.RELATIONS_OF, id=entity_id, types=types,
                                 out=direction in ("both", "out"), **{"in": direction in ("both", "in")})
        found = [self._edge_dict(r) for r in records if r["type"] != "MENTIONS"]
        found.sort(key=lambda e: (e["head"], e["type"], e["tail"]))
        return found

    def counts(self) -> dict[str, Any]:
        documents = self._read(cypher.COUNT_DOCUMENTS)[0]["n"]
        used_labels = set(self._read(cypher.LABELS_IN_USE)[0]["names"])
        used_types = set(self._read(cypher.TYPES_IN_USE)[0]["names"])
        labels = {label: self._read(cypher.count_label(label))[0]["n"]
                  for label in ENTITY_LABELS if label in used_labels}
        types = {t: self._read(cypher.count_type(t))[0]["n"] for t in RELATION_TYPES if t in used_types}
        return {"documents": documents,
                "entities": {k: v for k, v in sorted(labels.items()) if v},
                "relations": {k: v for k, v in sorted(types.items()) if v}}


def _entity_sources(record) -> dict[str, list]:
    """An entity's stored contributions, {doc_id: [date, props, aliases, name]} (ingest.facts); a node
    written before contributions were kept counts as one direct upsert of what it shows."""
    if record is None:
        return {}
    if record["sources"]:
        return json.loads(record["sources"])
    return {NO_DOCUMENT: [None, decode_props(record["p"]), sorted(record["aliases"] or ()), record["name"]]}


def _relation_sources(record) -> dict[str, list]:
    """A relation's stored contributions, {doc_id: [date, props]}."""
    if record is None:
        return {}
    if record["sources"]:
        return json.loads(record["sources"])
    return {NO_DOCUMENT: [None, decode_props(record["p"])]}


def _cleared(old: dict[str, Any], props: dict[str, Any]) -> dict[str, Any]:
    """`props` encoded, with every stored prop the merge no longer has set to null (removed)."""
    encoded = encode_props(props)
    stale = {k: None for k in old if k.startswith(("p.", "j.")) and k not in encoded}
    return stale | encoded


def _entity_row(node: dict[str, Any]) -> dict[str, Any]:
    """The row that writes an entity's merged props, aliases and contributions."""
    sources = node["sources"]
    props = merge_props(node["label"], [Contribution(d, date, p) for d, (date, p, *_) in sources.items()])
    name = shown_name([n for *_, n in sources.values()])
    aliases = sorted(set().union(*(set(a) | {n} for *_, a, n in sources.values())) - {name})
    return {"id": node["id"], "label": node["label"], "name": name, "aliases": aliases,
            "sources": json.dumps(sources, ensure_ascii=False, sort_keys=True), "props": _cleared(node["old"], props)}


def _relation_facts(sources: dict[str, list], old: dict[str, Any]) -> dict[str, Any]:
    """The merged props and contributions of a relation, as row fields."""
    props = merge_relation_props(Contribution(d, date, p) for d, (date, p) in sources.items())
    return {"props": _cleared(old, props), "sources": json.dumps(sources, ensure_ascii=False, sort_keys=True)}
