"""Run a real Neo4j 5.26 Community server on 127.0.0.1 for development and CI, without Docker.

The server is the small embedded-DBMS launcher that graph.neo4j_build builds with Maven into a
launcher home (``~/.cache/liantu/neo4j-launcher`` unless ``LIANTU_NEO4J_HOME`` or ``home=``
says otherwise). One server runs per home; its log (``neo4j.log``), pid file (``neo4j.pid``)
and state (``server.json``: port, password, data directory; readable by its owner only) live
in the home, its database (and Neo4j's own ``logs/debug.log``) in ``data_dir`` (default
``<home>/data``). Without a password one is chosen at random and kept in the state, where
`liantu --graph neo4j` finds it (graph.neo4j_local). APOC Core is loaded unless
``LIANTU_NEO4J_APOC=off``.

    python -m graph.neo4j_server start [--port 7687] [--password PW] [--data-dir DIR]
    python -m graph.neo4j_server status
    python -m graph.neo4j_server stop

Pure standard library on purpose: importable before the project's dependencies are installed.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from graph.neo4j_build import (  # noqa: F401
    BUILD_LOG,
    BUILD_STAMP,
    LAUNCHER_DIR,
    SOURCES,
    Neo4jServerError,
    build,
    build_locked,
    classpath,
    default_home,
    home_path,
    java,
    locked,
    plugins_dir,
    tail,
)

__all__ = ["Neo4jServerError", "ServerInfo", "build", "default_home", "start", "status", "stop", "main"]

HOST = "127.0.0.1"
USER = "neo4j"
DEFAULT_PORT = 7687
MAIN_CLASS = "liantu.Neo4jLauncher"

LOG_FILE = "neo4j.log"
PID_FILE = "neo4j.pid"
STATE_FILE = "server.json"

STOP_GRACE_SECONDS = 60.0
# Heap via LIANTU_NEO4J_HEAP (e.g. "2g"); page cache via LIANTU_NEO4J_PAGECACHE (512m).
# Extra JVM options via LIANTU_NEO4J_JAVA_OPTS (shell-quoted).
JVM_OPTS = (
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:-OmitStackTraceInFastThrow",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)

# Popen objects of servers started by this process, so they can be reaped (no zombies).
_CHILDREN: dict[int, subprocess.Popen] = {}


@dataclasses.dataclass(frozen=True)
class ServerInfo:
    """Connection details of a running server."""

    uri: str
    user: str
    password: str
    pid: int
    home: str
    log_file: str
    data_dir: str = ""
    port: int = 0
    apoc: bool = False


def new_password() -> str:
    """A random password for a server started without one (kept in its 0600 state file)."""
    return "liantu-" + secrets.token_urlsafe(18)


def page_cache_mb() -> int:
    """Page cache of the server: $LIANTU_NEO4J_PAGECACHE ("512m", "2g"), 512 MB by default."""
    text = os.environ.get("LIANTU_NEO4J_PAGECACHE", "512m").strip().lower()
    m = re.fullmatch(r"(\d+)\s*([mg]?)b?", text)
    if not m:
        raise Neo4jServerError(f"LIANTU_NEO4J_PAGECACHE={text!r} is not a size such as 512m or 2g")
    return int(m.group(1)) * (1024 if m.group(2) == "g" else 1)


def apoc_wanted() -> bool:
    """Whether to load APOC Core: yes unless $LIANTU_NEO4J_APOC is off, 0, no or false."""
    return os.environ.get("LIANTU_NEO4J_APOC", "on").strip().lower() not in ("off", "0", "no", "false")


# ---------------------------------------------------------------- processes

def _alive(pid: int) -> bool:
    """True if pid is a live (non-zombie) Neo4j launcher process."""
    child = _CHILDREN.get(pid)
    if child is not None:
        if child.poll() is not None:
            _CHILDREN.pop(pid, None)
            return False
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    proc = Path("/proc") / str(pid)
    if proc.is_dir():
        try:
            stat = (proc / "stat").read_text()
            if stat.rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                return False
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            return False
        return MAIN_CLASS.encode() in cmdline  # guards against a reused pid
    return True


def _read_state(home: Path) -> dict | None:
    """Read the pid and state files of a home, or None if absent/corrupt."""
    try:
        pid = int((home / PID_FILE).read_text().strip())
        state = json.loads((home / STATE_FILE).read_text())
    except (OSError, ValueError):
        return None
    state["pid"] = pid
    return state


def _info(home: Path, state: dict) -> ServerInfo:
    """Build a ServerInfo from a home's state."""
    return ServerInfo(
        uri=f"bolt://{HOST}:{state['port']}",
        user=USER,
        password=state["password"],
        pid=int(state["pid"]),
        home=str(home),
        log_file=str(home / LOG_FILE),
        data_dir=str(state.get("data_dir", "")),
        port=int(state["port"]),
        apoc=bool(state.get("apoc", False)),
    )


def _clear_state(home: Path) -> None:
    """Remove the pid and state files of a home."""
    for name in (PID_FILE, STATE_FILE):
        (home / name).unlink(missing_ok=True)


def _port_in_use(port: int) -> bool:
    """True if something already accepts TCP connections on 127.0.0.1:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1.0)
        return s.connect_ex((HOST, port)) == 0


def _running(home: Path) -> ServerInfo | None:
    """Return the info of the live server of a home (no locking)."""
    state = _read_state(home)
    if state is None or not _alive(state["pid"]):
        return None
    return _info(home, state)


def status(home: str | os.PathLike | None = None) -> ServerInfo | None:
    """Return the info of the server running from this home, or None if none is running."""
    return _running(home_path(home))


def start(
    home: str | os.PathLike | None = None,
    port: int = DEFAULT_PORT,
    password: str | None = None,
    data_dir: str | os.PathLike | None = None,
    timeout: float = 300,
    apoc: bool | None = None,
) -> ServerInfo:
    """Build if needed, start the server in the background and wait until Bolt is ready.

    APOC Core is loaded when `apoc` says so (default: unless LIANTU_NEO4J_APOC is off).

    Without a password a random one is chosen; either way it is kept in the home's state file
    (mode 0600). A server already running from the home is returned as it is.
    """
    h = home_path(home)
    password = password or new_password()
    if len(password) < 8:
        raise Neo4jServerError("the Neo4j password must be at least 8 characters long")
    data = Path(data_dir).expanduser().resolve() if data_dir is not None else h / "data"
    with locked(h):
        running = _running(h)
        if running is not None:
            state = _read_state(h) or {}
            if int(state.get("port", -1)) != port or (
                data_dir is not None and state.get("data_dir") != str(data)
            ):
                raise Neo4jServerError(
                    f"a Neo4j server from {h} is already running (pid {running.pid}, {running.uri}, "
                    f"data {state.get('data_dir')}); stop it first or use another home "
                    "(LIANTU_NEO4J_HOME)"
                )
            return running
        _clear_state(h)
        java_bin = java()
        build_locked(h)
        if _port_in_use(port):
            raise Neo4jServerError(f"port {HOST}:{port} is already in use by another process")
        try:
            data.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise Neo4jServerError(f"cannot create the data directory {data}: {exc}") from exc
        return _launch(h, java_bin, port, password, data, timeout, apoc_wanted() if apoc is None else apoc)


def _launch(home: Path, java: str, port: int, password: str, data: Path, timeout: float, apoc: bool) -> ServerInfo:
    """Start the JVM detached and wait for its READY line."""
    log_file = home / LOG_FILE
    heap = os.environ.get("LIANTU_NEO4J_HEAP", "1g")
    extra = shlex.split(os.environ.get("LIANTU_NEO4J_JAVA_OPTS", ""))
    cmd = [
        java, f"-Xmx{heap}", *JVM_OPTS, *extra, "-cp", classpath(home, plugins=apoc), MAIN_CLASS,
        "--data-dir", str(data), "--port", str(port), "--pagecache-mb", str(page_cache_mb()),
        *(["--plugins", str(plugins_dir(home))] if apoc else []),
    ]
    env = dict(os.environ, LIANTU_NEO4J_PASSWORD=password)  # not on the command line: keeps it out of ps
    with open(log_file, "wb") as log:
        log.write(("$ " + shlex.join(cmd) + "\n").encode())
        log.flush()
        proc = subprocess.Popen(
            cmd, cwd=home, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, close_fds=True,
        )
    _CHILDREN[proc.pid] = proc
    state = {"port": port, "password": password, "data_dir": str(data), "apoc": apoc, "started": time.time()}
    _write_private(home / STATE_FILE, json.dumps(state, indent=2) + "\n")
    (home / PID_FILE).write_text(f"{proc.pid}\n")

    deadline = time.monotonic() + timeout
    ready = f"READY bolt://{HOST}:{port}"
    while True:
        try:
            if ready in log_file.read_text(errors="replace"):
                return _info(home, dict(state, pid=proc.pid))
        except OSError:
            pass
        code = proc.poll()
        if code is not None:
            _CHILDREN.pop(proc.pid, None)
            _clear_state(home)
            raise Neo4jServerError(
                f"the Neo4j JVM exited with code {code} before it was ready; see {log_file} "
                f"(and {data / 'logs' / 'debug.log'}):\n" + tail(log_file)
            )
        if time.monotonic() > deadline:
            _terminate(proc.pid, grace=10.0)
            _clear_state(home)
            raise Neo4jServerError(
                f"the Neo4j server was not ready within {timeout:.0f}s (stopped it); see {log_file} "
                f"(and {data / 'logs' / 'debug.log'}):\n" + tail(log_file)
            )
        time.sleep(0.2)


def _write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, never readable by others even for a moment."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)


def _terminate(pid: int, grace: float) -> None:
    """SIGTERM pid, wait up to grace seconds, then SIGKILL it."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            break
        end = time.monotonic() + wait
        while time.monotonic() < end and _alive(pid):
            time.sleep(0.1)
        if not _alive(pid):
            break
    child = _CHILDREN.pop(pid, None)
    if child is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=5)
    if _alive(pid):
        raise Neo4jServerError(f"could not stop the Neo4j server (pid {pid})")


def stop(home: str | os.PathLike | None = None) -> bool:
    """Stop the server running from this home (SIGTERM, then SIGKILL); True if one was running."""
    h = home_path(home)
    with locked(h):
        state = _read_state(h)
        if state is None or not _alive(state["pid"]):
            _clear_state(h)
            return False
        _terminate(state["pid"], grace=STOP_GRACE_SECONDS)
        _clear_state(h)
        return True


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    """Command line: start, stop or show the status of the dev/CI Neo4j server."""
    parser = argparse.ArgumentParser(
        prog="python -m graph.neo4j_server",
        description="Run a Neo4j 5.26 Community server on 127.0.0.1 (built from Maven Central jars).",
    )
    parser.add_argument("command", choices=("start", "stop", "status"))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="Bolt port (default 7687)")
    parser.add_argument("--password", default=None, help="password of user neo4j (default: a random one, "
                        "kept in the home's server.json)")
    parser.add_argument("--home", default=None, help="launcher home (default $LIANTU_NEO4J_HOME or "
                        "~/.cache/liantu/neo4j-launcher)")
    parser.add_argument("--data-dir", default=None, help="database directory (default <home>/data)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for readiness")
    args = parser.parse_args(argv)

    try:
        if args.command == "start":
            info = start(home=args.home, port=args.port, password=args.password,
                         data_dir=args.data_dir, timeout=args.timeout)
            _print_info(info)
            return 0
        if args.command == "stop":
            stopped = stop(home=args.home)
            print("stopped" if stopped else "not running")
            return 0
        running = status(home=args.home)
        if running is None:
            print("not running")
            return 3
        _print_info(running)
        return 0
    except Neo4jServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _print_info(info: ServerInfo) -> None:
    """Print a server's connection details (not its password)."""
    print(f"running  {info.uri}  user={info.user}  pid={info.pid}  apoc={'on' if info.apoc else 'off'}")
    print(f"data     {info.data_dir}")
    print(f"home     {info.home}")
    print(f"log      {info.log_file}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
