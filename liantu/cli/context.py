"""What every command shares: the assembled `Liantu` handed down by the root group."""
from __future__ import annotations

import json

import click

from liantu.services import Liantu

pass_liantu = click.make_pass_decorator(Liantu)


def echo_json(data) -> None:
    """Print `data` as indented JSON with the Chinese left readable."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
