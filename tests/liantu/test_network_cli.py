"""`liantu network ...` over the fixture network."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graph.networkx_store import NetworkxStore
from liantu.cli import cli
from tests.graph.network_fixture import BROKER, UNIQUE_PATH, build_fixture_network


@pytest.fixture
def invoke(data_dir):
    build_fixture_network(NetworkxStore(data_dir / "graph.pickle"))
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, ["--data-dir", str(data_dir), "network", *args])

    return run


@pytest.mark.parametrize("command", [[], ["ego"], ["paths"], ["brokers"], ["communities"], ["flows"], ["countries"]])
def test_every_network_command_has_help(command):
    result = CliRunner().invoke(cli, ["network", *command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


@pytest.mark.parametrize("args", [["ego", BROKER], ["paths", UNIQUE_PATH[0], UNIQUE_PATH[-1]], ["brokers"],
                                  ["communities"], ["flows"], ["countries"]])
def test_every_network_command_prints_json(invoke, args):
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.output), dict)


def test_tables(invoke):
    result = invoke("brokers", "--limit", "3")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[3].split()[:2] == ["1", BROKER] and len(lines) == 7
    assert lines[6].startswith("read from the embedded graph: one pass over the embedded graph in memory; ")
    assert "(evidence: counts only); computed in this process" in lines[6]
    result = invoke("paths", UNIQUE_PATH[0], UNIQUE_PATH[-1], "--k", "1")
    assert "1. (3 hops) " + " - ".join(UNIQUE_PATH) in result.output
    assert "陈世杰任环球贸易董事长。" in result.output
    result = invoke("ego", "陈明", "--types", "Person")
    assert "ambiguous; also matches: 陈明 (Person:陈明#2)" in result.output
    result = invoke("flows")
    assert "晋江市 (350582): 4 people, 1 projects (12.5亿 CNY)" in result.output


def test_unknown_name_is_one_line_and_exit_1(invoke):
    result = invoke("ego", "无此人")
    assert result.exit_code == 1
    assert [ln for ln in result.output.splitlines() if ln] == [
        "Error: no entity named '无此人': no id, name or alias matches it"]


def test_options_take_the_analytics_own_defaults_and_bounds():
    from graph.network import OPTIONS
    from liantu.cli.network import network

    for analytic, options in OPTIONS.items():
        params = {p.name: p for p in network.commands[analytic].params}
        for name, (default, low, high) in options.items():
            assert (params[name].default, params[name].type.min, params[name].type.max) == (default, low, high)


def test_brokers_say_why_a_filter_matches_no_one(invoke):
    result = invoke("brokers", "--country", "泰国")
    assert result.exit_code == 0, result.output
    assert "no person in the graph resides in 泰国; " in result.output and "betweenness" not in result.output
