"""Importing an enterprise list into a graph store: each row resolved to an enterprise the store
knows (by credit code, then by name and aliases) or a new one, and its facts written.

Registry facts are direct upserts (no document states them): importing an updated list again
updates the properties of the enterprises it names.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, Sequence

from corpus import ChainDef, Lexicon
from corpus.industry_codes import IndustryTable
from ingest.model import Entity, Relation
from ingest.registry import RegistryRecord, RowError, column_fields, enterprise_key, parse_record, record_facts
from ingest.registry_files import read_rows
from ingest.resolve import enterprise_name, strip_legal_form

BATCH_ROWS = 500


class RegistrySink(Protocol):
    """What the import needs from a graph store."""

    def entities(self, label: str) -> list[dict[str, Any]]: ...
    def upsert_entities(self, entities: Sequence[Entity]) -> None: ...
    def upsert_relations(self, relations: Sequence[Relation]) -> None: ...
    def flush(self) -> None: ...


@dataclass
class RegistryReport:
    """What an import did: enterprises new to the store, enterprises updated, rows refused."""

    imported: int = 0
    updated: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"imported": self.imported, "updated": self.updated,
                "failed": [{"row": row, "why": why} for row, why in self.failed]}


class KnownEnterprises:
    """The store's enterprises by credit code and by name (names, aliases and registered names)."""

    def __init__(self, entities: list[dict[str, Any]]) -> None:
        self.by_code: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        self.ids = {e["id"] for e in entities}
        for e in entities:
            props = e.get("props") or {}
            if props.get("credit_code"):
                self.by_code.setdefault(str(props["credit_code"]), e["id"])
            for name in (e.get("name"), *(e.get("aliases") or ()), props.get("registered_name")):
                if name:
                    self.by_name.setdefault(str(name), e["id"])

    def resolve(self, record: RegistryRecord, lexicon: Lexicon) -> str | None:
        """The id of the stored enterprise a record is about, or None."""
        if record.credit_code and record.credit_code in self.by_code:
            return self.by_code[record.credit_code]
        canonical, _ = enterprise_name(record.name, lexicon)
        for name in (record.name, strip_legal_form(record.name), canonical):
            if name in self.by_name:
                return self.by_name[name]
        key = enterprise_key(record, lexicon)
        return key if key in self.ids else None

    def add(self, record: RegistryRecord, enterprise: str) -> None:
        self.ids.add(enterprise)
        if record.credit_code:
            self.by_code[record.credit_code] = enterprise
        self.by_name.setdefault(record.name, enterprise)


def import_enterprises(path: str | Path, store: RegistrySink, lexicon: Lexicon, chains: Sequence[ChainDef],
                       industries: IndustryTable, mapping: dict[str, str] | None = None) -> RegistryReport:
    """Import an .xlsx or .csv enterprise list into `store`; rows that cannot be read are reported
    by row number and the rest imported. Raises LoadError or IngestError for a file that cannot
    be read as a list at all (nothing is written then)."""
    header, rows = read_rows(path, tuple(h for h, name in (mapping or {}).items() if name == "name"))
    columns = column_fields(header, mapping)
    known = KnownEnterprises(store.entities("Enterprise"))
    report = RegistryReport()
    entities: list[Entity] = []
    relations: list[Relation] = []

    def write() -> None:
        if entities:
            store.upsert_entities(entities)
            store.upsert_relations(relations)
        entities.clear()
        relations.clear()

    for number, cells in rows:
        values = {name: cells[i] if i < len(cells) else None for i, name in columns.items()}
        try:
            record = parse_record(number, values, industries)
        except RowError as exc:
            report.failed.append((number, str(exc)))
            continue
        enterprise = known.resolve(record, lexicon)
        if enterprise is None:
            enterprise = enterprise_key(record, lexicon)
            report.imported += 1
        else:
            report.updated += 1
        known.add(record, enterprise)
        found, said = record_facts(record, enterprise, lexicon, chains)
        entities.extend(found)
        relations.extend(said)
        if len(entities) >= BATCH_ROWS:
            write()
    write()
    store.flush()
    return report
