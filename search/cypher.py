"""Every Cypher statement the Neo4j search backend runs (parameterised; user text is never spliced in).

Documents live as `:SearchDocument` nodes, apart from the graph store's `:Document` nodes, so
the graph and the index can be rebuilt independently. The full-text index `liantu_search`
covers pre-segmented token properties (see `search.neo4j_index`), analysed by whitespace.
"""

FULLTEXT_INDEX = "liantu_search_2"
# The index of an earlier layout (without the body's characters): dropped; `liantu index rebuild` refills.
DROP_OLD_FULLTEXT = "DROP INDEX liantu_search IF EXISTS"

CREATE_CONSTRAINT = (
    "CREATE CONSTRAINT liantu_search_id IF NOT EXISTS FOR (d:SearchDocument) REQUIRE d.id IS UNIQUE")

CREATE_FULLTEXT = (
    "CREATE FULLTEXT INDEX liantu_search_2 IF NOT EXISTS FOR (d:SearchDocument) "
    "ON EACH [d.title_tok, d.body_tok, d.title_phr, d.body_phr, d.body_chr] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}}")

AWAIT_INDEXES = "CALL db.awaitIndexes(300)"

UPSERT = "UNWIND $rows AS row MERGE (d:SearchDocument {id: row.id}) SET d += row"

DELETE = "UNWIND $ids AS id MATCH (d:SearchDocument {id: id}) DETACH DELETE d"

DELETE_ALL = "MATCH (d:SearchDocument) WITH d LIMIT $batch DETACH DELETE d RETURN count(*) AS n"

DOC_IDS = "MATCH (d:SearchDocument) RETURN d.id AS id"

COUNT = "MATCH (d:SearchDocument) RETURN count(d) AS n"

GET = "MATCH (d:SearchDocument {id: $id}) RETURN d.title AS title, d.body AS body"

# The part every search shares: full-text match, then the filters (a null parameter means "any").
_MATCH = (
    "CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node, score "
    "WHERE ($kinds IS NULL OR node.kind IN $kinds) "
    "AND ($regions IS NULL OR any(x IN node.regions WHERE x IN $regions)) "
    "AND ($entities IS NULL OR any(x IN node.entities WHERE x IN $entities)) "
    "AND ($chains IS NULL OR any(x IN node.chains WHERE x IN $chains)) "
    "AND ($date_from IS NULL OR node.date >= $date_from) "
    "AND ($date_to IS NULL OR (node.date <> '' AND node.date <= $date_to)) "
    "AND ($exclude_id IS NULL OR node.id <> $exclude_id) "
    "AND ($undated IS NULL OR coalesce(node.date, '') = '') ")

_FIELDS = ("node.id AS id, node.title AS title, node.body AS body, node.date AS date, node.source AS source, "
           "node.url AS url, node.kind AS kind, node.regions AS regions, node.entities AS entities, "
           "node.chains AS chains, score")

PAGE_BY_SCORE = _MATCH + "RETURN " + _FIELDS + " ORDER BY score DESC, id SKIP $offset LIMIT $limit"

PAGE_BY_DATE = _MATCH + "RETURN " + _FIELDS + " ORDER BY node.date DESC, score DESC, id SKIP $offset LIMIT $limit"

# Partial-match candidates with their tokens, to count the query units each one matches.
PAGE_WITH_TOKENS = (_MATCH + "RETURN " + _FIELDS + ", node.title_tok AS title_tok, node.body_tok AS body_tok, "
                    "node.title_phr AS title_phr, node.body_phr AS body_phr, node.body_chr AS body_chr "
                    "ORDER BY score DESC, id SKIP $offset LIMIT $limit")

TOTAL = _MATCH + "RETURN count(node) AS n"

FACETS = (
    _MATCH
    + "UNWIND ([['kind', node.kind]] + [x IN coalesce(node.regions, []) | ['regions', x]] "
    "+ [x IN coalesce(node.entities, []) | ['entities', x]] + [x IN coalesce(node.chains, []) | ['chains', x]]) "
    "AS pair WITH pair[0] AS facet, pair[1] AS value, count(*) AS n WHERE value <> '' "
    "RETURN facet, value, n ORDER BY facet, n DESC, value")
