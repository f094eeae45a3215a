"""Reading registry rows: fields checked, regions from addresses, chain links from codes and scope."""
import datetime as dt

import pytest

from corpus import load_chains, load_lexicon
from corpus.industry_codes import Industry, IndustryTable, links_for_industry, load_industry_codes
from ingest.errors import IngestError
from ingest.registry import (
    RowError,
    address_region,
    column_fields,
    parse_capital,
    parse_date,
    parse_record,
    record_facts,
)
from tests.ingest.registry_lists import credit_code

TABLE = load_industry_codes()


@pytest.mark.parametrize("cell, code", [("C2613 无机盐制造", "2613"), ("2613", "2613"), (2613, "2613"),
                                        ("无机盐制造", "2613"), ("[C3841]锂离子电池制造", "3841"), ("C26", "26"),
                                        ("制造业", "C"), ("C", "C")])
def test_industry_cells_as_registries_write_them(cell, code):
    assert TABLE.find(cell).code == code


@pytest.mark.parametrize("cell", ["C9999", "A2613", "9999", "不存在的行业", "111"])
def test_unknown_industries(cell):
    assert TABLE.find(cell) is None


def test_a_section_letter_the_table_lacks_leaves_the_name_to_decide():
    table = IndustryTable([Industry("2613", 4, "无机盐制造", "C")])
    assert table.find("C 无机盐制造").code == "2613"
    assert table.find("C 不存在的行业") is None and table.find("C") is None


def test_a_code_belongs_to_the_links_that_list_it_or_a_coarser_code():
    links = {(c.id, link.name) for c, link in links_for_industry("2613", load_chains())}
    assert ("lithium-battery", "碳酸锂及锂盐") in links
    assert not links_for_industry("26", load_chains())  # a 大类 says too little


@pytest.mark.parametrize("cell, iso", [(dt.date(2019, 3, 15), "2019-03-15"), (dt.datetime(2019, 3, 15, 0, 0), "2019-03-15"),
                                       ("2019-03-15", "2019-03-15"), ("2019/3/5", "2019-03-05"),
                                       ("2019年3月15日", "2019-03-15"), ("20190315", "2019-03-15")])
def test_dates(cell, iso):
    assert parse_date(cell) == iso


@pytest.mark.parametrize("cell", ["2019-02-30", "去年", "15/03/2019"])
def test_bad_dates(cell):
    with pytest.raises(RowError, match="成立日期"):
        parse_date(cell)


@pytest.mark.parametrize("cell, amount", [("5000万元人民币", (5000.0, "人民币")), ("1000万美元", (1000.0, "美元")),
                                          ("1.2亿元", (12000.0, "人民币")), ("5,000.00", (5000.0, "人民币")),
                                          (300, (300.0, "人民币")), ("800万人民币", (800.0, "人民币"))])
def test_capital(cell, amount):
    assert parse_capital(cell) == amount


def test_bad_capital():
    with pytest.raises(RowError, match="注册资本"):
        parse_capital("很多")


def test_a_record_is_checked_field_by_field():
    good = {"name": "福建锂源新材料有限公司", "credit_code": credit_code("350521", 7), "industry": "2613",
            "founded": "2020-01-02", "capital": "5000万元"}
    record = parse_record(5, good, TABLE)
    assert (record.row, record.industry.code, record.founded, record.capital_wan) == (5, "2613", "2020-01-02", 5000.0)
    bad_code = good["credit_code"][:-1] + ("0" if good["credit_code"][-1] != "0" else "1")
    for cells, why in (({**good, "name": " "}, "企业名称 is empty"),
                       ({**good, "credit_code": bad_code}, "统一社会信用代码"),
                       ({**good, "credit_code": "123"}, "统一社会信用代码"),
                       ({**good, "industry": "C9999"}, "所属行业 'C9999'")):
        with pytest.raises(RowError, match=why):
            parse_record(5, cells, TABLE)
    assert parse_record(5, {"name": "某某科技有限公司"}, TABLE).credit_code == ""  # other fields are optional


def test_columns_by_usual_headings_and_by_mapping():
    assert column_fields(["序号", "企业名称", "统一社会信用代码", "所属行业"]) == {1: "name", 2: "credit_code", 3: "industry"}
    assert column_fields(["公司", "代码"], {"公司": "name", "代码": "credit_code"}) == {0: "name", 1: "credit_code"}
    with pytest.raises(IngestError, match="no column of enterprise names"):
        column_fields(["甲", "乙"])
    with pytest.raises(IngestError, match="unknown field 'nme'"):
        column_fields(["公司"], {"公司": "nme"})


def test_addresses_name_the_most_specific_region():
    lexicon = load_lexicon()
    assert address_region("福建省泉州市泉港区南埔镇石化园区锂源路1号", lexicon) == "350505100"  # 南埔镇
    assert address_region("福建省泉州市泉港区石化园区锂源路1号", lexicon) == "350505"
    assert address_region("江苏省苏州市苏州工业园区星湖街328号", lexicon) == "320576"
    assert address_region("江苏省南京市鼓楼区中山路1号", lexicon) == "320106"  # not 福州's 鼓楼区
    assert address_region("江西省新余市渝水区龙腾路", lexicon) == "360502"
    assert address_region("无地址", lexicon) is None


def test_facts_of_a_record():
    lexicon, chains = load_lexicon(), load_chains()
    record = parse_record(2, {"name": "江西锂都锂业有限公司", "credit_code": credit_code("360502", 1),
                              "industry": "C2613 无机盐制造", "address": "江西省新余市渝水区龙腾路",
                              "scope": "电池级碳酸锂生产；化工产品销售", "capital": 3000}, TABLE)
    entities, relations = record_facts(record, "Enterprise:锂都锂业", lexicon, chains)
    firm = next(e for e in entities if e.id == "Enterprise:锂都锂业")
    assert firm.props["credit_code"] == record.credit_code and firm.props["region"] == "360502"
    assert firm.props["registered_capital_wan"] == 3000 and firm.props["industry_code"] == "2613"
    assert "江西锂都锂业有限公司" in firm.aliases
    links = {r.tail: r for r in relations if r.type == "IN_CHAIN"}
    # the scope names 碳酸锂, so of the links 2613 belongs to only 碳酸锂及锂盐 is kept
    assert set(links) == {"ChainLink:碳酸锂及锂盐"}
    assert {ev.sentence for ev in links["ChainLink:碳酸锂及锂盐"].evidence} == {
        "所属行业：2613 无机盐制造", "经营范围：电池级碳酸锂生产；化工产品销售"}
    assert all(ev.method == "registry" for r in relations for ev in r.evidence if r.type != "PART_OF")
    assert ("LOCATED_IN", "Region:360502") in {(r.type, r.tail) for r in relations}
    # without scope words the code gives every link it belongs to
    record.scope = ""
    _, relations = record_facts(record, "Enterprise:锂都锂业", lexicon, chains)
    assert len([r for r in relations if r.type == "IN_CHAIN"]) == len(links_for_industry("2613", chains))
