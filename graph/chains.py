"""Chain-gap analysis: which links of an industry chain a region has, lacks or holds only weakly.

The parts live in their own modules; this one gathers what callers use:
- `chain_terms`: finding a chain by name, link terms in text, the part of a sentence about one entity;
- `chain_places`: the place of each project and enterprise (stated, park, name, investor, article);
- `chain_map`: the region map of one chain (attachments to links, places, investors), built once;
- `chain_status`: the stage of a project and the status rules of a link;
- `chain_queries`: view, gaps, 延链 and comparisons over a map; `chain_candidates`: candidates;
- `chain_analyser`: a long-lived answerer that reuses maps and reports.
Reports are data; their Chinese sentences and table rows are written by the CLI and the pages.
"""
from graph.chain_analyser import ChainAnalyser
from graph.chain_candidates import candidate_key, chain_candidates, gather_candidates
from graph.chain_map import MAPPING_TYPES, Attachment, ChainMap, build_chain_map, newest_document_date
from graph.chain_places import Placement
from graph.chain_queries import (
                                 ChainQueryError,
                                 RegionScope,
                                 chain_compare,
                                 chain_extension,
                                 chain_gaps,
                                 chain_view,
                                 find_region,
                                 investment_totals,
                                 list_chains,
)
from graph.chain_status import (
                                 ADVANCED_STAGES,
                                 DEFAULT_STALE_DAYS,
                                 DEFAULT_STRONG_MIN,
                                 STAGE_ORDER,
                                 STATUSES,
                                 link_status,
                                 project_status,
)
from graph.chain_terms import TermMatcher, find_chain, window

__all__ = ["ADVANCED_STAGES", "MAPPING_TYPES", "Attachment", "ChainAnalyser", "ChainMap", "ChainQueryError", "DEFAULT_STALE_DAYS",
           "DEFAULT_STRONG_MIN", "Placement", "RegionScope", "STAGE_ORDER", "STATUSES",
           "TermMatcher", "build_chain_map", "candidate_key", "chain_candidates", "chain_compare",
           "chain_extension", "chain_gaps", "chain_view", "find_chain", "find_region", "gather_candidates",
           "investment_totals", "link_status", "list_chains", "newest_document_date", "project_status", "window"]
