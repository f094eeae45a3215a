"""tantivy queries for a query plan (`search.plan`), over the fields of `search.tantivy_index`.

A word is looked up among the title's and body's words and dictionary sub-words. A *wide*
query also looks for it as characters in a row (`body_chars`): where the segmenter cut it
otherwise (佳/龙文 for 佳龙), inside a longer word (农业发展 in 农业发展银行), or alone (锂).
Character phrases cost more than word lookups, so the index runs the wide query only when
the words find nothing, and looks for characters only for words that are rare as words (a
common word is found as a word; a name the segmenter cut is rare as a word). A single
character is always looked up as a character (a single term, cheap). A quoted phrase is always characters in a row in the body
(or adjacent words in the title).
"""
from __future__ import annotations

import tantivy

from search.analysis import char_terms
from search.plan import Alternative, QueryPlan, Unit

TITLE_BOOST = 2.0
UNIT_SCORE = 1000.0  # added per matched unit in partial matches: more units matched always ranks first
PROXIMITY_SLOP = 6  # adjacent query words this close (in characters) in a document's body rank higher
PROXIMITY_BOOST = 2.0
CHARS_BOOST = 0.5  # a word found only as characters in a row ranks below one found as a word
MAX_CHAR_TERMS = 8  # longer words are not looked for as characters (their sub-words find them)

Q, Occur = tantivy.Query, tantivy.Occur


class QueryBuilder:
    """Builds the queries of a plan against one schema."""

    def __init__(self, schema, rare=lambda word: True) -> None:
        self.schema = schema
        self.rare = rare  # whether a word is rare enough as a word to look for it as characters too

    def chars(self, text: str):
        """The character terms of `text` in a row in the body, or None if it has none."""
        terms = char_terms(text)
        if not terms:
            return None
        if len(terms) == 1:
            return Q.term_query(self.schema, "body_chars", terms[0])
        # tantivy's stub asks for a list[str | tuple[int, str]], which a list[str] is not (invariance)
        return Q.phrase_query(self.schema, "body_chars", terms)  # type: ignore[arg-type]

    def word(self, word: str, wide: bool):
        term = Q.term_query
        clauses = ([(Occur.Should, Q.boost_query(term(self.schema, f, word), TITLE_BOOST))
                    for f in ("title", "title_sub")] +
                   [(Occur.Should, term(self.schema, f, word)) for f in ("body", "body_sub")])
        terms = char_terms(word)
        single = len(terms) == 1 and len(word) == 1  # one character: only the character field has it
        if single or (wide and terms and len(terms) <= MAX_CHAR_TERMS and (len(terms) == 1 or self.rare(word))):
            chars = self.chars(word)
            if chars is not None:
                clauses.append((Occur.Should, Q.boost_query(chars, CHARS_BOOST)))
        return Q.boolean_query(clauses)

    def alternative(self, a: Alternative, wide: bool):
        if a.phrase:
            clauses = [(Occur.Should, Q.boost_query(Q.phrase_query(self.schema, "title", list(a.words)), TITLE_BOOST))]
            chars = self.chars(" ".join(a.words))
            if chars is not None:
                clauses.append((Occur.Should, chars))
            return Q.boolean_query(clauses)
        if len(a.words) == 1:
            return self.word(a.words[0], wide)
        return Q.boolean_query([(Occur.Must, self.word(w, wide)) for w in a.words])

    def unit(self, unit: Unit, wide: bool):
        alternatives = [self.alternative(a, wide) for a in unit.alternatives]
        if len(alternatives) == 1:
            return alternatives[0]
        return Q.boolean_query([(Occur.Should, a) for a in alternatives])

    def compile(self, plan: QueryPlan, wide: bool = False):
        """(all units, some units but not all, some units) for a plan. Partial matches rank most
        units matched first (each matched unit adds a constant beside its BM25), with a boost for
        adjacent query words found near each other in the body."""
        units = [self.unit(u, wide) for u in plan.units]
        excluded = [(Occur.MustNot, self.alternative(a, wide)) for a in plan.excluded]
        all_units = Q.boolean_query([(Occur.Must, u) for u in units] + excluded)
        ranked = ([(Occur.Should, Q.const_score_query(u, UNIT_SCORE)) for u in units] +
                  [(Occur.Should, u) for u in units])
        for a, b in plan.adjacent_pairs():
            terms = char_terms(a) + char_terms(b)
            # Characters near each other cost a position check in every document holding them
            # all: only pairs with a rare word (few such documents) are looked at.
            if len(terms) > 1 and (self.rare(a) or self.rare(b)):
                ranked.append((Occur.Should, Q.boost_query(
                    Q.phrase_query(self.schema, "body_chars", terms, slop=PROXIMITY_SLOP),  # type: ignore[arg-type]
                    PROXIMITY_BOOST)))  # (tantivy's stub: list[str | tuple[int, str]], invariant)
        some_units = Q.boolean_query([(Occur.Must, Q.boolean_query(ranked))] + excluded)
        partial = Q.boolean_query([(Occur.Must, some_units), (Occur.MustNot, all_units)])
        return all_units, partial, some_units
