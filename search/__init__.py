"""Full-text search: one index protocol, three backends, one Chinese analyzer.

- `analysis`: the ingestion segmenter and lexicon as a whoosh analyzer (positions, offsets,
  sub-words at their word's position) over the text as extraction reads it (pinyin
  annotations removed, broken lines joined, traditional folded to simplified), and the
  character terms of a text (for words the segmenter cut otherwise and single characters).
- `query`: the syntax users type (words, "phrases", -exclusions, OR), parsed without any
  backend; `plan`: what a query asks every backend to match (units; question words left out;
  partial matches when all units find less than a page; pasted text by its distinctive
  words); `filters`: sort, page, dates, kinds, entities, chains, regions (a region includes
  every region inside it, from the corpus lexicon); `kinds`: a document's kind from its source.
- `index.SearchIndex`: the protocol. Backends: `whoosh_index` (embedded default, in the data
  directory), `tantivy_index` (embedded, Rust; fed pre-segmented tokens; queries in
  `tantivy_query`), `neo4j_index`
  (Neo4j's full-text index, for deployments whose graph is in Neo4j; Cypher in `cypher`).
  `backends.open_index` picks one by name (setting LIANTU_SEARCH).
- Lifecycle: every document an index receives is also written to the document store
  (`docstore`, `<data dir>/docs/`, one gzipped JSON per document), because the graph keeps
  document metadata but not text. `rebuild.rebuild_index` (CLI `liantu index rebuild`)
  builds a fresh index from that store beside the old one and swaps it in, keeping only
  documents the graph still has, so it also repairs a damaged index.
"""
from search.errors import QueryError, SearchError
from search.model import Hit, IndexedDocument, SearchQuery, SearchResults

__all__ = ["QueryError", "SearchError", "Hit", "IndexedDocument", "SearchQuery", "SearchResults"]
