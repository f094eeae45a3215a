"""Export round trip: every format, written from a store and loaded into an empty one, gives the
same counts and the same answers; the files open as GraphML/GEXF/node-link for other tools."""
from __future__ import annotations

import json

import networkx as nx
import pytest

from graph import export
from graph.networkx_store import NetworkxStore
from tests.conftest import GRAPH_BACKENDS, open_test_store
from tests.graph import store_fixtures as fx


@pytest.fixture(params=GRAPH_BACKENDS)
def target(request, tmp_path):
    """An empty store to import into, of each backend."""
    return open_test_store(request.param, request, tmp_path / "target")


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_round_trip_gives_same_counts_and_answers(fmt, target, tmp_path, seed_extraction):
    source = NetworkxStore(tmp_path / "source.pickle")
    fx.build(source)
    source.write_extractions([seed_extraction])
    data = export.dump(source)
    files = export.write(data, fmt, tmp_path / f"out.{fmt}")
    assert all(f.exists() and f.stat().st_size > 0 for f in files)
    back = export.read(fmt, tmp_path / f"out.{fmt}")
    assert back.counts() == data.counts()
    export.load(target, back)
    assert target.counts() == source.counts()
    entity_ids = sorted(fx.entities()) + sorted(e.id for e in seed_extraction.entities)[:30]
    assert fx.answers(target, entity_ids, fx.FIXTURE_NAMES) == fx.answers(source, entity_ids, fx.FIXTURE_NAMES)
    # removing a document after the round trip drops the same facts as in the original
    for s in (source, target):
        s.remove_documents(["d1"])
    assert target.counts() == source.counts()


def test_files_are_what_other_tools_read(tmp_path):
    store = NetworkxStore()
    fx.build(store)
    data = export.dump(store)
    export.write(data, "graphml", tmp_path / "g.graphml")
    export.write(data, "gexf", tmp_path / "g.gexf")
    export.write(data, "json", tmp_path / "g.json")
    for g in (nx.read_graphml(tmp_path / "g.graphml"), nx.read_gexf(tmp_path / "g.gexf"),
              nx.node_link_graph(json.loads((tmp_path / "g.json").read_text()), edges="links")):
        assert g.number_of_nodes() == 2 + 14
        assert g.number_of_edges() == 18 + 23
        assert g.nodes["Region:350505"]["label"] in ("泉港区", "Region")


def test_csv_follows_neo4j_admin_layout(tmp_path):
    store = NetworkxStore()
    fx.build(store)
    files = export.write(export.dump(store), "csv", tmp_path / "csv")
    names = {f.name for f in files}
    assert {"nodes_Document.csv", "nodes_Region.csv", "rels_PART_OF.csv", "rels_MENTIONS.csv", "import.sh"} <= names
    header = (tmp_path / "csv" / "rels_PART_OF.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ":START_ID,:END_ID,ev_keys:string[],ev_docs:string[],evidence:string[]"
    regions = (tmp_path / "csv" / "nodes_Region.csv").read_text(encoding="utf-8").splitlines()
    assert regions[0] == "id:ID,label,name,aliases:string[],j.code"
    script = (tmp_path / "csv" / "import.sh").read_text()
    assert "neo4j-admin database import full" in script and "--nodes=Entity:Region=nodes_Region.csv" in script
    assert "--array-delimiter=U+001F" in script


def test_unknown_format_and_missing_input_are_clear(tmp_path):
    with pytest.raises(export.ExportError, match="unknown export format 'xml'"):
        export.write(export.GraphDump(), "xml", tmp_path / "x")
    with pytest.raises(export.ExportError, match="no such file"):
        export.read("json", tmp_path / "missing.json")
