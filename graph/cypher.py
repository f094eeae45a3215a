"""Every Cypher statement of the graph package, in one place.

Values always travel as parameters. Labels and relationship types cannot be parameters in
Cypher, so the few statements that need them are built by functions here that accept only
names from the allow-lists in graph.model (checked again here) and quote them.

Layout in Neo4j:
- `(:Document {id, title, date, source, url, kind, origin, story, facts})`: `facts` lists the relation
  keys (JSON `[head, type, tail]`) that the document supports, for removing it later.
- `(:Entity:<Label> {id, label, name, aliases, p.<key>..., j.<key>...})`: a property is stored
  natively as `p.<key>` when Neo4j can hold it, else as JSON text in `j.<key>`.
- `(:Document)-[:MENTIONS {count}]->(:Entity)`.
- `(:Entity)-[:<TYPE> {ev_keys, ev_docs, evidence, p.<key>..., j.<key>...}]->(:Entity)`: parallel
  lists, one item per evidence: its JSON key `[doc_id, start, end]`, its document, its JSON.
"""
from __future__ import annotations

from graph.model import NODE_LABELS, RELATION_TYPES

ENTITY_LABELS = tuple(label for label in NODE_LABELS if label != "Document")


def _label(label: str) -> str:
    if label not in ENTITY_LABELS:
        raise ValueError(f"not an entity label: {label!r}")
    return f"`{label}`"


def _type(rel_type: str) -> str:
    if rel_type not in RELATION_TYPES:
        raise ValueError(f"not a relation type: {rel_type!r}")
    return f"`{rel_type}`"


# schema ------------------------------------------------------------------------------------
def schema_statements() -> list[str]:
    """Constraints and indexes, created on first use (idempotent)."""
    statements = [
        "CREATE CONSTRAINT liantu_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
        "CREATE CONSTRAINT liantu_document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE",
        "CREATE INDEX liantu_document_origin IF NOT EXISTS FOR (d:Document) ON (d.origin)",
        "CREATE TEXT INDEX liantu_entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
    ]
    statements += [f"CREATE INDEX liantu_{label.lower()}_name IF NOT EXISTS FOR (n:{_label(label)}) ON (n.name)"
                   for label in ENTITY_LABELS]
    return statements


AWAIT_INDEXES = "CALL db.awaitIndexes(300)"

# writing -----------------------------------------------------------------------------------
EXISTING_DOCUMENTS = "UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id AS id"

MISSING_ENTITIES = """
UNWIND $ids AS id
WITH id WHERE NOT EXISTS { MATCH (:Entity {id: id}) }
RETURN collect(id) AS missing
"""

CREATE_DOCUMENTS = """
UNWIND $rows AS row
CREATE (d:Document {id: row.id})
SET d += row.fields, d.facts = []
"""


def upsert_entities(label: str) -> str:
    """Write entities of one label: new ones get label and name; aliases, props and the
    contributions they were merged from (`sources`, JSON) are set as graph.neo4j_store merged them."""
    return f"""
UNWIND $rows AS row
MERGE (n:Entity {{id: row.id}})
ON CREATE SET n:{_label(label)}, n.label = row.label
SET n.name = row.name, n.aliases = row.aliases, n.sources = row.sources, n += row.props
"""


ENTITY_SOURCES = """
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.label AS label, n.name AS name, n.sources AS sources, n.aliases AS aliases, properties(n) AS p
"""

SET_ENTITY_FACTS = """
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n.name = row.name, n.aliases = row.aliases, n.sources = row.sources, n += row.props
"""


def relation_sources(rel_type: str) -> str:
    """The stored contributions (`sources`, JSON) and properties of relations of one type."""
    return f"""
UNWIND $rows AS row
MATCH (h:Entity {{id: row.head}})-[r:{_type(rel_type)}]->(t:Entity {{id: row.tail}})
RETURN row.head AS head, row.tail AS tail, r.sources AS sources, properties(r) AS p
"""


def set_relation_facts(rel_type: str) -> str:
    """Set merged props and contributions on relations of one type that still exist."""
    return f"""
UNWIND $rows AS row
MATCH (h:Entity {{id: row.head}})-[r:{_type(rel_type)}]->(t:Entity {{id: row.tail}})
SET r.sources = row.sources, r += row.props
"""


MERGE_MENTIONS = """
UNWIND $rows AS row
MATCH (d:Document {id: row.doc})
MATCH (e:Entity {id: row.entity})
MERGE (d)-[m:MENTIONS]->(e)
SET m.count = row.count
"""


def upsert_relations(rel_type: str) -> str:
    """Merge relations of one type: merged props and contributions set, evidence not yet present appended."""
    return f"""
UNWIND $rows AS row
MATCH (h:Entity {{id: row.head}})
MATCH (t:Entity {{id: row.tail}})
MERGE (h)-[r:{_type(rel_type)}]->(t)
WITH r, row, coalesce(r.ev_keys, []) AS old_keys
WITH r, row, old_keys, [i IN range(0, size(row.ev_keys) - 1) WHERE NOT row.ev_keys[i] IN old_keys] AS fresh
WITH r, row, old_keys + [i IN fresh | row.ev_keys[i]] AS keys,
     coalesce(r.ev_docs, []) + [i IN fresh | row.ev_docs[i]] AS docs,
     coalesce(r.evidence, []) + [i IN fresh | row.evidence[i]] AS evidence
SET r += row.props, r.sources = row.sources, r.ev_keys = keys, r.ev_docs = docs, r.evidence = evidence
"""


ADD_FACTS = """
UNWIND $rows AS row
MATCH (d:Document {id: row.doc})
WITH d, row, coalesce(d.facts, []) AS facts
SET d.facts = facts + [f IN row.facts WHERE NOT f IN facts]
"""

DOCUMENT_FACTS = """
MATCH (d:Document {id: $id})
OPTIONAL MATCH (d)-[:MENTIONS]->(e:Entity)
RETURN d.facts AS facts, collect(e.id) AS mentioned
"""


def drop_evidence(rel_type: str) -> str:
    """Remove one document's evidence from relations of one type; delete those left with none."""
    return f"""
UNWIND $rows AS row
MATCH (h:Entity {{id: row.head}})-[r:{_type(rel_type)}]->(t:Entity {{id: row.tail}})
WITH r, [i IN range(0, size(coalesce(r.ev_docs, [])) - 1) WHERE r.ev_docs[i] <> $doc] AS keep
WITH r, [i IN keep | r.ev_keys[i]] AS keys, [i IN keep | r.ev_docs[i]] AS docs,
     [i IN keep | r.evidence[i]] AS evidence
SET r.ev_keys = keys, r.ev_docs = docs, r.evidence = evidence
WITH r WHERE size(r.evidence) = 0
DELETE r
"""


DELETE_DOCUMENT = "MATCH (d:Document {id: $id}) DETACH DELETE d"

DELETE_UNSUPPORTED_ENTITIES = """
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE NOT (e)--()
DELETE e
"""

# documents ---------------------------------------------------------------------------------
DOCUMENT_IDS = "MATCH (d:Document) RETURN d.id AS id"

DOCUMENT_ORIGINS = "MATCH (d:Document) WHERE d.origin <> '' RETURN d.origin AS origin, d.id AS id ORDER BY d.id"

GET_DOCUMENT = "MATCH (d:Document {id: $id}) RETURN properties(d) AS d"

DOCUMENTS_MENTIONING = """
MATCH (d:Document)-[:MENTIONS]->(:Entity {id: $id})
RETURN properties(d) AS d
ORDER BY coalesce(d.date, '') DESC, d.id DESC
LIMIT $limit
"""

ALL_MENTIONS = """
MATCH (d:Document)-[m:MENTIONS]->(e:Entity)
RETURN d.id AS doc, e.id AS entity, m.count AS count
"""

# entities and relations --------------------------------------------------------------------
ENTITY_FIELDS = "n.id AS id, n.label AS label, n.name AS name, n.aliases AS aliases, properties(n) AS p"

GET_ENTITIES = f"UNWIND $ids AS id MATCH (n:Entity {{id: id}}) RETURN {ENTITY_FIELDS}"

ENTITIES_BY_LABEL = f"MATCH (n:Entity) WHERE n.label = $label RETURN {ENTITY_FIELDS} ORDER BY n.id"

FIND_ENTITIES = f"""
MATCH (n:Entity)
WHERE ($labels IS NULL OR n.label IN $labels)
  AND (n.name CONTAINS $text OR any(a IN n.aliases WHERE a CONTAINS $text))
WITH n,
     CASE WHEN n.name = $text OR $text IN n.aliases THEN 0
          WHEN n.name STARTS WITH $text OR any(a IN n.aliases WHERE a STARTS WITH $text) THEN 1
          ELSE 2 END AS rank,
     COUNT {{ (:Document)-[:MENTIONS]->(n) }} AS mentions
ORDER BY rank, mentions DESC, size(n.name), n.id
LIMIT $limit
RETURN {ENTITY_FIELDS}, rank, mentions
"""

RELATION_FIELDS = "startNode(r).id AS head, type(r) AS type, endNode(r).id AS tail, properties(r) AS p"

ALL_RELATIONS = f"""
MATCH (:Entity)-[r]->(:Entity)
WHERE $types IS NULL OR type(r) IN $types
RETURN {RELATION_FIELDS}
"""

RELATIONS_OF = f"""
MATCH (n:Entity {{id: $id}})
CALL {{
  WITH n MATCH (n)-[r]->(:Entity) WHERE $out RETURN r
  UNION
  WITH n MATCH (:Entity)-[r]->(n) WHERE $in RETURN r
}}
WITH r WHERE $types IS NULL OR type(r) IN $types
RETURN {RELATION_FIELDS}
"""

# traversal ---------------------------------------------------------------------------------
# Each traversal is one statement built for its hop count and relationship types (both from
# allow-lists), so the server walks the graph and only the answer crosses the wire. Their
# order is the one graph.traversal defines for every store.
WALK_TYPES = tuple(t for t in RELATION_TYPES if t != "MENTIONS")  # never through documents

# only what the answer shows: the props (p.* and j.* keys) as [key, value] pairs and the evidence
_PROPS = "[k IN keys({v}) WHERE k STARTS WITH 'p.' OR k STARTS WITH 'j.' | [k, {v}[k]]]"
NODE_MAP = "{id: n.id, label: n.label, name: n.name, aliases: n.aliases, kv: " + _PROPS.format(v="n") + "}"
EDGE_FIELDS = "head: startNode(r).id, type: type(r), tail: endNode(r).id, evidence: r.evidence, kv: " + \
    _PROPS.format(v="r")
EDGE_MAP = "{" + EDGE_FIELDS + "}"


def walk_types(rel_types) -> list[str]:
    """The relation types a traversal may follow: the allowed ones asked for, or all but MENTIONS."""
    if rel_types is None:
        return list(WALK_TYPES)
    return [t for t in WALK_TYPES if t in set(rel_types)]


def _pattern_types(types) -> str:
    if not types:
        raise ValueError("a traversal needs at least one relation type")
    return "|".join(_type(t) for t in types)


def _fresh(rel: str, parents: str) -> str:
    """Rows of the unseen neighbours `m` (of `$labels`) of `level[i]` for i in `parents`, each
    with the first i reaching it, ordered; collected as `fresh`."""
    return f"""
    UNWIND {parents} AS i
    WITH nodes, level[i] AS a, i
    MATCH (a)-[:{rel}]-(m)
    WHERE NOT m IN nodes AND ($labels IS NULL OR m.label IN $labels)
    WITH m, min(i) AS parent
    ORDER BY parent, m.id
    RETURN collect(m) AS fresh"""


def neighbourhood(hops: int, types) -> str:
    """Breadth-first neighbourhood of `$id` to `hops`, at most `$limit` nodes, with its edges.

    Per hop: the unseen neighbours (of `$labels`, when given) of the last level, each placed
    after the first node of that level that reaches it, then by id; the hop that overflows
    `$limit` keeps what fits and ends the walk (`truncated`).

    Most of the server's work is reading the id of every node a hop reaches (to order them),
    tens of thousands next to a hub. So a hop first walks only the first nodes of the level
    whose relationships add up to more than `$limit`: when they already reach more unseen
    nodes than there is room for, the rest of the level cannot change the answer (its nodes
    come after them); otherwise the whole level is walked. Seen nodes are checked by identity,
    and far ends are not checked for the Entity label (only MENTIONS reaches a document, and it
    is never walked).
    """
    rel = _pattern_types(types)
    steps = "".join(f"""
CALL (nodes, level, truncated) {{
  WITH nodes, level, truncated, [a IN level | COUNT {{ (a)-[:{rel}]-() }}] AS degrees
  WITH nodes, level, truncated, reduce(acc = {{sum: 0, cut: size(level)}}, i IN range(0, size(level) - 1) |
       CASE WHEN acc.cut < size(level) THEN acc
            WHEN acc.sum + degrees[i] > $limit THEN {{sum: acc.sum + degrees[i], cut: i + 1}}
            ELSE {{sum: acc.sum + degrees[i], cut: acc.cut}} END).cut AS cut
  CALL (nodes, level, truncated, cut) {{{_fresh(rel, "CASE WHEN truncated THEN [] ELSE range(0, cut - 1) END")}
  }}
  WITH nodes, level, truncated, cut, fresh AS first
  CALL (nodes, level, truncated, cut, first) {{{_fresh(rel, "CASE WHEN truncated OR cut >= size(level) "
                                                          "OR size(first) > $limit - size(nodes) "
                                                          "THEN [] ELSE range(0, size(level) - 1) END")}
  }}
  RETURN CASE WHEN truncated OR cut >= size(level) OR size(first) > $limit - size(nodes) THEN first ELSE fresh END AS fresh
}}
WITH nodes, fresh, $limit - size(nodes) AS room, truncated
WITH nodes, CASE WHEN room > 0 THEN fresh[..room] ELSE [] END AS level,
     truncated OR size(fresh) > room AS truncated
WITH nodes + level AS nodes, level, truncated""" for _ in range(hops))
    return f"""
MATCH (s:Entity {{id: $id}})
WITH [s] AS nodes, [s] AS level, false AS truncated{steps}
RETURN [n IN nodes | {NODE_MAP}] AS nodes, truncated,
       COLLECT {{ UNWIND nodes AS a MATCH (a)-[r:{rel}]->(b) WHERE b IN nodes RETURN {EDGE_MAP} }} AS edges
"""


def subgraph(types) -> str:
    """The entities of `$ids` (in that order) and the relations among them."""
    rel = _pattern_types(types)
    return f"""
CALL () {{
  UNWIND range(0, size($ids) - 1) AS k
  MATCH (n:Entity {{id: $ids[k]}})
  WITH n ORDER BY k
  RETURN collect(n) AS nodes
}}
RETURN [n IN nodes | {NODE_MAP}] AS nodes,
       COLLECT {{ UNWIND nodes AS a MATCH (a)-[r:{rel}]->(b) WHERE b IN nodes RETURN {EDGE_MAP} }} AS edges
"""


def _path_details(rel: str) -> str:
    return f"""
CALL (paths) {{
  UNWIND paths AS ids
  UNWIND range(0, size(ids) - 2) AS i
  WITH DISTINCT ids[i] AS u, ids[i + 1] AS v
  MATCH (:Entity {{id: u}})-[r:{rel}]-(:Entity {{id: v}})
  RETURN collect({{u: u, v: v, {EDGE_FIELDS}}}) AS steps
}}
CALL (paths) {{
  UNWIND paths AS ids
  UNWIND ids AS id
  WITH DISTINCT id
  MATCH (n:Entity {{id: id}})
  RETURN collect({NODE_MAP}) AS nodes
}}"""


def path_details(types) -> str:
    """Every relation between consecutive nodes of `$paths` (lists of ids), and their entities."""
    return f"WITH $paths AS paths{_path_details(_pattern_types(types))}\nRETURN steps, nodes\n"


def shortest_paths(max_hops: int, types) -> str:
    """The first `$k` shortest paths from `$source` to `$target` by node ids, with nodes and edges.

    Every shortest path (edges either way) is found by Neo4j's bidirectional search; the node
    sequences are ordered as lists of ids (code points, like Python), and every relation
    between two consecutive nodes comes along for the store to pick the one shown. `found` is
    how many distinct shortest node sequences there are.
    """
    rel = _pattern_types(types)
    return f"""
MATCH (a:Entity {{id: $source}}), (b:Entity {{id: $target}})
MATCH p = allShortestPaths((a)-[:{rel}*..{int(max_hops)}]-(b))
WITH DISTINCT [n IN nodes(p) | n.id] AS ids
ORDER BY ids
WITH collect(ids) AS all_paths
WITH all_paths[..$k] AS paths, size(all_paths) AS found{_path_details(rel)}
RETURN paths, found, steps, nodes
"""


def spur_paths(max_hops: int, types) -> str:
    """The first shortest path from `$source` to `$target` avoiding `$banned_nodes` and `$banned_edges`.

    One spur of Yen's method for the k shortest paths, answered in the server. The banned nodes
    and relationships are looked up first, so that the search checks them by identity as it
    walks (a predicate on their ids would make Neo4j enumerate every path instead).
    """
    rel = _pattern_types(types)
    return f"""
MATCH (a:Entity {{id: $source}}), (b:Entity {{id: $target}})
CALL () {{
  OPTIONAL MATCH (n:Entity) WHERE n.id IN $banned_nodes
  RETURN collect(n) AS banned_nodes
}}
CALL () {{
  UNWIND $banned_edges AS pair
  MATCH (:Entity {{id: pair[0]}})-[r:{rel}]-(:Entity {{id: pair[1]}})
  RETURN collect(r) AS banned_rels
}}
MATCH p = allShortestPaths((a)-[:{rel}*..{int(max_hops)}]-(b))
WHERE none(n IN nodes(p) WHERE n IN banned_nodes) AND none(r IN relationships(p) WHERE r IN banned_rels)
WITH DISTINCT [n IN nodes(p) | n.id] AS ids
ORDER BY ids
LIMIT 1
RETURN ids
"""


# a part of the graph, streamed ---------------------------------------------------------------
def graph_part(labels, types) -> str:
    """Every entity of `labels` and every relation of `types` leaving one, in one streamed read.

    For analytics computed in the client (graph.network): node rows first (`head` null), then
    relation rows; only the props named in `$keys` (stored keys: `p.x` and `j.x`) come along, and
    the evidence itself only when `$evidence` is true (its count always does). The props are
    picked from the keys each node has: looking up a key it lacks walks its whole property chain.
    """
    if not labels:
        raise ValueError("a graph part needs at least one entity label")
    nodes = "|".join(_label(label) for label in labels)
    rel = _pattern_types(types)
    return f"""
MATCH (n:{nodes})
RETURN n.id AS id, n.label AS label, n.name AS name, [k IN keys(n) WHERE k IN $keys | [k, n[k]]] AS kv,
       null AS head, null AS type, null AS tail, null AS evidence, 0 AS evidence_count
UNION ALL
MATCH (h:{nodes})-[r:{rel}]->(t:Entity)
RETURN null AS id, null AS label, null AS name, [k IN keys(r) WHERE k IN $keys | [k, r[k]]] AS kv,
       h.id AS head, type(r) AS type, t.id AS tail, CASE WHEN $evidence THEN r.evidence END AS evidence,
       size(r.evidence) AS evidence_count
"""


# counts ------------------------------------------------------------------------------------
COUNT_DOCUMENTS = "MATCH (d:Document) RETURN count(d) AS n"
# Read from the count store: constant time however large the graph.
COUNT_NODES = "MATCH (n) RETURN count(n) AS n"
COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN count(r) AS n"

# the names in use, so that counting never names a label or type the database has not seen
LABELS_IN_USE = "CALL db.labels() YIELD label RETURN collect(label) AS names"
TYPES_IN_USE = "CALL db.relationshipTypes() YIELD relationshipType RETURN collect(relationshipType) AS names"


def count_label(label: str) -> str:
    """Count one entity label (answered from Neo4j's count store)."""
    return f"MATCH (n:{_label(label)}) RETURN count(n) AS n"


def count_type(rel_type: str) -> str:
    """Count one relationship type (answered from Neo4j's count store)."""
    return f"MATCH ()-[r:{_type(rel_type)}]->() RETURN count(r) AS n"


# maintenance -------------------------------------------------------------------------------
DELETE_ALL_BATCH = """
MATCH (n) WHERE n:Entity OR n:Document
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS n
"""
