"""The analysis pipeline for one document: normalise -> split -> segment -> recognise -> resolve."""
from __future__ import annotations

from corpus import Lexicon, load_lexicon
from ingest.extract import Gazetteer, merge_mentions, recognise_amounts, recognise_known_names
from ingest.model import Document, Extraction
from ingest.normalise import split_sentences, to_simplified
from ingest.resolve import resolve_mentions
from ingest.segment import domain_segmenter


class Pipeline:
    """Turns documents into extractions; owns its segmenter and lexicon (no global state)."""

    def __init__(self, lexicon: Lexicon | None = None, engine: str = "rjieba") -> None:
        self.lexicon = lexicon or load_lexicon()
        names: dict[str, tuple[str, str]] = {}
        for entry in self.lexicon.enterprises:
            for name in (entry.name, *entry.aliases):
                if len(name) >= 2:
                    names[name] = ("ENTERPRISE", entry.name)
        for code, entry in self.lexicon.regions.items():
            # County and town short forms are ambiguous words (合作, 大关) outside 福建.
            short_ok = entry.level not in ("county", "town") or code.startswith("35")
            for name in (entry.name, *(entry.aliases if short_ok else ())):
                if len(name) < 2 or name in names:
                    continue
                resolved = self.lexicon.resolve_region(name)
                names[name] = ("REGION", resolved.code if resolved else code)
        self.gazetteer = Gazetteer(names)
        self.segmenter = domain_segmenter(self.lexicon, engine=engine)

    def analyse(self, document: Document) -> Extraction:
        """Everything this pipeline finds in `document`."""
        text = to_simplified(document.text)
        sentences = split_sentences(text)
        mentions = merge_mentions([
            recognise_known_names(text, sentences, self.gazetteer),
            recognise_amounts(text, sentences),
        ])
        entities = resolve_mentions(mentions, self.lexicon)
        return Extraction(document, text, sentences, mentions, entities, relations=[])
