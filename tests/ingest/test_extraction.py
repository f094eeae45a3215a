"""Extraction rules on tiny inline texts."""
import pytest

from ingest.model import Document
from ingest.normalise import normalise_text
from ingest.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def _facts(x):
    names = {e.id: e.name for e in x.entities}
    return {(r.type, names[r.head], names[r.tail]) for r in x.relations}


def test_project_name_yields_place_investor_chain_amount_and_status(pipeline):
    x = pipeline.analyse(Document(text="高效推动盛屯集团碳酸锂新材料产业项目落户泉港，总投资25亿元，已正式签约。",
                                  date="2024-06-20"))
    project = next(e for e in x.entities if e.label == "Project")
    assert project.name == "盛屯集团碳酸锂新材料产业项目"
    facts = _facts(x)
    assert ("INVESTS_IN", "盛屯集团", project.name) in facts
    assert ("LOCATED_IN", project.name, "泉港区") in facts
    assert ("IN_CHAIN", project.name, "碳酸锂") in facts
    assert project.props["investment_yi"] == 25 and project.props["currency"] == "CNY"
    assert [h["status"] for h in project.props["status_history"]] == ["签约"]
    assert project.props["status_history"][0]["date"] == "2024-06-20"


def test_a_clause_about_this_project_gives_the_status_of_the_project_named_before_it(pipeline):
    x = pipeline.analyse(Document(text="高效推动盛屯集团碳酸锂新材料产业项目落户泉港，该项目从对接到签约前后历时不到两个月，"
                                       "投产后年产值将达百亿元。", date="2024-06-20"))
    project = next(e for e in x.entities if e.label == "Project")
    assert [h["status"] for h in project.props["status_history"]] == ["签约"]  # 投产后: not yet


def test_future_status_is_not_recorded(pipeline):
    x = pipeline.analyse(Document(text="恒安新型生活用品项目计划于年底建成投产。"))
    project = next(e for e in x.entities if e.label == "Project")
    assert "status_history" not in project.props


def test_titles_give_leads_member_and_shareholder(pipeline):
    x = pipeline.analyse(Document(text="泉州市商务局局长张小红，泉州市工信局副局长陈传芳出席。积极与宁德时代第二大股东黄世霖先生对接。"))
    facts = _facts(x)
    assert ("LEADS", "张小红", "泉州市商务局") in facts
    assert ("MEMBER_OF", "陈传芳", "泉州市工信局") in facts
    assert ("SHAREHOLDER_OF", "黄世霖", "宁德时代") in facts


def test_overseas_merchant_residence_and_hometown(pipeline):
    x = pipeline.analyse(Document(text="印尼侨领施金城祖籍安溪龙门镇。旅菲侨领陈凯复回到晋江。"))
    facts = _facts(x)
    assert ("RESIDES_IN", "施金城", "印度尼西亚") in facts
    assert ("HOMETOWN", "施金城", "安溪县") in facts and ("HOMETOWN", "施金城", "龙门镇") in facts
    assert ("RESIDES_IN", "陈凯复", "菲律宾") in facts
    person = next(e for e in x.entities if e.name == "施金城")
    assert person.props["hometown"] == "350524107" and person.props["residence"] == "ID"


def test_one_name_is_one_person_across_articles(pipeline):
    a = pipeline.analyse(Document(text="晋江籍乡贤施子清出席活动。"))
    b = pipeline.analyse(Document(text="施子清先生来访。"))
    ida = next(e.id for e in a.entities if e.name == "施子清")
    idb = next(e.id for e in b.entities if e.name == "施子清")
    assert ida == idb == "Person:施子清"
    c = pipeline.analyse(Document(text="马来西亚马六甲南安会馆会长陈世源先生来访。"))
    d = pipeline.analyse(Document(text="马来西亚马六甲南安会馆会长陈世源致辞。"))
    idc = next(e.id for e in c.entities if e.name == "陈世源")
    idd = next(e.id for e in d.entities if e.name == "陈世源")
    assert idc == idd


def test_region_ancestors_are_added_with_part_of(pipeline):
    x = pipeline.analyse(Document(text="项目落户泉港。"))
    facts = _facts(x)
    assert ("PART_OF", "泉港区", "泉州市") in facts and ("PART_OF", "泉州市", "福建省") in facts


def test_leading_place_and_legal_form_resolve_to_one_enterprise(pipeline):
    x = pipeline.analyse(Document(text="福建恒煦实业有限公司董事长吴文添出席。恒煦实业表示将扩产。"))
    ids = {e.id for e in x.entities if e.label == "Enterprise"}
    assert "Enterprise:恒煦实业" in ids


def test_relative_dates_resolve_against_the_article_date(pipeline):
    x = pipeline.analyse(Document(text="昨日，项目签约。今年一季度开工项目294个。", date="2024-06-20"))
    dates = {m.text: m.attrs["date"] for m in x.mentions if m.type == "DATE"}
    assert dates["昨日"] == "2024-06-19"
    assert dates["今年一季度"] == "2024-Q1"


def test_newspaper_layout_is_repaired_with_offsets_kept():
    original = ("2024年6月20日 星期四\n\n□责任编辑:李冠鹏 □美术编辑:曾剑峰\n\n"
                "# 标题\n\n如何将增量转化为效益？以落地\n\n论英雄。\n\n□融媒体记者 颜雅婷 通讯员 陈丽丽\n\n"
                "星云智慧项目竣工投产  \n(鲤城区招商办 供图)\n\n建设區(qū)域。")
    n = normalise_text(original)
    assert "以落地论英雄。" in n.text and "區" not in n.text and "(qū)" not in n.text
    roles = {n.text[s:e]: r for s, e, r in n.lines}
    assert roles["2024年6月20日 星期四"] == "header"
    assert roles["□融媒体记者 颜雅婷 通讯员 陈丽丽"] == "byline"
    assert roles["(鲤城区招商办 供图)"] == "caption" and roles["星云智慧项目竣工投产"] == "caption"
    for i, ch in enumerate(n.text):
        o = n.offsets.to_original(i)
        assert ch == original[o] or ch in "区"  # same character, or its simplified form
    i = n.text.index("论英雄")
    assert original[n.offsets.to_original(i):n.offsets.to_original(i) + 3] == "论英雄"


def test_bylines_and_titles_give_people(pipeline):
    x = pipeline.analyse(Document(text="□融媒体记者 颜雅婷 通讯员 陈丽丽\n责任编辑:钟培培"))
    names = {m.text for m in x.mentions if m.type == "PERSON"}
    assert {"颜雅婷", "陈丽丽", "钟培培"} <= names



def _people(pipeline, text):
    return {m.text for m in pipeline.analyse(Document(text=text)).mentions if m.type == "PERSON"}


def test_bylines_in_brackets_and_credit_brackets_give_people(pipeline):
    assert "蔡文海" in _people(pipeline, "东南网3月2日电 (蔡文海)南安市商务局2日透露,两个项目已签约。")
    assert "陈秀兰" in _people(pipeline, "泉州网3月2日讯 (记者陈秀兰)第三届晋江鞋业博览会今日开幕。")
    assert {"林海", "王雅文"} <= _people(pipeline, "两个项目已签约落地。(林海 王雅文)")


def test_names_after_a_title_before_a_verb_and_in_a_list(pipeline):
    names = _people(pipeline, "市长郑国华主持会议,副县长苏明、刘长青以及有关部门负责人参加。")
    assert {"郑国华", "苏明", "刘长青"} <= names


def test_ordinary_words_the_tagger_marks_as_names_are_no_people(pipeline):
    text = "工地上塔吊林立,总投资高达5亿元,各方表示诚挚祝贺,发布了产业白皮书,牵住项目建设“牛鼻子”。"
    assert not _people(pipeline, text) & {"林立", "高达", "祝贺", "白皮书", "牛鼻子"}


def test_a_name_split_by_the_tagger_is_taken_whole(pipeline):
    names = _people(pipeline, "市委书记张毅恭,市长王明元出席。张毅恭代表市委致辞。张伟说,项目进展顺利。")
    assert {"张毅恭", "王明元", "张伟"} <= names
    assert not names & {"张毅", "王明", "张伟说"}

def test_a_long_document_is_analysed_in_parts_with_bounded_evidence():
    pipeline = Pipeline()
    pipeline.part_chars = 2000  # force several parts
    line = "盛屯集团碳酸锂新材料产业项目落户泉港区，总投资25亿元。\n"
    text = line * 200
    x = pipeline.analyse(Document(text=text))
    located = next(r for r in x.relations if r.type == "LOCATED_IN")
    assert located.props["evidence_count"] == 200 and len(located.evidence) <= 20
    for m in x.mentions:
        a, b = x.original_span(m.start, m.end)
        assert text[a:b] == m.text
    for ev in located.evidence:
        assert text[ev.start:ev.end] in ("泉港区", "盛屯集团碳酸锂新材料产业项目")


def _chain_names(x):
    names = {e.id: e.name for e in x.entities}
    return {names[m.entity_id] for m in x.mentions if m.type == "CHAIN" and m.entity_id in names}


def test_service_sectors_are_not_chain_terms(pipeline):
    x = pipeline.analyse(Document(text="签约项目覆盖现代金融、航空物流、商贸、5G等领域，以及锂电池和纺织鞋服产业。"))
    chains = _chain_names(x)
    assert {"锂电池", "纺织鞋服"} <= chains
    assert not chains & {"金融", "现代金融", "物流", "航空物流", "商贸", "5G"}


def test_a_chain_named_with_a_generic_chain_word_is_named_by_its_industry(pipeline):
    x = pipeline.analyse(Document(text="泉港区致力推动石化产业转型升级，发展石油化工和高端装备制造。"))
    chains = _chain_names(x)
    assert "石化" in chains and "高端装备" in chains
    assert not chains & {"石化产业", "石油化工", "高端装备制造"}


def _projects(x):
    return {e.name for e in x.entities if e.label == "Project"}


def test_classes_programmes_and_titles_are_not_projects(pipeline):
    x = pipeline.analyse(Document(text="泉州市2023年重大项目集中签约，其中正式协议项目8个。把招商引资作为一把手工程，"
                                       "实施“回归创业”工程，打造千亿国家级石化产业基地。目前桩基工程已经完工。"))
    assert not _projects(x)


def _assert_projects_end_with(x, *endings):
    projects = _projects(x)
    for ending in endings:
        assert any(p.endswith(ending) for p in projects), (ending, projects)


def test_named_projects_with_the_same_endings_are_kept(pipeline):
    x = pipeline.analyse(Document(text="泉港百川码头工程开工，晋江恒安纸业生产基地竣工，永春鹏溪美苑小区项目签约。"))
    _assert_projects_end_with(x, "码头工程", "恒安纸业生产基地", "鹏溪美苑小区项目")


def test_a_batch_that_started_and_finished_gives_no_stage_to_its_projects(pipeline):
    x = pipeline.analyse(Document(text="当天集中开竣工项目涵盖泉港百川化工技术改造项目、晋江恒安纸业扩建项目等。"))
    assert all(not e.props.get("status_history") for e in x.entities if e.label == "Project")


def test_what_products_are_used_for_is_not_the_projects_chain(pipeline):
    x = pipeline.analyse(Document(text="晋江恒芯高端芯片项目主要生产光通讯芯片，主要用于通信、新能源汽车等领域。"))
    facts = {f for f in _facts(x) if f[0] == "IN_CHAIN"}
    assert any(t == "光通讯芯片" for _, _, t in facts)
    assert not any(t in ("通信", "新能源汽车") for _, _, t in facts)


def test_a_trade_word_in_the_firms_name_is_the_chain_of_the_firm_and_its_project(pipeline):
    x = pipeline.analyse(Document(text="7个项目分别是泉州利澳纸业扩建项目、盛屯集团碳酸锂新材料产业项目。"))
    facts = {f for f in _facts(x) if f[0] == "IN_CHAIN"}
    assert ("IN_CHAIN", "盛屯集团碳酸锂新材料产业项目", "碳酸锂") in facts
    assert ("IN_CHAIN", "泉州利澳纸业扩建项目", "纸业") in facts
    assert not any(h == "盛屯集团碳酸锂新材料产业项目" and t == "纸业" for _, h, t in facts)


def test_a_known_firm_with_what_it_builds_names_a_project(pipeline):
    x = pipeline.analyse(Document(text="百宏锂电池电解液项目签约。安踏集团工程部负责施工。"))
    assert _projects(x) == {"百宏锂电池电解液项目"}  # 工程部 is a department


def test_listed_projects_take_the_stage_reported_for_their_batch(pipeline):
    x = pipeline.analyse(Document(text="有力推动恒安新型生活用品项目、百宏锂电池电解液项目等一批增资扩产项目实现开工。"))
    stages = {e.name: {h["status"] for h in e.props.get("status_history", ())}
              for e in x.entities if e.label == "Project"}
    assert stages["恒安新型生活用品项目"] == {"增资扩产", "开工"}
    assert stages["百宏锂电池电解液项目"] == {"增资扩产", "开工"}
    x = pipeline.analyse(Document(text="推动百宏锂电池电解液项目早日开工。"))
    assert all(not e.props.get("status_history") for e in x.entities if e.label == "Project")


def test_phases_and_joined_parts_stay_inside_a_project_name(pipeline):
    x = pipeline.analyse(Document(text="签约项目有石狮佳龙文旅一期项目、南安三安半导体研发与产业化项目，"
                                       "以及泉港联合石化乙烯及炼油改扩建项目。"))
    _assert_projects_end_with(x, "佳龙文旅一期项目", "三安半导体研发与产业化项目", "乙烯及炼油改扩建项目")


def test_the_head_of_a_department_is_a_member_of_the_firm(pipeline):
    x = pipeline.analyse(Document(text="蚂蚁集团战略发展部总经理林志明表示，将加强合作。盛屯集团董事长陈东表示欢迎。"))
    facts = {f[:2] + (f[2],) for f in _facts(x) if f[0] in ("LEADS", "MEMBER_OF")}
    assert ("MEMBER_OF", "林志明", "蚂蚁集团") in facts and ("LEADS", "林志明", "蚂蚁集团") not in facts
    assert ("LEADS", "陈东", "盛屯集团") in facts


def test_a_project_name_may_open_with_zhong_when_a_name_starts_there(pipeline):
    x = pipeline.analyse(Document(text="位于泉港区的中化泉州聚丙烯改扩建项目昨日开工。在推进过程中，中试基地项目顺利签约。"))
    projects = _projects(x)
    assert "中化泉州聚丙烯改扩建项目" in projects
    assert not any(p.startswith("中试") for p in projects)  # 中试 is a term, not a name


def test_a_capacity_phrase_after_a_place_stays_in_the_project_name(pipeline):
    x = pipeline.analyse(Document(text="签约项目包括洛江区年产20万吨再生纤维项目。该企业年产30万吨面料。"))
    assert _projects(x) == {"洛江区年产20万吨再生纤维项目"}
    facts = _facts(x)
    assert ("LOCATED_IN", "洛江区年产20万吨再生纤维项目", "洛江区") in facts


def test_firms_that_moved_into_a_park_are_located_in_it(pipeline):
    x = pipeline.analyse(Document(text="东岭光电信息产业园面积约300亩，目前已入驻华联光电、明达精工等企业。"
                                       "恒远科技有限公司入驻晋江经济开发区。"))
    facts = _facts(x)
    assert not any(e.label == "Project" for e in x.entities)  # a park firms move into is a place
    park = next(e.name for e in x.entities if e.label == "Region" and e.name.startswith("东岭光电信息产业园"))
    assert ("LOCATED_IN", "华联光电", park) in facts and ("LOCATED_IN", "明达精工", park) in facts
    assert any(f[0] == "LOCATED_IN" and f[1] == "恒远科技" and f[2].endswith("晋江经济开发区") for f in facts)


def test_a_trade_word_closing_a_firm_name_gives_its_chain(pipeline):
    x = pipeline.analyse(Document(text="华联机械有限公司与明达石化有限公司签约，机械有限公司未具名。"))
    facts = {f for f in _facts(x) if f[0] == "IN_CHAIN"}
    assert facts == {("IN_CHAIN", "华联机械", "机械"), ("IN_CHAIN", "明达石化", "石化")}


def test_a_park_named_longer_elsewhere_keeps_its_own_name(pipeline):
    x = pipeline.analyse(Document(text="东岭光电信息产业园已入驻华联光电等企业。活动通过直播连线东岭光电信息产业园区。"))
    zones = {e.name for e in x.entities if e.label == "Region" and e.props.get("level") == "zone"}
    assert zones == {"东岭光电信息产业园区"}


def test_products_listed_before_deng_chanpin_are_what_the_project_makes(pipeline):
    x = pipeline.analyse(Document(text="鸿达电子信息产业园项目总投资8亿元，主要生产平板、投影仪、扫码枪等产品。"
                                       "园区涵盖智慧物流、文化创意等领域。"))
    project = next(e.name for e in x.entities if e.label == "Project")
    facts = _facts(x)
    for product in ("平板", "投影仪", "扫码枪"):
        assert ("IN_CHAIN", project, product) in facts
    chains = {m.text for m in x.mentions if m.type == "CHAIN"}
    assert "智慧物流" not in chains and "文化创意" not in chains  # 等领域 lists sectors


def test_a_title_then_a_name_then_touzi_gives_the_person_and_the_investment(pipeline):
    x = pipeline.analyse(Document(text="落地项目包括厦门晋江商会副会长林海涛投资的东石物流园项目，"
                                       "上海晋江商会会长蔡明远投资的包装企业。"))
    facts = _facts(x)
    people = {e.name for e in x.entities if e.label == "Person"}
    assert {"林海涛", "蔡明远"} <= people
    assert ("MEMBER_OF", "林海涛", "厦门晋江商会") in facts and ("LEADS", "蔡明远", "上海晋江商会") in facts
    assert ("INVESTS_IN", "林海涛", "东石物流园项目") in facts
    assert not any(f[0] == "IN_CHAIN" and f[1] == "东石物流园项目" for f in facts)  # 包装 is the other investment


def test_a_chain_term_belongs_to_the_nearest_project_before_it(pipeline):
    x = pipeline.analyse(Document(text="鸿达光电项目主要生产芯片，华联新材料项目主要生产锂电池。"))
    facts = {f for f in _facts(x) if f[0] == "IN_CHAIN" and f[2] in ("芯片", "锂电池")}
    assert {(f[1], f[2]) for f in facts} == {("鸿达光电项目", "芯片"), ("华联新材料项目", "锂电池")}


def test_a_stem_opening_with_jianshe_is_no_project_name(pipeline):
    x = pipeline.analyse(Document(text="鸿达光电项目一期投资5亿元，建设光模块工厂，同时推进厂房建设项目。"))
    assert not any(p.startswith("建设") for p in _projects(x))


def _events(pipeline, text):
    return {(m.text, m.canonical) for m in pipeline.analyse(Document(text=text)).mentions if m.type == "EVENT"}


def test_an_event_name_runs_back_to_its_edition_year_or_quoted_part(pipeline):
    names = {t for t, _ in _events(pipeline, "昨日,第五届世界安溪乡亲联谊恳亲大会在厦门举办。第三届东亚冬季运动会闭幕。"
                                               "同月,“丝路精神”十周年招商签约大会举办,厦门市2021年重点项目集中“云签约”活动举行。")}
    assert {"第五届世界安溪乡亲联谊恳亲大会", "第三届东亚冬季运动会", "“丝路精神”十周年招商签约大会",
            "厦门市2021年重点项目集中“云签约”活动"} <= names
    assert not any(n.endswith("“项目攻坚年”活动") for n, _ in _events(pipeline, "全市开展“项目攻坚年”活动。"))


def test_event_abbreviations_editions_and_places_give_one_canonical_name(pipeline):
    found = _events(pipeline, "第25届投洽会在厦门开幕。本次投洽会上,南安签约项目8个。"
                              "泉州市首届“丝路”侨商大会今日开幕,首届“丝路”侨商大会吸引客商千人。")
    canonical = {c for _, c in found}
    assert canonical == {"第二十五届中国国际投资贸易洽谈会", "首届“丝路”侨商大会"}


def _orgs(pipeline, text):
    return {(m.text, m.canonical) for m in pipeline.analyse(Document(text=text)).mentions if m.type == "ORG"}


def test_org_names_stop_at_a_person_acting_for_them_and_at_a_double_dash(pipeline):
    names = {t for t, _ in _orgs(pipeline, "陈立新代表中国侨联致辞。城市会客厅——海内外晋侨联络总部揭牌。")}
    assert {"中国侨联", "海内外晋侨联络总部"} <= names
    assert not any("代表" in n or "——" in n for n in names)


def test_counted_bodies_are_no_org_and_a_bare_qiaolian_is_the_one_named(pipeline):
    found = _orgs(pipeline, "30余名部分台商协会代表参加。晋江市侨联主席致辞,侨联将做好服务。")
    assert not any("台商协会" in t for t, _ in found)
    assert ("侨联", "晋江市侨联") in found
    assert not _orgs(pipeline, "这些侨办侨助的学校遍布城乡。")


def test_an_association_named_by_its_kind_alone_is_the_one_named_in_full(pipeline):
    found = _orgs(pipeline, "新加坡安溪同乡联谊会举行换届大会。联谊会新任会长表示，将组织乡亲回乡考察。")
    assert ("联谊会", "新加坡安溪同乡联谊会") in found
    # named by its kind alone, with no full name in the text: a body of that document only
    ids = set()
    for doc_id in ("a", "b"):
        x = pipeline.analyse(Document(text="联谊会会长陈某表示，将组织乡亲回乡考察。", id=doc_id))
        ids |= {e.id for e in x.entities if e.label == "Org"}
    assert ids == {"Org:联谊会@a", "Org:联谊会@b"}


def test_an_association_writing_about_itself_names_its_officers(pipeline):
    text = ("新加坡福建会馆讯：晋江市代表团一行昨日到访本会。本会出席者有会长林某某，副会长陈某某、黄某某，"
            "秘书长吴某某。")
    x = pipeline.analyse(Document(text=text, id="self"))
    ties = {(r.type, r.head, r.tail) for r in x.relations if r.type in ("LEADS", "MEMBER_OF")}
    assert ("LEADS", "Person:林某某", "Org:新加坡福建会馆") in ties
    assert ("MEMBER_OF", "Person:陈某某", "Org:新加坡福建会馆") in ties
    # with two associations and no byline, 本会 says nothing
    two = pipeline.analyse(Document(text="晋江商会与石狮商会联合举办活动。本会会长林某某致辞。", id="two"))
    assert not any(m.text == "本会" for m in two.mentions)


def _statuses(x):
    return {e.name: [h["status"] for h in e.props.get("status_history", ())] for e in x.entities
            if e.label == "Project"}


def test_a_later_sentence_about_the_project_gives_its_status(pipeline):
    x = pipeline.analyse(Document(text="●德化陶瓷文创产业园项目 总投资5亿元。项目于今年3月开工,计划明年6月完工。\n"
                                       "●南埔小学项目 用地40亩。目前,工程建设已完成竣工验收。"))
    found = _statuses(x)
    assert found["德化陶瓷文创产业园项目"] == ["开工"]
    assert found["南埔小学项目"] == ["竣工"]


def test_a_reference_after_several_projects_phases_and_conditions_give_no_status(pipeline):
    x = pipeline.analyse(Document(text="甲乙鞋材项目、丙丁包装项目同日亮相。项目于今年3月开工。"
                                       "戊己纺织项目 总投资2亿元。项目目前已完成一期竣工验收。项目建成达产后年产值5亿元。"))
    assert not any(_statuses(x).values())


def test_firms_listed_after_you_invest_jointly_in_the_project(pipeline):
    x = pipeline.analyse(Document(text="由埃克森美孚、福建省及沙特阿美三方联合、总投资100亿元的泉港鸿达乙烯合资项目昨日签约。"))
    project = next(e for e in x.entities if e.label == "Project")
    assert project.name == "泉港鸿达乙烯项目"  # 合资 says how it is owned
    facts = _facts(x)
    assert {("INVESTS_IN", "埃克森美孚", project.name), ("INVESTS_IN", "沙特阿美", project.name)} <= facts
    x = pipeline.analyse(Document(text="泉港鸿达乙烯项目是全省首个中外合资项目,由埃克森美孚、沙特阿美各投资一半。"))
    assert ("INVESTS_IN", "沙特阿美", "泉港鸿达乙烯项目") in _facts(x)
    x = pipeline.analyse(Document(text="由泉港区和埃克森美孚公司举办的泉港鸿达乙烯项目推介会昨日举行。"))
    assert not any(f[0] == "INVESTS_IN" for f in _facts(x))


def _firms(pipeline, text):
    return {m.text for m in pipeline.analyse(Document(text=text)).mentions if m.type == "ENTERPRISE"}


def test_a_firm_list_opens_after_its_lead_in_verb_and_after_an_ellipsis(pipeline):
    firms = _firms(pipeline, "园区主要生产宏达鞋业、华为等公司的产品。鞋服、背包……安踏、特步等品牌亮相。")
    assert {"宏达鞋业", "华为", "安踏", "特步"} <= firms
    assert not any("生产" in f or "…" in f or f == "背包" for f in firms)


def test_trades_listed_before_qiye_are_no_firms_and_a_dictionary_firm_name_is_whole(pipeline):
    firms = _firms(pipeline, "将引进无人机生产制造、汽车零部件加工等研发和生产企业。代表团参观海尔集团。")
    assert "海尔集团" in firms
    assert not any("制造" in f or "加工" in f or "参观" in f for f in firms)


def test_project_name_variants_are_one_project_and_other_counties_another(pipeline):
    texts = ["泉港区锂电新材料项目正式开工。", "锂电新材料二期项目在泉港区签约。", "泉港锂電新材料項目投產。",
             "晋江锂电新材料项目签约。"]
    ids = []
    for text in texts:
        x = pipeline.analyse(Document(text=text))
        ids.append({e.id for e in x.entities if e.label == "Project"})
    assert ids[0] == ids[1] == ids[2] and len(ids[0]) == 1
    assert ids[3].isdisjoint(ids[0])  # the same name in 晋江 is another project


def test_two_names_of_one_project_in_one_article_are_one_entity(pipeline):
    x = pipeline.analyse(Document(text="泉港区锂电新材料项目一期签约。锂电新材料项目总投资10亿元，位于泉港区。"))
    projects = [e for e in x.entities if e.label == "Project"]
    assert len(projects) == 1
