"""Timings of the 侨商 network analytics on a synthetic network of about 20,000 actors.

Run from the project root: `python -m bench.network_bench [--people 12000] [--repeat 3]`.
The network is generated (seeded) straight into an in-memory networkx store, so the figures
cover fetching through the store protocol plus the networkx computation.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import time

from corpus.lexicon import load_lexicon
from graph import network
from graph.network.centrality import brandes
from graph.networkx_store import NetworkxStore
from ingest.model import Entity, Evidence, Relation
from ingest.resolve import region_entity

COUNTRIES = ("PH", "ID", "MY", "SG", "TH", "MM", "US", "81")


def _ev(i: int, text: str) -> list[Evidence]:
    return [Evidence(f"doc{i % 5000:05d}", text, 0, len(text), "rule", 0.9)]


def synthetic_network(store, people: int = 12000, orgs: int = 3000, enterprises: int = 5000,
                      projects: int = 2000, events: int = 50, planted: int = 20, seed: int = 7) -> dict[str, int]:
    """Write a seeded synthetic 侨商 network into `store`; returns counts of what was written.

    `planted` of the people (`Person:侨领<i>`) belong to 25 associations each across hometowns
    and countries: brokers by construction, which betweenness should find.
    """
    rng = random.Random(seed)
    lex = load_lexicon()
    counties = sorted(c for c, e in lex.regions.items() if e.level == "county" and c.startswith("3505"))
    towns = sorted(c for c, e in lex.regions.items() if e.level == "town" and c[:6] in counties)
    places = counties + towns
    regions = {c: region_entity(lex.regions[c]) for c in (*places, *COUNTRIES)}
    store.upsert_entities(regions.values())
    ents, rels = [], []
    org_theme = []
    for i in range(orgs):
        home, country = rng.choice(counties), rng.choice(COUNTRIES)
        org_theme.append((home, country))
        ents.append(Entity(f"Org:同乡会{i}", "Org", f"{lex.regions[country].name}{lex.regions[home].name}同乡会{i}"))
        rels.append(Relation("LOCATED_IN", f"Org:同乡会{i}", f"Region:{country}", evidence=_ev(i, "会馆位于")))
    by_theme: dict[tuple[str, str], list[int]] = {}
    for i, theme in enumerate(org_theme):
        by_theme.setdefault(theme, []).append(i)
    person_orgs: list[list[int]] = []
    for i in range(people):
        home_org = rng.randrange(orgs)
        home, country = org_theme[home_org]
        town = rng.choice([t for t in towns if t.startswith(home)] or [home])
        pid = f"Person:侨商{i}"
        ents.append(Entity(pid, "Person", f"侨商{i}", props={"hometown": town, "residence": country,
                                                             "roles": ["会员"]}))
        rels.append(Relation("HOMETOWN", pid, f"Region:{town}", evidence=_ev(i, "祖籍")))
        rels.append(Relation("RESIDES_IN", pid, f"Region:{country}", evidence=_ev(i, "旅居")))
        mine = [home_org] + [rng.choice(by_theme[org_theme[home_org]]) for _ in range(rng.randint(0, 1))]
        if rng.random() < 0.15:
            mine.append(rng.randrange(orgs))  # a tie outside the home group: the raw material of brokers
        person_orgs.append(sorted(set(mine)))
        for o in person_orgs[-1]:
            rels.append(Relation("LEADS" if rng.random() < 0.05 else "MEMBER_OF", pid, f"Org:同乡会{o}",
                                 evidence=_ev(i, "担任")))
    for i in range(planted):
        pid = f"Person:侨领{i}"
        ents.append(Entity(pid, "Person", f"侨领{i}", props={"residence": rng.choice(COUNTRIES)}))
        for o in rng.sample(range(orgs), 25):
            rels.append(Relation("MEMBER_OF", pid, f"Org:同乡会{o}", evidence=_ev(i, "名誉会长")))
    org_people: dict[int, list[int]] = {}
    for p, os_ in enumerate(person_orgs):
        for o in os_:
            org_people.setdefault(o, []).append(p)
    for p in range(people):
        peers = org_people[person_orgs[p][0]]
        for _ in range(2):
            q = rng.choice(peers)
            if q != p:
                rels.append(Relation("CO_MENTIONED", f"Person:侨商{min(p, q)}", f"Person:侨商{max(p, q)}",
                                     evidence=_ev(p, "同时出席")))
    for i in range(enterprises):
        eid = f"Enterprise:企业{i}"
        ents.append(Entity(eid, "Enterprise", f"企业{i}"))
        rels.append(Relation("LEADS", f"Person:侨商{rng.randrange(people)}", eid, evidence=_ev(i, "董事长")))
        if rng.random() < 0.3:
            rels.append(Relation("SHAREHOLDER_OF", f"Person:侨商{rng.randrange(people)}", eid,
                                 evidence=_ev(i, "股东")))
    for i in range(projects):
        pid = f"Project:项目{i}"
        ents.append(Entity(pid, "Project", f"项目{i}", props={"investment_yi": round(rng.uniform(0.5, 50), 2),
                                                           "currency": "CNY", "region": rng.choice(counties)}))
        for _ in range(rng.randint(1, 2)):
            rels.append(Relation("INVESTS_IN", f"Enterprise:企业{rng.randrange(enterprises)}", pid,
                                 evidence=_ev(i, "投资")))
        if rng.random() < 0.2:
            rels.append(Relation("DONATES_TO", f"Person:侨商{rng.randrange(people)}", pid, evidence=_ev(i, "捐资")))
    for i in range(events):
        vid = f"Event:大会{i}"
        ents.append(Entity(vid, "Event", f"大会{i}"))
        for p in rng.sample(range(people), rng.randint(5, 40)):
            rels.append(Relation("ATTENDED", f"Person:侨商{p}", vid, evidence=_ev(i, "出席")))
    store.upsert_entities(ents)
    store.upsert_relations(rels)
    return {"actors": people + planted + orgs + enterprises, "entities": len(ents) + len(regions), "relations": len(rels)}


def _time(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _compare_brandes(g, sources: int = 10) -> None:
    """Time betweenness from the same sampled sources with networkx and with ours, side by side."""
    import random

    from networkx.algorithms.centrality.betweenness import _accumulate_basic, _single_source_shortest_path_basic

    connected = network.connected_part(g)
    nodes = list(connected)
    index = {n: i for i, n in enumerate(nodes)}
    adjacency = [[index[m] for m in connected[n]] for n in nodes]
    picked = random.Random(1).sample(range(len(nodes)), sources)
    start = time.perf_counter()
    ours = brandes(adjacency, picked)
    t_ours = (time.perf_counter() - start) / sources
    start = time.perf_counter()
    theirs = dict.fromkeys(connected, 0.0)
    for i in picked:
        stack, preds, sigma, _ = _single_source_shortest_path_basic(connected, nodes[i])
        theirs, _ = _accumulate_basic(theirs, stack, preds, sigma, nodes[i])
    t_nx = (time.perf_counter() - start) / sources
    same = all(abs(ours[i] - theirs[n]) < 1e-9 for i, n in enumerate(nodes))
    print(f"betweenness per source: networkx {t_nx * 1000:.0f} ms, ours {t_ours * 1000:.0f} ms "
          f"({t_nx / t_ours:.1f}x; identical values: {same})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=12000)
    parser.add_argument("--orgs", type=int, default=3000)
    parser.add_argument("--enterprises", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--accuracy", type=int, default=0, metavar="K",
                        help="Also compare the sampled top-20 brokers with a reference from K sampled sources.")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    store = NetworkxStore()
    start = time.perf_counter()
    sizes = synthetic_network(store, args.people, args.orgs, args.enterprises)
    print(f"synthetic network: {sizes} built in {time.perf_counter() - start:.1f} s")
    data = network.load_network(store)
    g = network.actor_projection(data)
    print(f"projection: {g.number_of_nodes()} actors, {g.number_of_edges()} ties")
    cases = [
        ("load_network", lambda: network.load_network(store)),
        ("brokers", lambda: network.brokers(store)),
        ("brokers --country PH", lambda: network.brokers(store, country="菲律宾")),
        ("brokers --hometown 晋江", lambda: network.brokers(store, hometown="晋江")),
        ("communities", lambda: network.communities(store)),
        ("countries", lambda: network.countries(store)),
        ("flows", lambda: network.flows(store)),
        ("ego 侨商1 --hops 2", lambda: network.ego(store, "侨商1", hops=2)),
        ("paths 侨商1 侨商2", lambda: network.paths(store, "侨商1", "侨商2")),
    ]
    print(f"{'analytic':28} {'median s':>9}  notes (median of {args.repeat})")
    for name, fn in cases:
        seconds, result = _time(fn, args.repeat)
        d = result.as_dict() if hasattr(result, "as_dict") else {}
        note = ""
        if "approximate" in d:
            note = f"approximate={d['approximate']} samples={d['samples']} nodes={d['nodes'] if 'nodes' in d else ''}"
        elif "modularity" in d:
            note = f"{len(d['communities'])} communities (+{d['omitted']} omitted), modularity {d['modularity']:.3f}"
        print(f"{name:28} {seconds:9.2f}  {note}")
    _compare_brandes(g)
    if args.accuracy:
        import networkx as nx

        connected = network.connected_part(g)
        sampled = network.betweenness(connected).values
        start = time.perf_counter()
        reference = nx.betweenness_centrality(connected, k=args.accuracy, seed=network.SEED + 1)
        seconds = time.perf_counter() - start
        top = [n for n, _ in sorted(sampled.items(), key=lambda kv: -kv[1])[:20]]
        ref = [n for n, _ in sorted(reference.items(), key=lambda kv: -kv[1])[:20]]
        print(f"top-20 brokers shared with a {args.accuracy}-source networkx reference ({seconds:.1f} s): "
              f"{len(set(top) & set(ref))}/20; top-5 shared: {len(set(top[:5]) & set(ref[:5]))}/5")
    planted = {f"Person:侨领{i}" for i in range(20)}
    top = [r["id"] for r in network.brokers(store, limit=20).as_dict()["brokers"]]
    print(f"planted brokers among the sampled top 20: {len(planted & set(top))}/20")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
