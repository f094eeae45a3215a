"""Graph store benchmark: both backends side by side on one synthetic typed graph.

    python -m bench.graph_bench                      # 200,000 nodes / 1,000,000 edges on both
    python -m bench.graph_bench --neo4j-scale 0.25   # Neo4j gets a quarter of that graph
    python -m bench.graph_bench --no-neo4j           # embedded store only

Measures, per backend: the 2-hop neighbourhood of a high-degree node (limit 500) and the
shortest path (k=1, and top-3) between random pairs of nodes, p50/p95; the embedded store's
save and load time and the peak memory of a process that loads it; Neo4j's load time: into the
local server, `neo4j-admin database import` from the CSV export with the server restarted and
its constraints and indexes built (graph.neo4j_bulk), or with `--load transactions` (and for a
server given by `--neo4j-uri`) batched UNWIND transactions through Neo4jStore. The bars:
p95 <= 50 ms on the embedded store; on Neo4j 2-hop p95 <= 50 ms, shortest path p95 <= 30 ms
and loading 1,000,000 edges into an empty local server in <= 120 s.

The 侨商 network analytics (brokers, communities, countries, flows) are timed on both stores
side by side, taking turns, on the seeded synthetic network of bench.network_bench (about
20,000 actors: `--network-people`, 0 to skip): on Neo4j they read their part of the graph in
one streamed Cypher query and compute in this process; the answers must be equal. This runs
on the empty server before the large graph is loaded.

Neo4j is the real 5.26 server of graph.neo4j_server, started in a temporary home/data folder
and stopped at the end (or `--neo4j-uri`/`--neo4j-password` to use a running one: its database
is emptied).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import free_port  # noqa: E402
from graph.networkx_store import NetworkxStore  # noqa: E402
from ingest.model import Entity, Evidence, Relation  # noqa: E402

BAR_MS = 50.0
NEO4J_BARS = {"neighbourhood_2hop_limit500": 50.0, "shortest_path_k1": 30.0}
NEO4J_LOAD_BAR_S = 120.0  # for 1,000,000 edges

# share of the nodes per label (sums to 1) and how edges are drawn between labels
NODE_SHARES = {"Region": 0.015, "ChainLink": 0.01, "Chain": 0.0005, "Enterprise": 0.5, "Project": 0.25,
               "Person": 0.15, "Org": 0.025, "Event": 0.0495}
# (type, head label, tail label, edges per head node)
EDGE_PLAN = [("LOCATED_IN", "Enterprise", "Region", 1.0), ("IN_CHAIN", "Enterprise", "ChainLink", 1.5),
             ("PARTNER_OF", "Enterprise", "Enterprise", 1.0), ("SHAREHOLDER_OF", "Enterprise", "Enterprise", 1.0),
             ("LOCATED_IN", "Project", "Region", 1.0), ("IN_CHAIN", "Project", "ChainLink", 1.0),
             ("INVESTS_IN", "Enterprise", "Project", 1.0), ("LEADS", "Person", "Enterprise", 1.0),
             ("HOMETOWN", "Person", "Region", 1.0), ("RESIDES_IN", "Person", "Region", 1.0),
             ("MEMBER_OF", "Person", "Org", 2.0), ("ATTENDED", "Person", "Event", 3.0),
             ("ATTENDED", "Enterprise", "Event", 0.6), ("DONATES_TO", "Person", "Org", 0.67),
             ("UPSTREAM_OF", "ChainLink", "ChainLink", 1.5)]


def synthetic_graph(n_nodes: int, n_edges: int, seed: int = 7) -> tuple[list[Entity], list[Relation]]:
    """A typed graph with skewed degrees (counties, chain links and big firms are hubs)."""
    rng = random.Random(seed)
    ids: dict[str, list[str]] = {}
    entities = []
    for label, share in NODE_SHARES.items():
        count = max(2, int(n_nodes * share))
        ids[label] = [f"{label}:{label[0]}{i:06d}" for i in range(count)]
        entities += [Entity(i, label, f"{label}名{i.split(':')[1]}") for i in ids[label]]

    def skewed(items: list[str]) -> str:
        return items[int(len(items) * rng.random() ** 3)]  # a few items get most edges

    ev_sentence = "合成数据。"
    relations: dict[tuple[str, str, str], Relation] = {}

    def add(rel_type: str, head: str, tail: str) -> None:
        if head != tail and (head, rel_type, tail) not in relations:
            n = len(relations)
            relations[(head, rel_type, tail)] = Relation(
                rel_type, head, tail, {}, [Evidence(f"doc{n % 50_000:05d}", ev_sentence, n % 997, n % 997 + 4, "rule")])

    regions = ids["Region"]
    for i, r in enumerate(regions[1:], 1):  # a province -> city -> county tree
        add("PART_OF", r, regions[(i - 1) // 10])
    for link in ids["ChainLink"]:
        add("LINK_OF", link, rng.choice(ids["Chain"]))
    planned = sum(len(ids[h]) * per for _, h, _, per in EDGE_PLAN)
    scale = max(0.0, (n_edges - len(relations)) * 0.92 / planned)
    for rel_type, head_label, tail_label, per in EDGE_PLAN:
        for head in ids[head_label]:
            for _ in range(int(per * scale) + (rng.random() < (per * scale) % 1)):
                add(rel_type, head, skewed(ids[tail_label]))
    everyone = [i for label in ids for i in ids[label]]
    while len(relations) < n_edges:  # the rest: co-mentions between anything
        add("CO_MENTIONED", rng.choice(everyone), skewed(everyone))
    return entities, list(relations.values())


def _p95(ordered: list[float]) -> float:
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def percentiles(samples: list[tuple[float, float]]) -> dict[str, float]:
    """p50/p95 of wall-clock ms, and of this process's CPU ms (less sensitive to a busy machine)."""
    wall = sorted(w for w, _ in samples)
    cpu = sorted(c for _, c in samples)
    return {"p50": round(statistics.median(wall), 2), "p95": round(_p95(wall), 2),
            "cpu_p50": round(statistics.median(cpu), 2), "cpu_p95": round(_p95(cpu), 2), "n": len(wall)}


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def workload(entities: list[Entity], relations: list[Relation], n_queries: int, seed: int = 11):
    """High-degree nodes for neighbourhoods and random node pairs for paths, same for every backend."""
    degree: dict[str, int] = {}
    for r in relations:
        degree[r.head] = degree.get(r.head, 0) + 1
        degree[r.tail] = degree.get(r.tail, 0) + 1
    rng = random.Random(seed)
    by_degree = sorted(degree, key=lambda n: (-degree[n], n))
    hubs = by_degree[:max(1, len(by_degree) // 100)]  # the top 1 % by degree
    hub_sample = [rng.choice(hubs) for _ in range(n_queries)]
    nodes = sorted(degree)
    pairs = [tuple(rng.sample(nodes, 2)) for _ in range(n_queries)]
    return hub_sample, pairs, {n: degree[n] for n in hubs[:3]}


def warmup_workload(entities: list[Entity], relations: list[Relation], n: int = 30):
    """Hubs and pairs drawn with another seed, for warming a store up before measuring."""
    hubs, pairs, _ = workload(entities, relations, n, seed=12)
    return hubs, pairs


def measure_queries(store, hubs: list[str], pairs: list[tuple[str, str]], warmup: tuple = ((), ())) -> dict:
    out = {}
    # warm-up calls on other nodes, so first-call costs (query planning, a fresh server's JIT
    # and page cache) are not in the figures: a serving store is warm
    for h in (*warmup[0], hubs[0]):
        store.neighbourhood(h, hops=2, limit=500)
    for a, b in (*warmup[1], pairs[0]):
        store.shortest_paths(a, b, k=1)
        store.shortest_paths(a, b, k=3)
    out["neighbourhood_2hop_limit500"] = percentiles([timed(lambda h=h: store.neighbourhood(h, hops=2, limit=500))
                                                      for h in hubs])
    found = []
    samples = [timed(lambda a=a, b=b: found.append(len(store.shortest_paths(a, b, k=1)))) for a, b in pairs]
    out["shortest_path_k1"] = percentiles(samples) | {"found": sum(found)}
    out["shortest_paths_k3"] = percentiles([timed(lambda a=a, b=b: store.shortest_paths(a, b, k=3))
                                            for a, b in pairs[: max(5, len(pairs) // 4)]])
    # names of the path ends without their last two digits: a prefix ~100 entities share
    texts = [store.get_entity(a)["name"][:-2] for a, _ in pairs[: max(5, len(pairs) // 4)]]
    store.find_entities(texts[0])
    out["find_entities_prefix"] = percentiles([timed(lambda t=t: store.find_entities(t)) for t in texts])
    return out


# VmHWM, not ru_maxrss: the latter keeps the RSS of the forked benchmark process across exec.
LOAD_PROBE = """
import sys, time
sys.path.insert(0, {root!r})
t = time.perf_counter()
from graph.networkx_store import NetworkxStore
s = NetworkxStore({path!r})
seconds = time.perf_counter() - t
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(seconds, peak_kb)
"""


def bench_embedded(entities, relations, hubs, pairs, workdir: Path) -> dict:
    path = workdir / "graph.pickle"
    store = NetworkxStore(path)
    t = time.perf_counter()
    store.upsert_entities(entities)
    store.upsert_relations(relations)
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    store.flush()
    save_s = time.perf_counter() - t
    result = {"nodes": store.graph.number_of_nodes(), "edges": store.graph.number_of_edges(),
              "build_s": round(build_s, 1), "save_s": round(save_s, 1),
              "file_mb": round(path.stat().st_size / 1e6, 1)}
    probe = subprocess.run([sys.executable, "-c", LOAD_PROBE.format(root=str(ROOT), path=str(path))],
                           capture_output=True, text=True, check=True)
    load_s, maxrss_kb = probe.stdout.split()
    result |= {"load_s": round(float(load_s), 2), "load_peak_rss_mb": round(int(maxrss_kb) / 1024)}
    result |= measure_queries(store, hubs, pairs, warmup_workload(entities, relations))
    return result


def _batches(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


NETWORK_ANALYTICS = ("brokers", "communities", "countries", "flows")


def bench_network(stores: dict, people: int, repeat: int) -> dict:
    """Median seconds of the network analytics on each store, taking turns; equal answers required."""
    from bench.network_bench import synthetic_network
    from graph import network

    sizes: dict = {}
    for name, store in stores.items():
        t = time.perf_counter()
        sizes.update(synthetic_network(store, people, orgs=people // 4, enterprises=people * 5 // 12))
        sizes[f"{name}_write_s"] = round(time.perf_counter() - t, 1)
    out: dict = {"network": sizes, "repeat": repeat}
    times: dict[tuple[str, str], list[float]] = {}
    answers: dict[tuple[str, str], dict] = {}
    for _ in range(repeat):
        for analytic in NETWORK_ANALYTICS:
            for name, store in stores.items():
                t = time.perf_counter()
                answer = getattr(network, analytic)(store).as_dict()
                times.setdefault((analytic, name), []).append(time.perf_counter() - t)
                answers[(analytic, name)] = answer
    for analytic in NETWORK_ANALYTICS:
        row = {name: round(statistics.median(times[(analytic, name)]), 2) for name in stores}
        row["read"] = {name: answers[(analytic, name)]["read"] for name in stores}
        if len(stores) == 2:
            a, b = ({k: v for k, v in answers[(analytic, name)].items() if k != "read"} for name in stores)
            row["same_answers"] = a == b
            row["neo4j_over_networkx"] = round(row["neo4j"] / row["networkx"], 2)
        out[analytic] = row
    # the read alone: what streaming the part costs against reading it from memory
    for name, store in stores.items():
        samples = []
        for _ in range(repeat):
            t = time.perf_counter()
            network.load_network(store, evidence=False)
            samples.append(time.perf_counter() - t)
        out.setdefault("read_part", {})[name] = round(statistics.median(samples), 2)
    return out


def print_network(r: dict) -> None:
    print(f"\n[network analytics] {r['network']}; median of {r['repeat']}, seconds")
    names = [k for k in r["read_part"]]
    print(f"  {'analytic':12s} " + " ".join(f"{n:>9s}" for n in names) + "  ratio  same answers")
    for analytic in NETWORK_ANALYTICS:
        row = r[analytic]
        print(f"  {analytic:12s} " + " ".join(f"{row[n]:9.2f}" for n in names)
              + f"  {row.get('neo4j_over_networkx', ''):>5}  {row.get('same_answers', '')}")
    print(f"  {'read part':12s} " + " ".join(f"{r['read_part'][n]:9.2f}" for n in names))
    sys.stdout.flush()


@contextmanager
def neo4j_for_bench(args):
    """(driver, local home or None, launcher home) of the server to measure, stopped afterwards."""
    from neo4j import GraphDatabase

    from graph import neo4j_server as ns

    home = server_home = None
    if args.neo4j_uri:
        uri, password = args.neo4j_uri, args.neo4j_password
    else:
        home = Path(tempfile.mkdtemp(prefix="liantu-bench-neo4j-"))
        os.environ.setdefault("LIANTU_NEO4J_HEAP", "2g")
        os.environ.setdefault("LIANTU_NEO4J_PAGECACHE", "1g")  # the 1M-edge store fits
        # reuse the default home's Maven build when it is free; a fresh home costs a rebuild
        server_home = None if ns.status() is None else home / "home"
        info = ns.start(home=server_home, port=free_port(), password="liantu-bench",
                        data_dir=home / "data", timeout=600)
        uri, password = info.uri, info.password
    driver = GraphDatabase.driver(uri, auth=("neo4j", password))
    try:
        yield driver, home, server_home
    finally:
        driver.close()
        if home is not None:
            ns.stop(home=server_home)
            shutil.rmtree(home, ignore_errors=True)


def bench_neo4j(entities, relations, hubs, pairs, args) -> dict:
    from graph.neo4j_store import Neo4jStore

    with neo4j_for_bench(args) as (driver, home, server_home):
        store = Neo4jStore(driver, "neo4j")
        store.clear()
        network_result = None
        if args.network_people:
            network_result = bench_network({"networkx": NetworkxStore(), "neo4j": store}, args.network_people,
                                           args.network_repeat)
            print_network(network_result)
            store.clear()
        if home is not None and args.load == "import":
            from graph.export import GraphDump
            from graph.neo4j_bulk import import_into_local_server

            t = time.perf_counter()
            data = GraphDump(entities=[e.as_dict() for e in entities], relations=[r.as_dict() for r in relations])
            dump_s = time.perf_counter() - t
            stages = import_into_local_server(data, driver, home=server_home, workdir=home)
            load_s = time.perf_counter() - t
            counts = store.counts()
            result = {"nodes": sum(counts["entities"].values()), "edges": sum(counts["relations"].values()),
                      "load": "neo4j-admin database import", "load_s": round(load_s, 1),
                      "load_stages_s": {"dump": round(dump_s, 1), **stages}, "edges_per_s": round(len(relations) / load_s)}
        else:
            t = time.perf_counter()
            for batch in _batches(entities, args.batch):
                store.upsert_entities(batch)
            entities_s = time.perf_counter() - t
            t = time.perf_counter()
            for batch in _batches(relations, args.batch):
                store.upsert_relations(batch)
            relations_s = time.perf_counter() - t
            counts = store.counts()
            result = {"nodes": sum(counts["entities"].values()), "edges": sum(counts["relations"].values()),
                      "load": f"transactions of {args.batch} rows", "load_entities_s": round(entities_s, 1),
                      "load_relations_s": round(relations_s, 1), "load_s": round(entities_s + relations_s, 1),
                      "edges_per_s": round(len(relations) / relations_s)}
        result |= measure_queries(store, hubs, pairs, warmup_workload(entities, relations))
        if network_result is not None:
            result["network_analytics"] = network_result
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.graph_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=200_000)
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100, help="queries per measurement")
    parser.add_argument("--neo4j-scale", type=float, default=1.0,
                        help="Neo4j gets this share of the graph (load time on small machines)")
    parser.add_argument("--no-neo4j", action="store_true")
    parser.add_argument("--neo4j-uri", default=None)
    parser.add_argument("--neo4j-password", default="liantu-dev")
    parser.add_argument("--batch", type=int, default=5_000, help="rows per Neo4j write transaction")
    parser.add_argument("--load", choices=("import", "transactions"), default="import",
                        help="how to fill the local Neo4j server (a --neo4j-uri server: transactions)")
    parser.add_argument("--network-people", type=int, default=12_000,
                        help="people in the synthetic 侨商 network the analytics are timed on (0: skip)")
    parser.add_argument("--network-repeat", type=int, default=3, help="rounds of the network analytics")
    parser.add_argument("--only-network", action="store_true",
                        help="time only the network analytics (no large graph)")
    parser.add_argument("--json", dest="json_out", default=None, help="also write the results to this file")
    args = parser.parse_args(argv)

    if args.only_network:
        if args.no_neo4j:
            result = bench_network({"networkx": NetworkxStore()}, args.network_people, args.network_repeat)
        else:
            from graph.neo4j_store import Neo4jStore

            with neo4j_for_bench(args) as (driver, _, _):
                store = Neo4jStore(driver, "neo4j")
                store.clear()
                result = bench_network({"networkx": NetworkxStore(), "neo4j": store}, args.network_people,
                                       args.network_repeat)
        print_network(result)
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
        return 0

    t = time.perf_counter()
    entities, relations = synthetic_graph(args.nodes, args.edges)
    gen_s = time.perf_counter() - t
    hubs, pairs, top = workload(entities, relations, args.queries)
    results = {"graph": {"nodes": len(entities), "edges": len(relations), "generate_s": round(gen_s, 1),
                         "top_degrees": top},
               "bar_ms": BAR_MS, "cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()}
    print(f"synthetic graph: {len(entities):,} nodes, {len(relations):,} edges in {gen_s:.1f} s; "
          f"top degrees {top}", flush=True)
    with tempfile.TemporaryDirectory(prefix="liantu-bench-") as tmp:
        results["networkx"] = bench_embedded(entities, relations, hubs, pairs, Path(tmp))
    print_backend("networkx", results["networkx"])
    if not args.no_neo4j:
        if args.neo4j_scale < 1.0:
            ne, nr = synthetic_graph(int(args.nodes * args.neo4j_scale), int(args.edges * args.neo4j_scale))
            nh, np_, _ = workload(ne, nr, args.queries)
            # the embedded store on the same smaller graph, for a like-for-like comparison
            with tempfile.TemporaryDirectory(prefix="liantu-bench-") as tmp:
                results["networkx_at_neo4j_size"] = bench_embedded(ne, nr, nh, np_, Path(tmp))
            print_backend("networkx (Neo4j's size)", results["networkx_at_neo4j_size"])
        else:
            ne, nr, nh, np_ = entities, relations, hubs, pairs
        results["neo4j"] = bench_neo4j(ne, nr, nh, np_, args)
        print_backend("neo4j", results["neo4j"])
    nx95 = max(results["networkx"]["neighbourhood_2hop_limit500"]["p95"],
               results["networkx"]["shortest_path_k1"]["p95"])
    results["bar_met"] = nx95 <= BAR_MS
    results["load_average_at_end"] = os.getloadavg()
    print(f"bar: embedded p95 <= {BAR_MS:.0f} ms: {'met' if results['bar_met'] else 'MISSED'} ({nx95} ms); "
          f"load average {results['load_average_at_start'][0]:.1f} at start, "
          f"{results['load_average_at_end'][0]:.1f} at end on {os.cpu_count()} CPUs")
    if "neo4j" in results:
        neo = results["neo4j"]
        bars = {q: (neo[q]["p95"], bar) for q, bar in NEO4J_BARS.items()}
        load_bar = NEO4J_LOAD_BAR_S * len(nr) / 1_000_000
        bars["load_s"] = (neo["load_s"], round(load_bar, 1))
        results["neo4j_bars"] = {k: {"value": v, "bar": b, "met": v <= b} for k, (v, b) in bars.items()}
        print("bars on Neo4j: " + "; ".join(f"{k} {v} <= {b}: {'met' if v <= b else 'MISSED'}"
                                             for k, (v, b) in bars.items()))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def print_backend(name: str, r: dict) -> None:
    queries = ("neighbourhood_2hop_limit500", "shortest_path_k1", "shortest_paths_k3", "find_entities_prefix")
    figures = {k: v for k, v in r.items() if k not in queries}
    print(f"\n[{name}] {figures}")
    for q in queries:
        print(f"  {q:28s} p50 {r[q]['p50']:8.2f} ms  p95 {r[q]['p95']:8.2f} ms  "
              f"(client CPU p50 {r[q]['cpu_p50']:7.2f}  p95 {r[q]['cpu_p95']:7.2f})  n={r[q]['n']}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
