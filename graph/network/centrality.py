"""Betweenness of the actor projection: exact on small graphs, from seeded sampled sources on large
ones, with Brandes' accumulation over lists of int ids."""
from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.network.common import SEED

# Exact betweenness up to this many actors; above it, as many sampled sources as fit the budget
# of node+edge visits, and never fewer than MIN_SAMPLES.
EXACT_BETWEENNESS_LIMIT = 1500
BETWEENNESS_BUDGET = 8_000_000
MIN_SAMPLES = 32


@dataclass
class Centrality:
    """Betweenness of the actors of a graph, with how it was computed."""

    values: dict[str, float]
    approximate: bool
    samples: int | None
    nodes: int
    edges: int


def betweenness(g: nx.Graph) -> Centrality:
    """Normalised betweenness (in hops): exact on small graphs, from seeded sampled sources on large ones.

    Equal to `nx.betweenness_centrality(g, normalized=True)` when exact; sampled values are
    scaled by n/k as networkx does.
    """
    n, m = g.number_of_nodes(), g.number_of_edges()
    nodes = list(g)
    sources: Iterable[int]
    if n <= EXACT_BETWEENNESS_LIMIT:
        sources, k, approximate = range(n), None, False
    else:
        k = min(n, max(MIN_SAMPLES, BETWEENNESS_BUDGET // (n + m)))
        sources, approximate = random.Random(SEED).sample(range(n), k), True
    index = {node: i for i, node in enumerate(nodes)}
    adjacency = [[index[other] for other in g[node]] for node in nodes]
    raw = brandes(adjacency, sources)
    scale = (1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0) * (n / k if k else 1.0)
    return Centrality({node: raw[i] * scale for i, node in enumerate(nodes)}, approximate, k, n, m)


def brandes(adjacency: list[list[int]], sources: Iterable[int]) -> list[float]:
    """Brandes' betweenness accumulation from `sources` over an unweighted graph of int ids.

    The same algorithm as networkx's, on lists instead of dicts: about 3x faster, which buys
    three times as many sampled sources in the same time on large networks.
    """
    n = len(adjacency)
    total = [0.0] * n
    for s in sources:
        sigma = [0] * n
        dist = [-1] * n
        sigma[s], dist[s] = 1, 0
        order = [s]
        i = 0
        while i < len(order):  # breadth-first, counting shortest paths
            v = order[i]
            i += 1
            dv, sv = dist[v] + 1, sigma[v]
            for w in adjacency[v]:
                dw = dist[w]
                if dw < 0:
                    dist[w] = dv
                    sigma[w] = sv
                    order.append(w)
                elif dw == dv:
                    sigma[w] += sv
        delta = [0.0] * n
        for w in reversed(order):  # dependencies, farthest first
            dw = dist[w] - 1
            coeff = (1.0 + delta[w]) / sigma[w]
            for v in adjacency[w]:
                if dist[v] == dw:
                    delta[v] += sigma[v] * coeff
            if w != s:
                total[w] += delta[w]
    return total
