"""Importing an enterprise list into every store: rows resolved to enterprises, updates on re-import."""
import pytest

from corpus import load_chains, load_lexicon
from corpus.industry_codes import load_industry_codes
from ingest.errors import IngestError, LoadError
from ingest.model import Entity
from ingest.registry_import import import_enterprises
from tests.ingest.registry_lists import credit_code, fifty_rows, write_csv, write_xlsx


def _import(path, store, mapping=None):
    return import_enterprises(path, store, load_lexicon(), load_chains(), load_industry_codes(), mapping)


def test_fifty_rows_three_bad(store, tmp_path):
    rows, bad = fifty_rows()
    report = _import(write_xlsx(tmp_path / "list.xlsx", rows, title="企业名单（导出）"), store)
    # the title line pushes the header to row 2, so every data row is one further down
    assert report.as_dict()["imported"] == 47 and report.updated == 0
    assert [row for row, _ in report.failed] == sorted(n + 1 for n in bad.values())
    whys = dict(report.failed)
    assert "统一社会信用代码" in whys[bad["credit_code"] + 1] and "企业名称 is empty" in whys[bad["name"] + 1]
    assert "C9999" in whys[bad["industry"] + 1]
    firms = store.entities("Enterprise")
    assert len(firms) == 47 and all(e["props"]["registry"] for e in firms)
    lithium = next(e for e in firms if e["props"]["credit_code"] == credit_code("360502", 2))
    assert lithium["props"]["region"] == "360502" and lithium["props"]["industry_code"] == "2613"
    links = {r["tail"] for r in store.relations(lithium["id"], types=["IN_CHAIN"])}
    assert links == {"ChainLink:碳酸锂及锂盐"}


def test_reimporting_an_updated_list_updates(store, tmp_path):
    rows, _ = fifty_rows()
    _import(write_xlsx(tmp_path / "a.xlsx", rows), store)
    rows[0][5] = "9000万元人民币"  # the first firm's capital changed
    rows[0][9] = "注销"
    report = _import(write_csv(tmp_path / "b.csv", rows, encoding="gb18030"), store)
    assert (report.imported, report.updated, len(report.failed)) == (0, 47, 3)
    assert len(store.entities("Enterprise")) == 47
    first = next(e for e in store.entities("Enterprise") if e["props"].get("credit_code") == rows[0][2])
    assert first["props"]["registered_capital_wan"] == 9000 and first["props"]["registry_status"] == "注销"
    assert first["props"]["closed"] is True
    assert not any(e["props"]["closed"] for e in store.entities("Enterprise") if e["id"] != first["id"])


def test_rows_join_the_enterprises_articles_named(store, tmp_path):
    store.upsert_entities([Entity("Enterprise:锂源新材料", "Enterprise", "锂源新材料", {"锂源新材料公司"})])
    rows = [["福建锂源新材料有限公司", credit_code("350521", 1), "2613"],
            ["福建锂源新材料有限公司", credit_code("350521", 1), "2613"],  # listed twice: one firm
            ["锂源新材料", credit_code("350521", 1), "C2613"]]
    report = _import(write_csv(tmp_path / "c.csv", rows, header=["企业名称", "统一社会信用代码", "所属行业"]), store)
    assert (report.imported, report.updated) == (0, 3)
    firm = store.get_entity("Enterprise:锂源新材料")
    assert firm["props"]["credit_code"] == credit_code("350521", 1)
    assert "福建锂源新材料有限公司" in firm["aliases"]
    assert [e["id"] for e in store.entities("Enterprise")] == ["Enterprise:锂源新材料"]


def test_a_renamed_firm_is_found_by_its_credit_code(store, tmp_path):
    header = ["企业名称", "统一社会信用代码"]
    _import(write_csv(tmp_path / "a.csv", [["福建旧名科技有限公司", credit_code("350505", 9)]], header=header), store)
    report = _import(write_csv(tmp_path / "b.csv", [["福建新名材料有限公司", credit_code("350505", 9)]], header=header),
                     store)
    assert (report.imported, report.updated) == (0, 1)
    assert len(store.entities("Enterprise")) == 1


def test_other_headings_by_mapping(store, tmp_path):
    path = write_csv(tmp_path / "m.csv", [["福建锂源新材料有限公司", "2613"]], header=["单位", "国标代码"])
    with pytest.raises(IngestError, match="column of enterprise names .* --map HEADING=name"):
        _import(path, store)
    report = _import(path, store, {"单位": "name", "国标代码": "industry"})
    assert report.imported == 1


@pytest.mark.parametrize("name, content, why", [("list.txt", b"x", "must be .xlsx or .csv"),
                                               ("list.xlsx", b"not a zip", "not a readable .xlsx"),
                                               ("list.csv", "甲,乙\n1,2\n".encode(), "no header row")])
def test_files_that_are_no_lists(store, tmp_path, name, content, why):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(LoadError, match=why):
        _import(tmp_path / name, store)
    assert store.entities("Enterprise") == []
