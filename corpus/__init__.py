"""Bundled data: sample documents and the domain lexicon, with loaders for them.

Nothing here imports the rest of liantu. The lexicon is read from tab-separated files in
`corpus/data/` (lines starting with `#` are comments); see `corpus/data/README.md` for
their formats.
"""
from corpus.chains import ChainDef, ChainFormatError, LinkDef, load_chains
from corpus.frames import FrameCues, FrameCuesError, load_frames
from corpus.lexicon import EnterpriseEntry, HomeRegionError, Lexicon, RegionEntry, home_setting, load_lexicon
from corpus.samples import sample_paths

__all__ = ["ChainDef", "FrameCues", "FrameCuesError", "load_frames", "ChainFormatError", "LinkDef", "load_chains",
           "HomeRegionError", "home_setting", "Lexicon", "RegionEntry", "EnterpriseEntry", "load_lexicon", "sample_paths"]
