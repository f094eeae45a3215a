"""The Flask web app, the JSON API and the `liantu` command line: where the pieces meet."""
from webapp.app import create_app
from webapp.services import Liantu, Settings

__all__ = ["create_app", "Liantu", "Settings"]
