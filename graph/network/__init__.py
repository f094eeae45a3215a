"""侨商 network analytics: ego networks, paths, brokers, communities, hometown flows, countries.

Every analytic reads the graph through the `GraphStore` protocol only (`graph_part`,
`get_entity`, `find_entities`, `neighbourhood`, `shortest_paths`) and computes in networkx, so
the embedded store and Neo4j give the same answers for the same data. Brokers, communities,
countries and flows read the part of the graph they need once (graph.network.read: on Neo4j one
streamed Cypher query) and say so under `read`. To make that hold for the
randomised algorithms too, every graph built here is assembled in sorted order and every
random choice uses the fixed seed `SEED`.

The actor projection (brokers, communities, countries) has one node per Person, Org and
Enterprise. Two actors are tied when
- a stated relation joins them (MEMBER_OF, LEADS, SHAREHOLDER_OF, PARTNER_OF, INVESTS_IN,
  DONATES_TO between actors): strength 1 each;
- they are co-mentioned (CO_MENTIONED): strength `CO_MENTION_WEIGHT` per piece of evidence;
- they take part in the same Project or Event (INVESTS_IN, DONATES_TO, ATTENDED): strength
  `SHARED_VENTURE_WEIGHT` per shared venture, for ventures with at most
  `MAX_VENTURE_PARTICIPANTS` participants (a mass event says little about who knows whom).
Betweenness counts shortest paths in hops over this graph (a weighted Dijkstra per source is
about twice the cost of a breadth-first search and the graph is meant to be ranked at 20k actors
in seconds); tie strength breaks ties between equally central actors, is reported as `strength`,
and is the edge weight of community detection (Louvain).

Hometowns roll up through the region hierarchy of the lexicon (a town counts for its county,
its city and its province); countries of residence roll up from foreign cities.

Modules: `common` (labels, relation types, weights, option bounds, entity lookup), `places`
(region roll-ups), `read` (one read of the graph part), `snapshot` (NetworkData and the actor
projection), `centrality` (betweenness), `views` (ego, paths), `actors` (brokers, communities,
countries) and `hometown_flows` (flows).
"""
from graph.network.actors import Brokers, Communities, Countries, brokers, communities, countries
from graph.network.centrality import Centrality, betweenness
from graph.network.common import (
                                  ACTOR_LABELS,
                                  MAX_HOPS,
                                  NETWORK_RELATIONS,
                                  OPTIONS,
                                  SEED,
                                  VENTURE_LABELS,
                                  Bound,
                                  NetworkQueryError,
                                  Resolved,
                                  default,
                                  resolve_entity,
                                  sorted_evidence,
)
from graph.network.hometown_flows import Flows, flows
from graph.network.places import resolve_place
from graph.network.read import describe
from graph.network.snapshot import PROJECTION_NOTE, NetworkData, actor_projection, connected_part, load_network
from graph.network.views import EgoNetwork, Paths, ego, paths

__all__ = ["ACTOR_LABELS", "MAX_HOPS", "NETWORK_RELATIONS", "OPTIONS", "PROJECTION_NOTE", "SEED", "VENTURE_LABELS",
           "Bound", "Brokers", "Centrality", "Communities", "Countries", "EgoNetwork", "Flows", "NetworkData",
           "NetworkQueryError", "Paths", "Resolved", "actor_projection", "betweenness", "brokers", "communities",
           "connected_part", "countries", "default", "describe", "ego", "flows", "load_network", "paths",
           "resolve_entity", "resolve_place", "sorted_evidence"]
