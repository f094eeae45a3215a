"""The /api/network endpoints over the fixture network."""
from __future__ import annotations

import pytest

from tests.graph.network_fixture import BROKER, GROUP_ID, JINJIANG, ORG_ID, UNIQUE_PATH, build_fixture_network
from webapp import create_app


@pytest.fixture
def network_client(liantu):
    build_fixture_network(liantu.graph)
    return create_app({"TESTING": True}, liantu=liantu).test_client()


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["ok"] is True
    return body


def test_ego_by_name_and_by_id(network_client):
    body = get_ok(network_client, f"/api/network/ego?entity={ORG_ID}&hops=1")
    assert {n["name"] for n in body["nodes"] if n["label"] == "Person"} == {*GROUP_ID, BROKER}
    assert all(e["evidence"] for e in body["edges"])
    by_id = get_ok(network_client, f"/api/network/ego?entity=Person:{BROKER}&hops=2&types=Person,Org"
                                   "&relations=MEMBER_OF&relations=CO_MENTIONED")
    assert {n["label"] for n in by_id["nodes"]} == {"Person", "Org"}
    assert set(by_id["summary"]["by_relation"]) == {"MEMBER_OF", "CO_MENTIONED"}


def test_paths(network_client):
    body = get_ok(network_client, f"/api/network/paths?source={UNIQUE_PATH[0]}&target={UNIQUE_PATH[-1]}&k=2")
    assert [n["name"] for n in body["paths"][0]["nodes"]] == list(UNIQUE_PATH)
    assert len(body["paths"]) == 2


def test_brokers_explain_a_filter_that_matches_no_one(network_client):
    body = get_ok(network_client, "/api/network/brokers?country=泰国")
    assert body["brokers"] == [] and body["explanation"].startswith("no person in the graph resides in 泰国; ")


def test_brokers_communities_flows_countries(network_client):
    assert get_ok(network_client, "/api/network/brokers")["brokers"][0]["name"] == BROKER
    scoped = get_ok(network_client, "/api/network/brokers?hometown=晋江&limit=3")
    assert scoped["scope"]["hometown"]["code"] == JINJIANG and len(scoped["brokers"]) == 3
    assert len(get_ok(network_client, "/api/network/communities")["communities"]) >= 2
    flows = get_ok(network_client, "/api/network/flows")["counties"]
    assert len(get_ok(network_client, "/api/network/flows?limit=1")["counties"]) == 1
    assert flows[0]["code"] == JINJIANG and flows[0]["investment_yi"] == {"CNY": 12.5}
    countries = {c["code"]: c for c in get_ok(network_client, "/api/network/countries?top=2")["countries"]}
    assert countries["PH"]["people"] == 4 and len(countries["PH"]["connectors"]) == 2


@pytest.mark.parametrize("url, status, words", [
    ("/api/network/ego", 400, "'entity' is required"),
    ("/api/network/ego?entity=无此人", 404, "无此人"),
    ("/api/network/ego?entity=陈世杰&hops=9", 400, "'hops'"),
    ("/api/network/ego?entity=陈世杰&relations=FRIEND_OF", 400, "FRIEND_OF"),
    ("/api/network/paths?source=许文华", 400, "'target' is required"),
    ("/api/network/paths?source=许文华&target=许文华", 400, "same entity"),
    ("/api/network/brokers?country=火星", 404, "火星"),
    ("/api/network/countries?top=x", 400, "'top'"),
    ("/api/network/nothing", 404, "/api/network/nothing"),
])
def test_errors_have_the_one_shape(network_client, url, status, words):
    response = network_client.get(url)
    body = response.get_json()
    assert response.status_code == status
    assert set(body) == {"ok", "error", "status"} and body["ok"] is False and body["status"] == status
    assert words in body["error"]


def test_the_api_and_its_documentation_use_the_analytics_own_defaults_and_bounds(network_client):
    import json
    from importlib.resources import files

    from graph.network import OPTIONS

    spec = json.loads(files("webapp").joinpath("openapi.json").read_text(encoding="utf-8"))
    for analytic, options in OPTIONS.items():
        documented = {p["name"]: p["schema"] for p in spec["paths"][f"/api/network/{analytic}"]["get"]["parameters"]}
        for name, (default, low, high) in options.items():
            assert documented[name] == {"type": "integer", "minimum": low, "maximum": high, "default": default}
    # the default applies when the parameter is left out, the bounds when it is given
    assert len(get_ok(network_client, "/api/network/brokers")["brokers"]) <= OPTIONS["brokers"]["limit"].default
    too_many = OPTIONS["flows"]["limit"].high + 1
    assert network_client.get(f"/api/network/flows?limit={too_many}").status_code == 400
