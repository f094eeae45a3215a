"""The bundled chain definitions and the format checks of their loader."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from corpus.chains import STAGES, ChainFormatError, load_chain_file, load_chains, parse_chain

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
GBT = SHARED / "data" / "gbt4754-2017" / "gbt4754_2017.csv"
# Words that would tie half the corpus to a link, or that news uses figuratively
# (龙头企业, 铸造辉煌, 锻造铁军, 花边新闻, 黑粉).
TOO_GENERIC = {"龙头", "项目", "产业", "企业", "材料", "设备", "制造", "电池", "新能源", "工业", "园区", "基地",
               "铸造", "锻造", "花边", "黑粉", "整装", "辅料"}


def chain(name):
    return next(c for c in load_chains() if c.name == name)


def all_terms(c):
    return {t for link in c.links for t in link.terms}


def test_every_bundled_chain_is_well_formed():
    chains = load_chains()
    assert len(chains) >= 10
    assert len({c.id for c in chains}) == len(chains)
    for c in chains:
        assert len(c.links) >= 8, c.id
        assert {link.stage for link in c.links} == set(STAGES), c.id
        order = [link.id for link in c.order()]
        assert sorted(order) == sorted(link.id for link in c.links), c.id
        position = {lid: i for i, lid in enumerate(order)}
        assert all(position[h] < position[t] for h, t in c.edges), c.id
        linked = {x for edge in c.edges for x in edge}
        assert linked == {link.id for link in c.links}, f"{c.id}: a link with no edge"
        for link in c.links:
            for term in link.terms:
                assert len(term) >= 2 and term not in TOO_GENERIC, (c.id, link.id, term)


def test_lithium_chain_covers_the_process():
    c = chain("油头—化身—锂电池")
    terms = all_terms(c)
    for needed in ("碳酸二甲酯", "碳酸乙烯酯", "碳酸甲乙酯", "碳酸二乙酯", "六氟磷酸锂", "碳酸锂", "氢氧化锂",
                   "磷酸铁锂", "三元材料", "人造石墨", "电解液", "隔膜", "电芯", "电池包", "BMS", "储能",
                   "新能源汽车", "超充站", "换电站", "电池回收"):
        assert needed in terms, needed
    assert c.link("lithium-salts").stage == "中游" and "碳酸锂" in c.link("lithium-salts").terms
    assert ("recycling", "lithium-salts") in c.feedback
    assert c.upstream_of("electrolyte") == ("carbonate-solvents", "electrolyte-salts")


def test_textile_chain_covers_the_process():
    c = chain("油头—化身—轻纺尾")
    terms = all_terms(c)
    for needed in ("PX", "PTA", "聚酯", "涤纶", "纯苯", "己内酰胺", "锦纶", "丙烯腈", "腈纶", "织造", "印染", "鞋服"):
        assert needed in terms, needed
    order = [link.id for link in c.order()]
    assert order.index("px") < order.index("pta") < order.index("polyester") < order.index("polyester-fibre")
    assert order.index("weaving") < order.index("dyeing") < order.index("apparel-footwear")


def test_gbt4754_codes_exist_in_the_classification():
    if not GBT.exists():  # reference data beside the checkout; the product never reads it
        pytest.skip(f"the GB/T 4754 reference is not at {GBT}")
    with open(GBT, encoding="utf-8") as fh:
        codes = {row["code"] for row in csv.DictReader(fh)}
    for c in load_chains():
        for link in c.links:
            for code in link.gbt4754:
                assert code in codes, (c.id, link.id, code)


BASE = {"id": "t", "name": "测试链", "links": [
    {"id": "a", "name": "甲环节", "stage": "上游", "keywords": ["原料甲"]},
    {"id": "b", "name": "乙环节", "stage": "中游", "products": ["产品乙"]},
    {"id": "c", "name": "丙环节", "stage": "下游"}],
    "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}]}


def variant(**changes):
    data = {k: ([dict(x) for x in v] if isinstance(v, list) else v) for k, v in BASE.items()}
    data.update(changes)
    return data


def test_parse_chain_accepts_the_documented_format_with_feedback_edges():
    c = parse_chain(variant(edges=BASE["edges"] + [{"from": "c", "to": "a", "feedback": True}]), "t.toml")
    assert [link.id for link in c.order()] == ["a", "b", "c"]
    assert c.feedback == (("c", "a"),)
    assert c.term_links()["产品乙"] == "b"


@pytest.mark.parametrize("data, message", [
    (variant(edges=BASE["edges"] + [{"from": "c", "to": "a"}]), "loop"),
    (variant(links=BASE["links"][:2] + [{"id": "c", "name": "丙", "stage": "下游"}]), "at least"),
    (variant(links=BASE["links"][:2] + [{"id": "c", "name": "丙环节", "stage": "下游", "keywords": ["原料甲"]}]),
     "both"),
    (variant(links=BASE["links"][:2] + [{"id": "c", "name": "丙环节", "stage": "末游"}]), "stage"),
    (variant(edges=[{"from": "a", "to": "z"}]), "unknown link"),
    (variant(links=BASE["links"] + [dict(BASE["links"][0], name="另一个")]), "unique"),
])
def test_parse_chain_rejects_bad_definitions_naming_the_file(data, message):
    with pytest.raises(ChainFormatError) as err:
        parse_chain(data, "bad.toml")
    assert "bad.toml" in str(err.value) and message in str(err.value)


def test_invalid_toml_names_the_file(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('id = "x"\nname = \n', encoding="utf-8")
    with pytest.raises(ChainFormatError, match="broken.toml"):
        load_chain_file(path)


def test_duplicate_chain_ids_across_files_are_rejected(tmp_path):
    text = 'id = "same"\nname = "链"\n[[links]]\nid = "a"\nname = "甲环节"\nstage = "上游"\n'
    (tmp_path / "one.toml").write_text(text, encoding="utf-8")
    (tmp_path / "two.toml").write_text(text.replace('"链"', '"另一链"'), encoding="utf-8")
    with pytest.raises(ChainFormatError, match="already used"):
        load_chains(str(tmp_path))
