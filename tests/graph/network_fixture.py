"""A small 侨商 network whose analytics answers are known by construction.

Two groups joined by one broker:
- 菲律宾晋江同乡会 and four people living in the Philippines whose hometown is 晋江 (许文华's
  stated as the town 金井镇, 蔡丽娜's only as a property), all co-mentioned with each other;
- 印尼安溪商会 and four people living in Indonesia from 安溪, all co-mentioned with each other;
- 陈世杰 (lives in 马六甲, hometown 南安) is a member of both associations and co-mentioned with
  许文华 and 林志强: every path between the groups goes through him.
Money: 许明德 leads 金井实业, which invests 12.5亿 in 晋江鞋服产业园项目 (in 晋江); 蔡振东 donates
500万元 to 金井中学教学楼; 林志强 invests in 安溪铁观音文旅项目 (3亿); 陈世杰 leads 环球贸易, which
invests 5亿 in 安溪茶产业园项目 — the only route from 许文华 to that project is
许文华 -> 陈世杰 -> 环球贸易 -> 安溪茶产业园项目.
Two different people are both called 陈明.
"""
from __future__ import annotations

import zlib
from itertools import combinations

from corpus.lexicon import load_lexicon
from ingest.model import Entity, Evidence, Relation
from ingest.resolve import region_entity

GROUP_PH = ("许文华", "许明德", "蔡振东", "蔡丽娜")
GROUP_ID = ("林志强", "林美玲", "黄国安", "黄秀英")
BROKER = "陈世杰"
ORG_PH = "菲律宾晋江同乡会"
ORG_ID = "印尼安溪商会"
JINJING = "350582106"  # 金井镇, a town of 晋江市
JINJIANG = "350582"
ANXI = "350524"
NANAN = "350583"
UNIQUE_PATH = ("许文华", "陈世杰", "环球贸易", "安溪茶产业园项目")
UNIQUE_PATH_SENTENCES = ("许文华与陈世杰一同出席恳亲大会。", "陈世杰任环球贸易董事长。",
                         "环球贸易投资5亿元建设安溪茶产业园项目。")

def ev(sentence: str, doc: str = "doc-network") -> list[Evidence]:
    """Evidence for a fixture fact: a span of a fixture document that depends only on the sentence."""
    start = zlib.crc32(sentence.encode("utf-8")) % 1_000_000
    return [Evidence(doc, sentence, start, start + len(sentence), "rule", 0.9)]


def person(name: str, **props) -> Entity:
    return Entity(f"Person:{name}", "Person", name, props=props)


def build_fixture_network(store, reverse: bool = False) -> None:
    """Write the fixture network into any GraphStore (`reverse`: in the opposite order)."""
    lex = load_lexicon()
    regions = [region_entity(lex.regions[c]) for c in (JINJING, JINJIANG, ANXI, NANAN, "PH", "ID", "MY", "MY-MLK")]
    people = [
        person("许文华", hometown=JINJING, residence="PH", roles=["副会长"]),
        person("许明德", hometown=JINJIANG, residence="PH", roles=["董事长"]),
        person("蔡振东", hometown=JINJIANG, residence="PH"),
        person("蔡丽娜", hometown=JINJIANG, residence="PH"),
        *(person(n, hometown=ANXI, residence="ID") for n in GROUP_ID),
        person(BROKER, hometown=NANAN, residence="MY-MLK", roles=["会长"]),
        Entity("Person:陈明", "Person", "陈明", props={"residence": "SG"}),
        Entity("Person:陈明#2", "Person", "陈明", props={"hometown": ANXI}),
    ]
    others = [
        Entity(f"Org:{ORG_PH}", "Org", ORG_PH, {"菲律宾晋江同乡会总会"}),
        Entity(f"Org:{ORG_ID}", "Org", ORG_ID),
        Entity("Enterprise:金井实业", "Enterprise", "金井实业"),
        Entity("Enterprise:环球贸易", "Enterprise", "环球贸易"),
        Entity("Project:晋江鞋服产业园项目", "Project", "晋江鞋服产业园项目",
               props={"investment_yi": 12.5, "currency": "CNY", "investment_text": "12.5亿元", "region": JINJIANG}),
        Entity("Project:金井中学教学楼", "Project", "金井中学教学楼", props={"region": JINJING}),
        Entity("Project:安溪铁观音文旅项目", "Project", "安溪铁观音文旅项目",
               props={"investment_yi": 3.0, "currency": "CNY", "region": ANXI}),
        Entity("Project:安溪茶产业园项目", "Project", "安溪茶产业园项目",
               props={"investment_yi": 5.0, "currency": "CNY", "region": ANXI}),
    ]
    entities = [*regions, *people, *others]
    store.upsert_entities(entities[::-1] if reverse else entities)

    def rel(rtype, head, tail, sentence, **props):
        return Relation(rtype, head, tail, props=props, evidence=ev(sentence))

    rels = [
        rel("LOCATED_IN", f"Org:{ORG_PH}", "Region:PH", f"{ORG_PH}位于马尼拉。"),
        rel("LOCATED_IN", f"Org:{ORG_ID}", "Region:ID", f"{ORG_ID}设在雅加达。"),
        rel("HOMETOWN", "Person:许文华", f"Region:{JINJING}", "许文华祖籍晋江金井镇。"),
    ]
    for n in GROUP_PH[1:3]:
        rels.append(rel("HOMETOWN", f"Person:{n}", f"Region:{JINJIANG}", f"旅菲乡贤{n}祖籍晋江。"))
    for n in GROUP_ID:
        rels.append(rel("HOMETOWN", f"Person:{n}", f"Region:{ANXI}", f"印尼侨领{n}祖籍安溪。"))
        rels.append(rel("RESIDES_IN", f"Person:{n}", "Region:ID", f"{n}旅居印尼。"))
    for n in GROUP_PH:
        rels.append(rel("RESIDES_IN", f"Person:{n}", "Region:PH", f"{n}旅居菲律宾。"))
    rels.append(rel("RESIDES_IN", f"Person:{BROKER}", "Region:MY-MLK", f"{BROKER}定居马六甲。"))
    rels.append(rel("HOMETOWN", f"Person:{BROKER}", f"Region:{NANAN}", f"{BROKER}祖籍南安。"))
    for group, org in ((GROUP_PH, ORG_PH), (GROUP_ID, ORG_ID)):
        for n in group:
            rels.append(rel("MEMBER_OF", f"Person:{n}", f"Org:{org}", f"{n}是{org}会员。"))
        for a, b in combinations(group, 2):
            rels.append(rel("CO_MENTIONED", f"Person:{a}", f"Person:{b}", f"{a}、{b}等乡贤出席活动。"))
    rels += [
        rel("MEMBER_OF", f"Person:{BROKER}", f"Org:{ORG_PH}", f"{BROKER}是{ORG_PH}名誉会长。"),
        rel("MEMBER_OF", f"Person:{BROKER}", f"Org:{ORG_ID}", f"{BROKER}是{ORG_ID}顾问。"),
        rel("CO_MENTIONED", "Person:许文华", f"Person:{BROKER}", UNIQUE_PATH_SENTENCES[0]),
        rel("CO_MENTIONED", "Person:林志强", f"Person:{BROKER}", f"林志强与{BROKER}会面。"),
        rel("LEADS", "Person:许明德", "Enterprise:金井实业", "许明德创办金井实业。"),
        rel("INVESTS_IN", "Enterprise:金井实业", "Project:晋江鞋服产业园项目", "金井实业投资12.5亿元建设晋江鞋服产业园项目。"),
        rel("DONATES_TO", "Person:蔡振东", "Project:金井中学教学楼", "蔡振东捐资500万元建设金井中学教学楼。",
            amount_yi=0.05, amount_text="500万元"),
        rel("INVESTS_IN", "Person:林志强", "Project:安溪铁观音文旅项目", "林志强投资3亿元建设安溪铁观音文旅项目。"),
        rel("LEADS", f"Person:{BROKER}", "Enterprise:环球贸易", UNIQUE_PATH_SENTENCES[1]),
        rel("INVESTS_IN", "Enterprise:环球贸易", "Project:安溪茶产业园项目", UNIQUE_PATH_SENTENCES[2]),
    ]
    store.upsert_relations(rels[::-1] if reverse else rels)
    store.flush()
