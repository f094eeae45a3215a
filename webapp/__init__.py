"""The Flask web app: pages, the JSON API and their static files."""
from webapp.app import create_app

__all__ = ["create_app"]
