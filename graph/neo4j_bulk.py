"""First loads of a large graph into the local server with `neo4j-admin database import`.

Writing a million relations through transactions costs minutes; the offline importer writes
the store files directly. It can only fill an empty database of a stopped server, so this is
for the server `liantu neo4j start` runs (graph.neo4j_server), whose data directory, port and
password are known: the graph is written as the CSV export (graph.export), the server stopped,
the importer run on the launcher's own classpath, the server started again as it was, and then
the constraints and indexes are created (building them once over loaded data is cheaper than
keeping them up to date row by row).
"""
from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from graph import export, neo4j_server
from graph.neo4j_build import Neo4jServerError, classpath, home_path, java, tail

ADMIN_MAIN = "org.neo4j.cli.AdminTool"
IMPORT_TIMEOUT_SECONDS = 3600


class BulkLoadRefused(Neo4jServerError):
    """The bulk importer cannot be used here (no local server, or its database is not empty)."""


def local_server_for(uri: str, home: str | os.PathLike | None = None) -> neo4j_server.ServerInfo | None:
    """The launcher's running server if `uri` points at it, else None."""
    from graph.neo4j_local import _same_server

    info = neo4j_server.status(home=home)
    return info if info is not None and _same_server(uri, info.port) else None


def database_is_empty(driver, database: str = "neo4j") -> bool:
    """True when the database holds no node at all (not even a search index's)."""
    # a plain session: the driver's bookmarks would point past the import's fresh transaction log
    with driver.session(database=database) as session:
        return session.run("MATCH (n) RETURN count(n) AS n").single()["n"] == 0


def import_into_local_server(data: export.GraphDump, driver, home: str | os.PathLike | None = None,
                             workdir: str | os.PathLike | None = None) -> dict[str, Any]:
    """Load `data` into the empty database of the launcher's server with the offline importer.

    `driver` is connected to that server; it reconnects by itself once the server is back.
    The import starts a new transaction log: bookmarks taken before it are no longer valid.
    Returns the seconds each stage took. BulkLoadRefused when no launcher server runs from
    `home` or its database is not empty; Neo4jServerError when the import fails (the server
    is started again either way).
    """
    h = home_path(home)
    info = neo4j_server.status(home=h)
    if info is None:
        raise BulkLoadRefused(f"no local Neo4j server runs from {h}: start it with `liantu neo4j start`")
    if not database_is_empty(driver):
        raise BulkLoadRefused("the database is not empty; the offline importer only fills an empty one")
    timings: dict[str, Any] = {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="liantu-import-", dir=workdir) as tmp:
        folder = Path(tmp) / "csv"
        export.write_csv(data, folder)
        timings["csv_s"] = round(time.perf_counter() - start, 1)
        neo4j_server.stop(home=h)
        try:
            mark = time.perf_counter()
            _run_import(h, Path(info.data_dir), folder, Path(tmp))
            timings["import_s"] = round(time.perf_counter() - mark, 1)
        finally:
            mark = time.perf_counter()
            neo4j_server.start(home=h, port=info.port, password=info.password, data_dir=info.data_dir,
                               apoc=info.apoc)
            timings["restart_s"] = round(time.perf_counter() - mark, 1)
    mark = time.perf_counter()
    from graph.neo4j_store import Neo4jStore

    Neo4jStore(driver).ensure_schema()
    timings["schema_s"] = round(time.perf_counter() - mark, 1)
    timings["total_s"] = round(time.perf_counter() - start, 1)
    return timings


def _run_import(home: Path, data_dir: Path, folder: Path, workdir: Path) -> None:
    """Run `neo4j-admin database import full` into the stopped server's data directory."""
    conf = workdir / "conf"
    conf.mkdir()
    # the embedded server keeps databases under <data_dir>/data, Neo4j's default under NEO4J_HOME
    (conf / "neo4j.conf").write_text(f"server.directories.data={data_dir / 'data'}\n", encoding="utf-8")
    heap = os.environ.get("LIANTU_NEO4J_HEAP", "1g")
    cmd = [java(), f"-Xmx{heap}", "-cp", classpath(home), ADMIN_MAIN, *export.ADMIN_IMPORT,
           *export.csv_import_args(folder), "--report-file", str(workdir / "import.report"), "neo4j"]
    log = workdir / "import.log"
    env = dict(os.environ, NEO4J_HOME=str(data_dir), NEO4J_CONF=str(conf))
    with open(log, "wb") as out:
        out.write(("$ " + shlex.join(cmd) + "\n").encode())
        out.flush()
        try:
            proc = subprocess.run(cmd, cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                  stderr=subprocess.STDOUT, timeout=IMPORT_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            raise Neo4jServerError(f"neo4j-admin database import did not finish in {IMPORT_TIMEOUT_SECONDS} s") from exc
    if proc.returncode != 0:
        raise Neo4jServerError(f"neo4j-admin database import failed (exit {proc.returncode}):\n{tail(log)}")
