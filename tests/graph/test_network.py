"""The 侨商 network analytics on a fixture network whose answers are known by construction,
and on the dev set after real ingestion."""
from __future__ import annotations

import os
import re
from pathlib import Path

import networkx as nx
import pytest

from graph import network
from graph.network import centrality
from graph.networkx_store import NetworkxStore
from ingest.errors import NotFoundError
from tests.graph.network_fixture import (
    ANXI,
    BROKER,
    GROUP_ID,
    GROUP_PH,
    JINJIANG,
    NANAN,
    ORG_ID,
    ORG_PH,
    UNIQUE_PATH,
    UNIQUE_PATH_SENTENCES,
    build_fixture_network,
)

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
DEV_ARTICLES = SHARED / "eval" / "dev" / "articles.jsonl"


@pytest.fixture
def network_store(store):
    """The fixture network, in an empty store of each backend (networkx and a real Neo4j)."""
    build_fixture_network(store)
    return store


def names(rows, key="name"):
    return [r[key] for r in rows]


# --- names ------------------------------------------------------------------------------------

def test_names_resolve_by_id_name_and_alias(network_store):
    assert network.resolve_entity(network_store, "Person:许文华").entity["name"] == "许文华"
    assert network.resolve_entity(network_store, "许文华").entity["id"] == "Person:许文华"
    resolved = network.resolve_entity(network_store, "菲律宾晋江同乡会总会")
    assert resolved.entity["id"] == f"Org:{ORG_PH}" and not resolved.ambiguous


def test_an_exact_name_of_any_type_beats_a_partial_name_of_a_person_or_org(network_store):
    # "晋江" is an alias of the region 晋江市 and only part of the name 菲律宾晋江同乡会.
    resolved = network.resolve_entity(network_store, "晋江")
    assert resolved.entity["id"] == f"Region:{JINJIANG}"
    assert f"Org:{ORG_PH}" in {a["id"] for a in resolved.alternatives}
    assert network.resolve_entity(network_store, "同乡会").entity["id"] == f"Org:{ORG_PH}"


def test_an_ambiguous_name_gives_the_best_match_and_the_alternatives(network_store):
    resolved = network.resolve_entity(network_store, "陈明")
    assert resolved.ambiguous
    ids = {resolved.entity["id"], *(a["id"] for a in resolved.alternatives)}
    assert ids == {"Person:陈明", "Person:陈明#2"}
    assert network.ego(network_store, "陈明", hops=1).as_dict()["center"]["ambiguous"] is True


def test_an_unknown_name_is_a_clear_not_found(network_store):
    with pytest.raises(NotFoundError, match="无此人"):
        network.ego(network_store, "无此人")


# --- ego ----------------------------------------------------------------------------------------

def test_ego_network_of_an_association(network_store):
    result = network.ego(network_store, ORG_ID, hops=1).as_dict()
    assert result["center"]["entity"]["id"] == f"Org:{ORG_ID}"
    members = {n["name"] for n in result["nodes"] if n["label"] == "Person"}
    assert members == {*GROUP_ID, BROKER}
    assert {n["hop"] for n in result["nodes"]} == {0, 1}
    broker_edge = next(e for e in result["edges"] if e["head"] == f"Person:{BROKER}")
    assert broker_edge["type"] == "MEMBER_OF" and broker_edge["weight"] == 1
    assert broker_edge["evidence"][0]["sentence"] == f"{BROKER}是{ORG_ID}顾问。"


def test_ego_filters_by_type_and_relation(network_store):
    two_hops = network.ego(network_store, BROKER, hops=2, labels=["person", "Org"]).as_dict()
    assert {n["label"] for n in two_hops["nodes"]} == {"Person", "Org"}
    assert {*GROUP_PH, *GROUP_ID} <= set(names(two_hops["nodes"]))
    leads = network.ego(network_store, BROKER, hops=2, relations=["leads", "INVESTS_IN"]).as_dict()
    assert names(leads["nodes"]) == [BROKER, "环球贸易", "安溪茶产业园项目"]
    assert [n["hop"] for n in leads["nodes"]] == [0, 1, 2]
    assert leads["summary"]["by_relation"] == {"INVESTS_IN": 1, "LEADS": 1}


def test_ego_rejects_bad_arguments(network_store):
    with pytest.raises(network.NetworkQueryError, match="hops"):
        network.ego(network_store, BROKER, hops=9)
    with pytest.raises(network.NetworkQueryError, match="FRIEND_OF"):
        network.ego(network_store, BROKER, relations=["FRIEND_OF"])
    with pytest.raises(network.NetworkQueryError, match="Planet"):
        network.ego(network_store, BROKER, labels=["Planet"])


# --- paths --------------------------------------------------------------------------------------

def test_the_unique_shortest_path_and_its_evidence(network_store):
    result = network.paths(network_store, UNIQUE_PATH[0], UNIQUE_PATH[-1], k=3).as_dict()
    first, *rest = result["paths"]
    assert names(first["nodes"]) == list(UNIQUE_PATH)
    assert first["length"] == 3
    assert [e["evidence"][0]["sentence"] for e in first["edges"]] == list(UNIQUE_PATH_SENTENCES)
    assert [e["type"] for e in first["edges"]] == ["CO_MENTIONED", "LEADS", "INVESTS_IN"]
    assert rest and all(p["length"] > 3 for p in rest)


def test_paths_between_the_same_entity_or_unknown_entities_are_errors(network_store):
    with pytest.raises(network.NetworkQueryError, match="same entity"):
        network.paths(network_store, "许文华", "Person:许文华")
    with pytest.raises(NotFoundError, match="无此人"):
        network.paths(network_store, "许文华", "无此人")


# --- brokers ------------------------------------------------------------------------------------

def test_the_broker_between_two_groups_ranks_first(network_store):
    result = network.brokers(network_store).as_dict()
    assert result["approximate"] is False and result["samples"] is None
    first, second = result["brokers"][:2]
    assert first["name"] == BROKER and first["betweenness"] > second["betweenness"]
    assert first["countries"] == ["马来西亚"] and first["hometowns"] == ["南安市"]
    assert "CO_MENTIONED" in result["projection"]


def test_brokers_within_a_country(network_store):
    result = network.brokers(network_store, country="菲律宾").as_dict()
    assert result["scope"]["country"] == {"code": "PH", "name": "菲律宾"}
    ranked = names(result["brokers"])
    # Among Philippine residents 许明德 alone ties 金井实业 in: he is the bridge there.
    assert ranked[0] == "许明德"
    assert set(ranked) == {*GROUP_PH, ORG_PH, "金井实业"}


def test_brokers_by_hometown_roll_up_from_town_to_county(network_store):
    result = network.brokers(network_store, hometown="晋江").as_dict()
    assert result["scope"]["hometown"]["code"] == JINJIANG
    # 许文华's hometown is stated as the town 金井镇; it counts for 晋江.
    assert set(GROUP_PH) <= set(names(result["brokers"]))
    assert not set(GROUP_ID) & set(names(result["brokers"]))


def test_a_filter_that_matches_no_one_says_why(network_store):
    nobody = network.brokers(network_store, country="泰国").as_dict()
    assert nobody["brokers"] == []
    assert re.fullmatch(r"no person in the graph resides in 泰国; \d+ of \d+ people have no stated or inferred "
                        r"residence", nobody["explanation"])
    assert "comes from" in network.brokers(network_store, hometown="永春").as_dict()["explanation"]
    both = network.brokers(network_store, country="菲律宾", hometown="安溪").as_dict()
    assert both["explanation"].endswith("come from 安溪县, but no one does both") and both["explanation"].startswith("4 people")
    assert network.brokers(network_store, hometown="晋江").as_dict()["explanation"] is None


def test_an_unknown_country_is_not_found(network_store):
    with pytest.raises(NotFoundError, match="火星"):
        network.brokers(network_store, country="火星")


# --- communities --------------------------------------------------------------------------------

def test_communities_split_as_built(network_store):
    result = network.communities(network_store, top=20).as_dict()
    groups = result["communities"]
    assert result["modularity"] > 0.3
    # top=20 lists every member of these small communities
    by_member = {m["name"]: g["id"] for g in groups for m in g["top_members"]}
    ph, idn = {by_member[n] for n in GROUP_PH}, {by_member[n] for n in GROUP_ID}
    assert len(ph) == 1 and len(idn) == 1 and ph != idn
    assert by_member[ORG_PH] in ph and by_member[ORG_ID] in idn
    ph_group = next(g for g in groups if g["id"] in ph)
    assert ph_group["hometowns"][0] == {"code": JINJIANG, "name": "晋江市", "count": 4}
    assert ph_group["countries"][0]["name"] == "菲律宾"
    assert names(ph_group["organisations"]) == [ORG_PH]


def test_communities_are_reproducible(network_store):
    assert network.communities(network_store).as_dict() == network.communities(network_store).as_dict()


# --- flows --------------------------------------------------------------------------------------

def test_flows_by_hometown_county_with_amounts(network_store):
    counties = {c["code"]: c for c in network.flows(network_store).as_dict()["counties"]}
    jinjiang = counties[JINJIANG]
    assert names(jinjiang["people"]) == sorted(GROUP_PH)  # 许文华 from the town 金井镇 included
    assert jinjiang["investment_yi"] == {"CNY": 12.5}
    project = jinjiang["projects"][0]
    assert project["name"] == "晋江鞋服产业园项目" and project["back_home"] is True
    assert project["via"][0]["person"]["name"] == "许明德"
    assert project["via"][0]["enterprise"] == {"id": "Enterprise:金井实业", "name": "金井实业", "role": "LEADS"}
    assert [e["sentence"] for e in project["via"][0]["evidence"]] == [
        "许明德创办金井实业。", "金井实业投资12.5亿元建设晋江鞋服产业园项目。"]
    donation = jinjiang["donations"][0]
    assert donation["name"] == "金井中学教学楼" and donation["amount"]["yi"] == 0.05
    assert jinjiang["donation_yi"] == {"CNY": 0.05}
    assert counties[ANXI]["investment_yi"] == {"CNY": 3.0}
    nanan = counties[NANAN]["projects"][0]
    assert nanan["name"] == "安溪茶产业园项目" and nanan["back_home"] is False
    assert list(counties)[0] == JINJIANG  # the largest stated investment first


# --- countries ----------------------------------------------------------------------------------

def test_countries_with_people_organisations_and_connectors(network_store):
    rows = {r["code"]: r for r in network.countries(network_store).as_dict()["countries"]}
    assert rows["PH"]["people"] == 4 and rows["PH"]["organisations"] == 1
    assert rows["ID"]["people"] == 4 and rows["ID"]["organisation_names"] == [ORG_ID]
    assert names(rows["MY"]["connectors"]) == [BROKER]  # 马六甲 rolls up to 马来西亚
    assert rows["SG"]["people"] == 1
    assert set(names(rows["PH"]["connectors"])) <= {*GROUP_PH, ORG_PH}
    assert rows["PH"]["hometowns"][0]["code"] == JINJIANG


# --- the same answers whatever order a backend returns things in --------------------------------

def without_read(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k != "read"}


def test_answers_do_not_depend_on_the_order_the_store_returns_things_in(network_store):
    other = NetworkxStore()
    build_fixture_network(other, reverse=True)
    for analytic in (network.brokers, network.communities, network.flows, network.countries):
        ours, theirs = analytic(network_store).as_dict(), analytic(other).as_dict()
        assert without_read(theirs) == without_read(ours), analytic.__name__
        assert {k: v for k, v in ours["read"].items() if k not in ("store", "read")} == \
            {k: v for k, v in theirs["read"].items() if k not in ("store", "read")}, analytic.__name__
    assert network.ego(other, BROKER).as_dict() == network.ego(network_store, BROKER).as_dict()


def test_analytics_read_the_part_they_need_once_and_say_so(network_store, monkeypatch):
    """One read of the store per analytic (on Neo4j: one Cypher query, whatever the graph's size),
    without evidence sentences except for flows, and the answer says so."""
    # what the part holds, counted through other calls of the protocol
    labels = (*network.ACTOR_LABELS, *network.VENTURE_LABELS)
    members = {e["id"] for label in labels for e in network_store.entities(label)}
    leaving = [r for r in network_store.relations(types=[*network.NETWORK_RELATIONS, "LOCATED_IN"])
               if r["head"] in members]
    expected_part = (len(members), len(leaving))
    calls = []
    real = network_store.graph_part

    def counted(*args, **kwargs):
        calls.append(kwargs.get("evidence"))
        return real(*args, **kwargs)

    monkeypatch.setattr(network_store, "graph_part", counted)
    if network_store.backend == "neo4j":  # and nothing else reaches the server
        reads = []
        def recorded(real):
            return lambda *a, **k: reads.append(a[0]) or real(*a, **k)

        for name in ("_read", "_stream"):
            monkeypatch.setattr(network_store, name, recorded(getattr(network_store, name)))
    expected = {network.brokers: False, network.communities: False, network.countries: False, network.flows: True}
    for analytic, evidence in expected.items():
        calls.clear()
        if network_store.backend == "neo4j":
            reads.clear()
        read = analytic(network_store).as_dict()["read"]
        assert calls == [evidence], analytic.__name__
        if network_store.backend == "neo4j":
            assert len(reads) == 1 and "UNION ALL" in reads[0], analytic.__name__
            assert read["read"].startswith("one Cypher query")
        assert read["store"] == network_store.backend
        assert read["evidence"] == ("sentences" if evidence else "counts only")
        assert (read["nodes"], read["relations"]) == expected_part, analytic.__name__
        assert "Graph Data Science is not used" in read["computed"]


def test_evidence_counts_weigh_co_mentions_as_the_sentences_do(network_store):
    with_sentences = network.actor_projection(network.load_network(network_store, evidence=True))
    with_counts = network.actor_projection(network.load_network(network_store, evidence=False))
    assert sorted(with_counts.edges(data="weight")) == sorted(with_sentences.edges(data="weight"))


HASH_SEED_SCRIPT = """
import json
from graph import network
from graph.network import centrality
from graph.networkx_store import NetworkxStore
from tests.graph.network_fixture import build_fixture_network
centrality.EXACT_BETWEENNESS_LIMIT, centrality.BETWEENNESS_BUDGET, centrality.MIN_SAMPLES = 5, 1, 4
store = NetworkxStore()
build_fixture_network(store)
print(json.dumps([network.brokers(store).as_dict(), network.communities(store).as_dict()], ensure_ascii=False))
"""


@pytest.mark.slow
def test_sampled_betweenness_and_communities_do_not_depend_on_the_hash_seed():
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    outputs = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run([sys.executable, "-c", HASH_SEED_SCRIPT], cwd=root, capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert '"approximate": true' in outputs.pop()


# --- scale --------------------------------------------------------------------------------------

def test_exact_betweenness_equals_networkx(network_store):
    g = network.connected_part(network.actor_projection(network.load_network(network_store)))
    c = network.betweenness(g)
    expected = nx.betweenness_centrality(g, normalized=True)
    assert not c.approximate
    assert c.values == pytest.approx(expected)


def test_large_networks_use_seeded_approximate_betweenness(monkeypatch):
    monkeypatch.setattr(centrality, "EXACT_BETWEENNESS_LIMIT", 50)
    monkeypatch.setattr(centrality, "BETWEENNESS_BUDGET", 1)
    g = nx.barbell_graph(40, 3)
    g = nx.relabel_nodes(g, {n: f"Person:{n:03d}" for n in g})
    c = network.betweenness(network.connected_part(g))
    assert c.approximate and c.samples == centrality.MIN_SAMPLES
    bar = {f"Person:{n:03d}" for n in range(39, 44)}  # the path between the two cliques, with its ends
    assert set(sorted(c.values, key=c.values.get)[-5:]) == bar
    exact = nx.betweenness_centrality(g, normalized=True)
    assert c.values["Person:041"] == pytest.approx(exact["Person:041"], rel=0.25)
    assert c.values == network.betweenness(network.connected_part(g)).values


# --- the dev set, after real ingestion ------------------------------------------------------------

@pytest.fixture(scope="module")
def dev_store(tmp_path_factory):
    if not DEV_ARTICLES.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{DEV_ARTICLES} is missing (CI must have ../shared)")
        pytest.skip(f"{DEV_ARTICLES} not found: the dev set lives in ../shared")
    from liantu import Liantu, Settings

    liantu = Liantu(Settings(data_dir=tmp_path_factory.mktemp("dev-network"), graph_backend="networkx"))
    report = liantu.ingest([DEV_ARTICLES])
    assert report.ok
    yield liantu.graph
    liantu.close()


def _person_places(store, name):
    """Hometown counties and countries of residence of every Person extracted under `name`
    (people with the same name stay apart unless evidence merges them)."""
    ids = [e["id"] for e in store.find_entities(name, labels=["Person"]) if e["name"] == name]
    assert ids, f"{name} was not extracted as a Person"
    data = network.load_network(store)
    return ({c for pid in ids for c in data.hometown_counties(pid)},
            {c for pid in ids for c in data.countries(pid)})


@pytest.mark.slow
def test_dev_shi_jincheng_lives_in_indonesia_from_anxi(dev_store):
    hometowns, countries = _person_places(dev_store, "施金城")
    assert "ID" in countries
    assert ANXI in hometowns


@pytest.mark.slow
def test_dev_chen_zuchang_from_jinjiang_lives_in_the_philippines(dev_store):
    hometowns, countries = _person_places(dev_store, "陈祖昌")
    assert JINJIANG in hometowns
    assert "PH" in countries


@pytest.mark.slow
def test_dev_ego_network_of_the_malacca_nanan_association(dev_store):
    hits = dev_store.find_entities("马来西亚马六甲南安会馆", labels=["Org"])
    assert hits, "马来西亚马六甲南安会馆 was not extracted as an Org"
    result = network.ego(dev_store, hits[0]["id"], hops=2).as_dict()
    assert "陈世源" in {n["name"] for n in result["nodes"]}
