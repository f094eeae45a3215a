"""Enterprise lists from business-registry services: one row per firm, read into graph facts.

A row (a dict of field -> cell value, see `FIELDS`) becomes a `RegistryRecord` (checked: a
name, a valid unified social credit code when one is given, dates, amounts and an industry
code the standard knows) and then an Enterprise with its registry properties, the region its
address names (`LOCATED_IN`) and the chain links its industry code and business scope name
(`IN_CHAIN`, weak evidence: the registry, not an article). Reading files and writing to a store
happen elsewhere (`ingest.registry_files`, `ingest.registry_import`).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from corpus import ChainDef, Lexicon
from corpus.industry_codes import Industry, IndustryTable, links_for_industry
from ingest.errors import IngestError
from ingest.model import Entity, Evidence, Relation
from ingest.resolve import enterprise_name, entity_id, region_entity

# field -> the column headings registry exports use for it (企查查, 天眼查, 启信宝, 国家企业信用信息公示系统)
FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("企业名称", "公司名称", "名称", "企业名", "市场主体名称"),
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "统一信用代码"),
    "legal_rep": ("法定代表人", "法人代表", "法人", "负责人", "经营者"),
    "founded": ("成立日期", "成立时间", "注册日期", "成立年份"),
    "capital": ("注册资本", "注册资金", "注册资本(万元)", "注册资本（万元）"),
    "industry": ("所属行业", "行业代码", "国标行业", "行业", "国民经济行业", "行业分类"),
    "address": ("注册地址", "企业地址", "地址", "住所", "通信地址"),
    "area": ("所属地区", "所属省份", "所属城市", "所属区县", "地区", "登记机关"),
    "scope": ("经营范围",),
    "status": ("登记状态", "经营状态", "企业状态", "状态"),
}
REGISTRY_METHOD = "registry"
REGISTRY_SOURCE = "registry:"  # the doc id of registry evidence: this prefix and the credit code (no document)
STATUSES_CLOSED = ("注销", "吊销", "撤销", "迁出", "停业", "清算")


def is_registry_source(doc_id: str | None) -> bool:
    """Whether an evidence's doc id names a registry row rather than an article."""
    return bool(doc_id) and str(doc_id).startswith(REGISTRY_SOURCE)


class RowError(IngestError):
    """A row that cannot be imported; the message says which field and why."""


@dataclass
class RegistryRecord:
    """One checked row of an enterprise list."""

    row: int
    name: str
    credit_code: str = ""
    legal_rep: str = ""
    founded: str = ""  # ISO date
    capital_wan: float | None = None  # registered capital in 万 of `currency`
    currency: str = ""
    industry: Industry | None = None
    address: str = ""
    area: str = ""
    scope: str = ""
    status: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def column_fields(header: Iterable[Any], mapping: dict[str, str] | None = None) -> dict[int, str]:
    """Column index -> field for a header row; `mapping` (heading -> field) overrides the usual
    headings. Raises IngestError when a mapping names an unknown field or no column holds names."""
    mapping = dict(mapping or {})
    for heading, field_name in mapping.items():
        if field_name not in FIELDS:
            raise IngestError(f"--map {heading}={field_name}: unknown field {field_name!r}; "
                              f"use one of {', '.join(FIELDS)}")
    usual = {h: f for f, headings in FIELDS.items() for h in headings}
    out: dict[int, str] = {}
    for i, cell in enumerate(header):
        heading = re.sub(r"\s+", "", str(cell or ""))
        name = mapping.get(heading) or mapping.get(str(cell or "").strip()) or usual.get(heading)
        if name and name not in out.values():
            out[i] = name
    if "name" not in out.values():
        shown = "、".join(str(c) for c in header if c not in (None, ""))[:200]
        raise IngestError(f"no column of enterprise names (企业名称) among the headings: {shown or 'none'}; "
                          "name it with --map HEADING=name")
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def parse_date(value: Any) -> str:
    """An ISO date from a registry cell (a date, 2019-03-15, 2019/3/15, 2019年3月15日, 20190315).
    Raises RowError."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?", text) \
        or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        pass
    raise RowError(f"成立日期 {text!r} is no date (write 2019-03-15)")


_CURRENCIES = {"人民币": "人民币", "元": "人民币", "美元": "美元", "港元": "港元", "港币": "港元", "欧元": "欧元",
               "日元": "日元", "新台币": "新台币", "英镑": "英镑"}


def parse_capital(value: Any) -> tuple[float, str]:
    """(amount in 万, currency) from a registry cell: 5000万元人民币, 1000万美元, 1.2亿元, 5,000.00;
    a bare number is 万元 (what the exports' 注册资本 columns hold). Raises RowError."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), "人民币"
    text = _text(value).replace(",", "").replace("，", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(亿|万)?\s*(元)?\s*(人民币|美元|港元|港币|欧元|日元|新台币|英镑)?(?:\(?万元\)?)?", text)
    if not m:
        raise RowError(f"注册资本 {text!r} is no amount (write 5000万元人民币 or a number of 万元)")
    amount = float(m.group(1)) * (10000 if m.group(2) == "亿" else 1)
    return amount, _CURRENCIES.get(m.group(4) or "人民币", "人民币")


def parse_record(row: int, cells: dict[str, Any], industries: IndustryTable) -> RegistryRecord:
    """A checked record from one row's cells (field -> value). Raises RowError saying what is wrong."""
    from stdnum.cn import uscc
    from stdnum.exceptions import ValidationError

    name = _text(cells.get("name"))
    if not name:
        raise RowError("企业名称 is empty")
    record = RegistryRecord(row, name)
    code = _text(cells.get("credit_code")).upper()
    if code and code not in ("-", "—", "无"):
        try:
            record.credit_code = uscc.validate(code)
        except ValidationError as exc:
            raise RowError(f"统一社会信用代码 {code!r} is invalid: {exc}") from None
    record.legal_rep = _text(cells.get("legal_rep")).strip("-— ")
    if _text(cells.get("founded")) not in ("", "-", "—"):
        record.founded = parse_date(cells.get("founded"))
    if _text(cells.get("capital")) not in ("", "-", "—"):
        record.capital_wan, record.currency = parse_capital(cells.get("capital"))
    industry = _text(cells.get("industry"))
    if industry and industry not in ("-", "—"):
        record.industry = industries.find(industry)
        if record.industry is None:
            raise RowError(f"所属行业 {industry!r} is no GB/T 4754-2017 code or name")
    record.address = _text(cells.get("address"))
    record.area = _text(cells.get("area"))
    record.scope = _text(cells.get("scope"))
    record.status = _text(cells.get("status"))
    return record


def address_region(text: str, lexicon: Lexicon) -> str | None:
    """The most specific region an address names (江苏省苏州市工业园区… -> 苏州市; 福建省泉州市泉港区… -> 泉港区),
    each name read inside the one before it."""
    current: str | None = None
    pos, longest = 0, max((len(n) for n in lexicon.region_names), default=0)
    while pos < len(text):
        for length in range(min(longest, len(text) - pos), 1, -1):
            name = text[pos:pos + length]
            if name not in lexicon.region_names:
                continue
            entry = lexicon.resolve_region(name, context=current)
            if entry is None or entry.level == "country":
                continue
            if current is None or current in lexicon.ancestors(entry.code):
                current = entry.code
                pos += length - 1
                break
        pos += 1
    return current


def _links_in_scope(scope: str, chains: Iterable[ChainDef]) -> dict[tuple[str, str], str]:
    """(chain id, link id) -> the first term of the link the business scope names, longest terms first."""
    terms: dict[str, list[tuple[str, str]]] = {}
    for chain in chains:
        for link in chain.links:
            for term in link.terms:
                terms.setdefault(term, []).append((chain.id, link.id))
    taken = [False] * len(scope)
    out: dict[tuple[str, str], str] = {}
    for term in sorted(terms, key=len, reverse=True):
        pattern = rf"(?<![A-Za-z0-9]){re.escape(term)}(?![A-Za-z0-9])" if term.isascii() else re.escape(term)
        for m in re.finditer(pattern, scope):
            if any(taken[m.start():m.end()]):
                continue
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
            for key in terms[term]:
                out.setdefault(key, term)
    return out


def record_text(record: RegistryRecord) -> tuple[str, dict[str, tuple[int, int]]]:
    """The record as one line of text, and where each field stands in it (the evidence's spans)."""
    parts = [("name", "企业名称", record.name), ("credit_code", "统一社会信用代码", record.credit_code),
             ("industry", "所属行业", f"{record.industry.code} {record.industry.name}" if record.industry else ""),
             ("address", "注册地址", record.address or record.area), ("scope", "经营范围", record.scope)]
    text, spans = "", {}
    for key, label, value in parts:
        if value:
            piece = f"{label}：{value}"
            spans[key] = (len(text), len(text) + len(piece))
            text += piece + "；"
    return text, spans


def record_facts(record: RegistryRecord, enterprise: str, lexicon: Lexicon,
                 chains: Iterable[ChainDef]) -> tuple[list[Entity], list[Relation]]:
    """The entities and relations one record states about enterprise id `enterprise`: the
    Enterprise with its registry properties, its region, and its chain links by industry code
    (narrowed to those its scope also names, when it names any) and by business scope."""
    chains = list(chains)
    text, spans = record_text(record)
    source = REGISTRY_SOURCE + (record.credit_code or record.name)

    def evidence(key: str, confidence: float) -> list[Evidence]:
        start, end = spans[key]
        return [Evidence(source, text[start:end], start, end, REGISTRY_METHOD, confidence)]

    props: dict[str, Any] = {"registry": True, "registered_name": record.name}
    for key in ("credit_code", "legal_rep", "founded", "address", "scope", "status"):
        if getattr(record, key):
            props["registry_status" if key == "status" else key] = getattr(record, key)
    # a firm struck off or closed (注销, 吊销 ...) is no lead however well it fits a link
    props["closed"] = any(word in record.status for word in STATUSES_CLOSED)
    if record.capital_wan is not None:
        props["registered_capital_wan"] = record.capital_wan
        props["capital_currency"] = record.currency
    if record.industry is not None:
        props["industry_code"] = record.industry.code
        props["industry_name"] = record.industry.name
    region = address_region(record.address, lexicon) or address_region(record.area, lexicon)
    if region:
        props["region"] = region
    entities = [Entity(enterprise, "Enterprise", enterprise.split(":", 1)[1],
                       {record.name} - {enterprise.split(":", 1)[1]}, props)]
    relations: list[Relation] = []
    if region:
        child = "Region:" + region
        entities.append(region_entity(lexicon.regions[region]))  # address_region gives the lexicon's codes
        relations.append(Relation("LOCATED_IN", enterprise, child, {"source": REGISTRY_METHOD},
                                  [Evidence(source, "", 0, 0, REGISTRY_METHOD, 0.9)]))
        for parent in lexicon.ancestors(region):  # the region's place in the hierarchy
            entry = lexicon.region(parent)
            if entry is None:
                break
            entities.append(region_entity(entry))
            relations.append(Relation("PART_OF", child, "Region:" + parent, {},
                                      [Evidence(source, "", 0, 0, "lexicon", 1.0)]))
            child = "Region:" + parent
    in_scope = _links_in_scope(record.scope, chains) if record.scope else {}
    by_code = [(c.id, link) for c, link in links_for_industry(record.industry.code, chains)] if record.industry else []
    narrowed = [(cid, link) for cid, link in by_code if (cid, link.id) in in_scope] or by_code
    links: dict[str, list[Evidence]] = {}
    for _, link in narrowed:
        links.setdefault(link.name, []).extend(evidence("industry", 0.4))
    names = {(c.id, link.id): link.name for c in chains for link in c.links}
    for scope_key in in_scope:
        links.setdefault(names[scope_key], []).extend(evidence("scope", 0.3))
    for link_name, said in links.items():
        link_id = entity_id("ChainLink", link_name)
        entities.append(Entity(link_id, "ChainLink", link_name))
        unique = list({(ev.start, ev.end): ev for ev in said}.values())
        relations.append(Relation("IN_CHAIN", enterprise, link_id, {"source": REGISTRY_METHOD}, unique))
    return list({e.id: e for e in entities}.values()), list({r.key: r for r in relations}.values())


def enterprise_key(record: RegistryRecord, lexicon: Lexicon) -> str:
    """The id a new enterprise gets: the one an article naming the firm would give it."""
    name, _ = enterprise_name(record.name, lexicon)
    return entity_id("Enterprise", name if len(name) >= 2 else record.name)
