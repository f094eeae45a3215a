"""Where the pieces meet: the settings, the assembled service (`Liantu`) and the `liantu` command line.

`liantu.settings` and `liantu.services` sit above `ingest`, `graph` and `search`; the web app
(`webapp`) builds on them, and `liantu.cli` sits on top of both.
"""
from liantu.services import Liantu
from liantu.settings import Settings, default_data_dir

__all__ = ["Liantu", "Settings", "default_data_dir"]
