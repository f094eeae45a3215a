"""The traversal order both stores share, checked against brute force on random graphs."""
from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.traversal import k_shortest_paths, neighbourhood_order

NODES = [f"n{i:02d}" for i in range(9)]
edges = st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(NODES)), max_size=25)


def undirected(pairs) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(NODES)
    g.add_edges_from(pairs)
    return g


@settings(max_examples=300, deadline=None)
@given(edges, st.sampled_from(NODES), st.sampled_from(NODES), st.integers(1, 6), st.integers(1, 6))
def test_k_shortest_paths_are_the_first_simple_paths_by_length_then_ids(pairs, s, t, k, max_hops):
    g = undirected(pairs)
    got = k_shortest_paths(s, t, k, max_hops, lambda part: {n: set(g[n]) for n in part})
    if s == t:
        assert got == []
        return
    every = sorted((len(p), p) for p in nx.all_simple_paths(g, s, t, cutoff=max_hops))
    assert got == [p for _, p in every[:k]]


@settings(max_examples=200, deadline=None)
@given(edges, st.sampled_from(NODES), st.integers(0, 4), st.integers(1, 9))
def test_neighbourhood_order_is_bfs_by_hop_then_id(pairs, start, hops, limit):
    g = undirected(pairs)
    order, truncated = neighbourhood_order(start, hops, limit,
                                           lambda part: {n: set(g[n]) for n in part})
    dist = nx.single_source_shortest_path_length(g, start, cutoff=hops)
    assert order[0] == start and len(order) == len(set(order)) <= max(limit, 1)
    assert [dist[n] for n in order] == sorted(dist[n] for n in order)
    assert truncated == (len(dist) > len(order))
    if not truncated:
        assert set(order) == set(dist)


def reference_order(g: nx.Graph, start: str, hops: int, limit: int, accept) -> tuple[list[str], bool]:
    """The definition, written the plain way: a queue, each node's neighbours sorted by id."""
    from collections import deque

    seen, order, queue = {start}, [start], deque([(start, 0)])
    while queue:
        node, depth = queue.popleft()
        if depth >= hops:
            continue
        for other in sorted(g[node]):
            if other in seen or not accept(other):
                continue
            if len(order) >= limit:
                return order, True
            seen.add(other)
            order.append(other)
            queue.append((other, depth + 1))
    return order, False


@settings(max_examples=300, deadline=None)
@given(edges, st.sampled_from(NODES), st.integers(0, 4), st.integers(1, 9), st.sets(st.sampled_from(NODES)),
       st.integers(1, 4))
def test_neighbourhood_order_matches_the_definition(pairs, start, hops, limit, refused, chunk):
    g = undirected(pairs)

    def accept(n):
        return n not in refused

    got = neighbourhood_order(start, hops, limit, lambda part: {n: set(g[n]) for n in part}, accept, chunk=chunk)
    assert got == reference_order(g, start, hops, limit, accept)
