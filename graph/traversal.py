"""Traversal algorithms shared by every store, so that all backends give identical answers.

The stores only supply adjacency through a callback; the order of the answers is defined here:

- a neighbourhood lists nodes in breadth-first order: by hop, and within a hop by the order
  of the node they were reached from, then by id;
- the top-k shortest paths are the k simple paths (at most `max_hops` edges, edges taken as
  undirected) that come first by (number of edges, sequence of node ids).

Ids are compared as Python strings (code points).
"""
from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence

# nodes -> {node: [(neighbour, neighbour label), ...]} for each node asked about
LabelledExpand = Callable[[list[str]], Mapping[str, Iterable[tuple[str, str]]]]
# nodes -> {node: neighbours} (undirected, already filtered by relation type)
Expand = Callable[[list[str]], Mapping[str, Iterable[str]]]


def neighbourhood_order(start: str, hops: int, limit: int, labels: Sequence[str] | None,
                        expand: LabelledExpand, chunk: int = 256) -> tuple[list[str], bool]:
    """Node ids within `hops` of `start` in breadth-first order, and whether `limit` cut it short.

    Nodes whose label is not in `labels` are neither listed nor walked through; `start` is
    always first. `expand` is asked about at most `chunk` nodes at a time.
    """
    seen = {start}
    order = [start]
    level = [start]
    depth = 0
    while level and depth < hops:
        following: list[str] = []
        for i in range(0, len(level), chunk):
            part = level[i:i + chunk]
            adjacency = expand(part)
            for node in part:
                for other, label in sorted(set(adjacency.get(node, ()))):
                    if other in seen or (labels and label not in labels):
                        continue
                    if len(order) >= limit:
                        return order, True
                    seen.add(other)
                    order.append(other)
                    following.append(other)
        level = following
        depth += 1
    return order, False


class AdjacencyCache:
    """Undirected adjacency fetched on demand, a batch of nodes at a time, and kept."""

    def __init__(self, expand: Expand) -> None:
        self._expand = expand
        self._known: dict[str, frozenset[str]] = {}

    def prefetch(self, nodes: Iterable[str]) -> None:
        missing = [n for n in dict.fromkeys(nodes) if n not in self._known]
        if missing:
            found = self._expand(missing)
            for n in missing:
                self._known[n] = frozenset(found.get(n, ()))

    def __getitem__(self, node: str) -> frozenset[str]:
        if node not in self._known:
            self.prefetch([node])
        return self._known[node]


def _edge(u: str, v: str) -> tuple[str, str]:
    return (u, v) if u <= v else (v, u)


def first_shortest_path(source: str, target: str, max_len: int, adj: AdjacencyCache,
                        banned_nodes: frozenset[str] | set[str] = frozenset(),
                        banned_edges: frozenset[tuple[str, str]] | set[tuple[str, str]] = frozenset(),
                        ) -> list[str] | None:
    """The shortest path from source to target that comes first by node ids, or None.

    Bidirectional breadth-first search by whole levels: when the two balls first meet after
    radii a and b, the distance is exactly a + b, and the meeting nodes are those at distance a
    from the source and b from the target. Walking back from them marks the source-side nodes
    that lie on shortest paths; then a greedy walk that always takes the smallest allowed id
    gives the lexicographically first shortest path.
    """
    if source == target:
        return [source]
    if max_len < 1:
        return None

    def near(u: str) -> list[str]:
        return [v for v in adj[u] if v not in banned_nodes and _edge(u, v) not in banned_edges]

    dist_s, dist_t = {source: 0}, {target: 0}
    front_s, front_t = [source], [target]
    meet: list[str] = []
    a = b = 0  # radii of the two balls
    while front_s and front_t and a + b < max_len:
        if len(front_s) <= len(front_t):
            adj.prefetch(front_s)
            following = []
            for u in front_s:
                for v in near(u):
                    if v not in dist_s:
                        dist_s[v] = a + 1
                        following.append(v)
            front_s = following
            a += 1
            meet = [v for v in following if v in dist_t]
        else:
            adj.prefetch(front_t)
            following = []
            for u in front_t:
                for v in near(u):
                    if v not in dist_t:
                        dist_t[v] = b + 1
                        following.append(v)
            front_t = following
            b += 1
            meet = [v for v in following if v in dist_s]
        if meet:
            break
    if not meet:
        return None
    dist = a + b
    # on_path[i]: nodes at distance i from the source that continue along a shortest path
    on_path: list[set[str]] = [set() for _ in range(a + 1)]
    on_path[a] = {v for v in meet if dist_s[v] == a}
    for i in range(a - 1, -1, -1):
        adj.prefetch(on_path[i + 1])
        on_path[i] = {u for w in on_path[i + 1] for u in near(w) if dist_s.get(u) == i}
    path = [source]
    for i in range(dist):
        u = path[-1]
        if i < a:
            step = min(v for v in near(u) if v in on_path[i + 1])
        else:
            step = min(v for v in near(u) if dist_t.get(v) == dist - i - 1)
        path.append(step)
    return path


def k_shortest_paths(source: str, target: str, k: int, max_hops: int, expand: Expand) -> list[list[str]]:
    """The first k simple paths by (length, node ids), each at most `max_hops` edges (Yen's method)."""
    if source == target or k < 1:
        return []
    adj = AdjacencyCache(expand)
    first = first_shortest_path(source, target, max_hops, adj)
    if first is None:
        return []
    found = [first]
    candidates: list[tuple[int, tuple[str, ...]]] = []
    queued = {tuple(first)}
    while len(found) < k:
        last = found[-1]
        for i in range(len(last) - 1):
            root = last[:i + 1]
            banned_edges = {_edge(p[i], p[i + 1]) for p in found if len(p) > i + 1 and p[:i + 1] == root}
            spur = first_shortest_path(last[i], target, max_hops - i, adj, set(root[:-1]), banned_edges)
            if spur is None:
                continue
            path = tuple(root[:-1] + spur)
            if path not in queued:
                queued.add(path)
                heapq.heappush(candidates, (len(path), path))
        if not candidates:
            break
        found.append(list(heapq.heappop(candidates)[1]))
    return found


def pick_edge(u: str, edges: Iterable[dict]) -> dict:
    """The edge shown for one step of a path: most evidence first, then type, then u -> v first."""
    return min(edges, key=lambda e: (-len(e["evidence"]), e["type"], e["head"] != u))
