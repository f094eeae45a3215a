"""Uploads for ingest: `POST /api/ingest` with one or more files, allowed only with the API token.

An upload is kept in the data directory under a name made from the uploaded file's name: the
same file again changes nothing, an edited file with the same name replaces its earlier version
and its facts, as `liantu ingest` does for an edited file on disk.
"""
from __future__ import annotations

import hashlib
import hmac
import threading

from flask import Blueprint, current_app, jsonify, request

from ingest.errors import LiantuError
from ingest.files import write_bytes_atomically
from liantu.services import Liantu

bp = Blueprint("api_ingest", __name__, url_prefix="/api")

UPLOAD_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".jsonl.gz")
DEFAULT_UPLOAD_LIMIT = 16 * 1024 * 1024


class AuthError(LiantuError):
    """A write without valid credentials."""

    status = 401


class ForbiddenError(LiantuError):
    """A write the configuration does not allow."""

    status = 403


class PayloadTooLargeError(LiantuError):
    status = 413


def _liantu() -> Liantu:
    return current_app.extensions["liantu"]


def check_write_token() -> None:
    """Allow a write only with `Authorization: Bearer <LIANTU_API_TOKEN>`; the API is read-only without one."""
    token = current_app.config.get("LIANTU_API_TOKEN") or _liantu().settings.api_token
    if not token:
        raise ForbiddenError("the API is read-only: uploads are enabled only when LIANTU_API_TOKEN is configured")
    header = request.headers.get("Authorization", "")
    if not header:
        raise AuthError("uploading needs the header 'Authorization: Bearer <token>'")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ForbiddenError("the API token in the Authorization header is not valid")


def _upload_suffix(filename: str) -> str:
    name = filename.lower()
    for suffix in sorted(UPLOAD_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    raise LiantuError(f"file {filename!r} has an unsupported type; upload one of {', '.join(UPLOAD_SUFFIXES)}")


def upload_name(filename: str, suffix: str) -> str:
    """Where an upload is kept: named by the uploaded file's name, so that uploading an edited file
    again replaces its earlier version (and its facts), and the same file twice changes nothing."""
    return hashlib.sha256(filename.strip().encode("utf-8")).hexdigest()[:16] + suffix


@bp.post("/ingest")
def ingest_upload():
    check_write_token()
    limit = int(current_app.config.get("LIANTU_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_LIMIT))
    if request.content_length is None:
        raise LiantuError("the upload needs a Content-Length header")
    if request.content_length > limit:
        raise PayloadTooLargeError(f"the upload is {request.content_length} bytes; at most {limit} bytes are accepted")
    files = request.files.getlist("file")
    if not files:
        raise LiantuError("no file in the upload: send multipart/form-data with one or more 'file' fields")
    liantu = _liantu()
    folder = liantu.settings.data_dir / "uploads"
    uploads = []
    for upload in files:
        name = upload.filename or ""
        suffix = _upload_suffix(name)
        data = upload.read()
        if not data:
            raise LiantuError(f"file {name!r} is empty")
        uploads.append((folder / upload_name(name, suffix), data, name))
    names = {str(path): name for path, _, name in uploads}
    with current_app.extensions["liantu_write_lock"]:
        folder.mkdir(parents=True, exist_ok=True)
        for path, data, _ in uploads:
            write_bytes_atomically(path, data)
        report = liantu.ingest([path for path, _, _ in uploads])
    status = 200 if report.ok else 422
    body = {"ok": report.ok, **report.as_dict(),
            "documents": list(dict.fromkeys(report.added + report.updated + report.unchanged))}
    # Name failures by the uploaded file, not by where the server keeps it.
    for failure in body["failed"]:
        for stored, name in names.items():
            failure["where"] = failure["where"].replace(stored, name)
    if not report.ok:
        body.update(error="nothing could be ingested", status=status)
    return jsonify(body), status


@bp.record_once
def _set_up(state) -> None:
    # One ingest at a time from uploads: the embedded stores have a single writer.
    state.app.extensions.setdefault("liantu_write_lock", threading.Lock())
