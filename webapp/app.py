"""The Flask app factory."""
from __future__ import annotations

from typing import Any, cast

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from liantu import Liantu, Settings

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(config: dict[str, Any] | None = None, liantu: Liantu | None = None) -> Flask:
    """Build the app; `config` may set LIANTU_DATA_DIR, LIANTU_GRAPH, LIANTU_API_TOKEN, TESTING."""
    app = Flask(__name__)
    app.config.update(JSON_AS_ASCII=False, MAX_CONTENT_LENGTH=64 * 1024 * 1024)
    cast(DefaultJSONProvider, app.json).ensure_ascii = False  # Flask's default provider
    if config:
        app.config.update(config)
    if liantu is None:
        settings = Settings()
        if app.config.get("LIANTU_DATA_DIR"):
            settings.data_dir = type(settings.data_dir)(app.config["LIANTU_DATA_DIR"])
        if app.config.get("LIANTU_GRAPH"):
            settings.graph_backend = app.config["LIANTU_GRAPH"]
        if app.config.get("LIANTU_API_TOKEN"):
            settings.api_token = app.config["LIANTU_API_TOKEN"]
        liantu = Liantu(settings)
    app.extensions["liantu"] = liantu
    from liantu.answers import Suggester

    app.extensions["liantu_suggester"] = Suggester()

    from webapp import api, api_chains, api_entities, api_ingest, api_network, api_search, briefs, digest_views, pages

    api.init_app(app)
    pages.init_app(app)
    for module in (api_search, api_entities, api_ingest, api_chains, api_network, digest_views, briefs):
        app.register_blueprint(module.bp)

    @app.before_request
    def pick_up_new_data():
        liantu.refresh()

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app
