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
from collections.abc import Callable, Iterable, Mapping, Set

# nodes -> {node: neighbour ids} (undirected, already filtered by relation type)
Expand = Callable[[list[str]], Mapping[str, Iterable[str]]]


def neighbourhood_order(start: str, hops: int, limit: int, expand: Expand,
                        accept: Callable[[str], bool] | None = None, chunk: int = 256) -> tuple[list[str], bool]:
    """Node ids within `hops` of `start` in breadth-first order, and whether `limit` cut it short.

    Nodes that `accept` refuses (a label filter) are neither listed nor walked through; `start`
    is always first. `expand` is asked about at most `chunk` nodes at a time.
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
                fresh = set(adjacency.get(node, ())) - seen
                if accept is not None:
                    fresh = {n for n in fresh if accept(n)}
                room = limit - len(order)
                if len(fresh) > room:
                    order.extend(heapq.nsmallest(room, fresh))
                    return order, True
                fresh_sorted = sorted(fresh)
                seen.update(fresh_sorted)
                order.extend(fresh_sorted)
                following.extend(fresh_sorted)
        level = following
        depth += 1
    return order, False


class AdjacencyCache:
    """Undirected adjacency fetched on demand, a batch of nodes at a time, and kept."""

    def __init__(self, expand: Expand) -> None:
        self._expand = expand
        self._known: dict[str, Set[str]] = {}

    def prefetch(self, nodes: Iterable[str]) -> None:
        missing = [n for n in nodes if n not in self._known]
        if missing:
            found = self._expand(missing)
            for n in missing:
                near = found.get(n, ())
                self._known[n] = near if isinstance(near, Set) else frozenset(near)

    def __getitem__(self, node: str) -> Set[str]:
        if node not in self._known:
            self.prefetch([node])
        return self._known[node]


def _edge(u: str, v: str) -> tuple[str, str]:
    return (u, v) if u <= v else (v, u)


def first_shortest_path(source: str, target: str, max_len: int, adj: AdjacencyCache,
                        banned_nodes: Set[str] = frozenset(),
                        banned_edges: Set[tuple[str, str]] = frozenset()) -> list[str] | None:
    """The shortest path from source to target that comes first by node ids, or None.

    Bidirectional breadth-first search by whole levels, always growing the smaller frontier:
    when the two balls first meet, at radii a and b, the distance is exactly a + b and the
    meeting nodes are at distance a from the source and b from the target. Walking back from
    them marks the source-side nodes on shortest paths; a greedy walk that always takes the
    smallest id among the nodes still on a shortest path gives the lexicographically first one.
    """
    if source == target:
        return [source]
    if max_len < 1:
        return None
    cut: dict[str, set[str]] = {}
    for u, v in banned_edges:
        cut.setdefault(u, set()).add(v)
        cut.setdefault(v, set()).add(u)

    def allowed(u: str) -> Set[str]:
        return adj[u] - cut[u] if u in cut else adj[u]

    def grow(front: set[str], visited: set[str]) -> set[str]:
        adj.prefetch(front)
        new = set().union(*(allowed(u) for u in front))
        new -= visited
        if banned_nodes:
            new -= banned_nodes
        visited |= new
        return new

    layers_s, layers_t = [{source}], [{target}]
    seen_s, seen_t = {source}, {target}
    meet: set[str] = set()
    while layers_s[-1] and layers_t[-1] and (len(layers_s) - 1) + (len(layers_t) - 1) < max_len:
        if len(layers_s[-1]) <= len(layers_t[-1]):
            layers_s.append(grow(layers_s[-1], seen_s))
            meet = layers_s[-1] & seen_t
        else:
            layers_t.append(grow(layers_t[-1], seen_t))
            meet = layers_t[-1] & seen_s
        if meet:
            break
    if not meet:
        return None
    a, b = len(layers_s) - 1, len(layers_t) - 1
    dist = a + b
    # on_path[i]: nodes at distance i from the source that continue along a shortest path
    on_path: list[set[str]] = [set() for _ in range(a + 1)]
    on_path[a] = meet & layers_s[a]
    for i in range(a - 1, -1, -1):
        adj.prefetch(on_path[i + 1])
        for w in on_path[i + 1]:
            on_path[i] |= layers_s[i] & allowed(w)
    path = [source]
    for i in range(dist):
        u = path[-1]
        ahead = on_path[i + 1] if i < a else layers_t[dist - i - 1]
        path.append(min(ahead & allowed(u)))
    return path


# (source, target, max edges, banned nodes, banned edges as sorted pairs) -> first shortest path or None
Spur = Callable[[str, str, int, Set[str], Set[tuple[str, str]]], "list[str] | None"]


def k_shortest_paths(source: str, target: str, k: int, max_hops: int, expand: Expand | None = None,
                     spur: Spur | None = None) -> list[list[str]]:
    """The first k simple paths by (length, node ids), each at most `max_hops` edges (Yen's method).

    Each spur is a `first_shortest_path` over `expand`'s adjacency, unless `spur` answers it
    (a store that finds such a path in one query); the answers are the same either way.
    """
    if source == target or k < 1:
        return []
    if spur is None:
        if expand is None:
            raise ValueError("k_shortest_paths needs `expand` or `spur`")
        adj = AdjacencyCache(expand)

        def spur(s, t, max_len, banned_nodes, banned_edges):
            return first_shortest_path(s, t, max_len, adj, banned_nodes, banned_edges)

    first = spur(source, target, max_hops, frozenset(), frozenset())
    if first is None:
        return []
    found = [first]
    candidates: list[tuple[int, tuple[str, ...]]] = []
    queued = {tuple(first)}
    while len(found) < k:
        last = found[-1]
        for i in range(len(last) - 1):
            root = last[:i + 1]
            if max_hops - i < 1:
                continue
            banned_edges = {_edge(p[i], p[i + 1]) for p in found if len(p) > i + 1 and p[:i + 1] == root}
            spur_path = spur(last[i], target, max_hops - i, set(root[:-1]), banned_edges)
            if spur_path is None:
                continue
            path = tuple(root[:-1] + spur_path)
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
