"""Run a real Neo4j 5.26 Community server on 127.0.0.1 for development and CI, without Docker.

The server is a small embedded-DBMS launcher (``neo4j_launcher/``: a Maven pom and one Java
class) that Maven builds from Maven Central jars into a cache directory outside the repo
(``~/.cache/liantu/neo4j-launcher`` unless ``LIANTU_NEO4J_HOME`` or ``home=`` says otherwise).
It is rebuilt only when the pom or the Java source changes. One server runs per home; its
log (``neo4j.log``), pid file (``neo4j.pid``) and state (``server.json``) live in the home,
its database (and Neo4j's own ``logs/debug.log``) in ``data_dir`` (default ``<home>/data``).

    python -m graph.neo4j_server start [--port 7687] [--password liantu-dev]
    python -m graph.neo4j_server status
    python -m graph.neo4j_server stop

Pure standard library on purpose: importable before the project's dependencies are installed.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

HOST = "127.0.0.1"
USER = "neo4j"
DEFAULT_PORT = 7687
DEFAULT_PASSWORD = "liantu-dev"
MAIN_CLASS = "liantu.Neo4jLauncher"
MIN_JAVA = 17

LAUNCHER_DIR = Path(__file__).resolve().parent / "neo4j_launcher"
SOURCES = ("pom.xml", "src/main/java/liantu/Neo4jLauncher.java")

LOG_FILE = "neo4j.log"
PID_FILE = "neo4j.pid"
STATE_FILE = "server.json"
BUILD_LOG = "build.log"
BUILD_STAMP = "build.stamp"
LOCK_FILE = ".lock"

STOP_GRACE_SECONDS = 60.0
BUILD_TIMEOUT_SECONDS = float(os.environ.get("LIANTU_NEO4J_BUILD_TIMEOUT", "1800"))

# Heap via LIANTU_NEO4J_HEAP (e.g. "2g"); page cache (256m) is set by the launcher.
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


class Neo4jServerError(RuntimeError):
    """Raised when the Neo4j server cannot be built, started or stopped."""


@dataclasses.dataclass(frozen=True)
class ServerInfo:
    """Connection details of a running server."""

    uri: str
    user: str
    password: str
    pid: int
    home: str
    log_file: str


def default_home() -> Path:
    """Return the launcher home: $LIANTU_NEO4J_HOME or ~/.cache/liantu/neo4j-launcher."""
    env = os.environ.get("LIANTU_NEO4J_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return Path.home() / ".cache" / "liantu" / "neo4j-launcher"


def _home(home: str | os.PathLike | None) -> Path:
    """Resolve an explicit home or fall back to the default one."""
    return Path(home).expanduser().resolve() if home is not None else default_home()


@contextlib.contextmanager
def _locked(home: Path) -> Iterator[None]:
    """Serialise start/stop/build on one home across processes."""
    home.mkdir(parents=True, exist_ok=True)
    with open(home / LOCK_FILE, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# ---------------------------------------------------------------- tools and build


def _java() -> str:
    """Return the java executable (JAVA_HOME or PATH), checking it is Java 17+."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.access(Path(java_home) / "bin" / "java", os.X_OK):
        java = str(Path(java_home) / "bin" / "java")
    else:
        java = shutil.which("java")
    if not java:
        raise Neo4jServerError(
            f"Java not found: install a JDK {MIN_JAVA}+ (e.g. apt-get install openjdk-17-jdk-headless) "
            "or set JAVA_HOME"
        )
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Neo4jServerError(f"cannot run {java} -version: {exc}") from exc
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if m:
        major = int(m.group(1))
        if major == 1 and m.group(2):  # "1.8.0_x"
            major = int(m.group(2))
        if major < MIN_JAVA:
            raise Neo4jServerError(f"Java {MIN_JAVA}+ is required for Neo4j 5.26, {java} is Java {major}")
    return java


def _mvn() -> str:
    """Return the mvn executable from PATH."""
    mvn = shutil.which("mvn")
    if not mvn:
        raise Neo4jServerError(
            "Maven not found: install it (e.g. apt-get install maven) to build the Neo4j launcher"
        )
    return mvn


def _source_hash() -> str:
    """Hash the launcher's pom and Java source, to know when to rebuild."""
    digest = hashlib.sha256()
    for rel in SOURCES:
        path = LAUNCHER_DIR / rel
        if not path.is_file():
            raise Neo4jServerError(f"launcher source missing: {path}")
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _is_built(home: Path, stamp: str) -> bool:
    """True if the home holds a complete build of the sources with this hash."""
    try:
        if (home / BUILD_STAMP).read_text().strip() != stamp:
            return False
    except OSError:
        return False
    classes = home / "target" / "classes" / "liantu" / "Neo4jLauncher.class"
    deps = home / "target" / "dependency"
    return classes.is_file() and deps.is_dir() and any(deps.glob("neo4j-*.jar"))


def build(home: str | os.PathLike | None = None, force: bool = False) -> Path:
    """Build the launcher with Maven into the home if its pom/source changed; return the home."""
    h = _home(home)
    with _locked(h):
        _build_locked(h, force=force)
    return h


def _build_locked(home: Path, force: bool = False) -> None:
    """Copy the sources into the home and run Maven there (caller holds the lock)."""
    stamp = _source_hash()
    if not force and _is_built(home, stamp):
        return
    mvn = _mvn()
    _java()
    (home / BUILD_STAMP).unlink(missing_ok=True)
    # A fresh target/ so jars of an older Neo4j version never linger on the classpath.
    for stale in ("target", "src", "pom.xml"):
        path = home / stale
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    for rel in SOURCES:
        dst = home / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(LAUNCHER_DIR / rel, dst)
    build_log = home / BUILD_LOG
    cmd = [mvn, "-B", "-q", "-Dstyle.color=never", "package"]
    with open(build_log, "wb") as log:
        log.write(("$ " + shlex.join(cmd) + "\n").encode())
        log.flush()
        try:
            proc = subprocess.run(
                cmd, cwd=home, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                timeout=BUILD_TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired as exc:
            raise Neo4jServerError(
                f"Maven build of the Neo4j launcher timed out after {BUILD_TIMEOUT_SECONDS:.0f}s; "
                f"see {build_log}"
            ) from exc
    if proc.returncode != 0:
        raise Neo4jServerError(
            f"Maven build of the Neo4j launcher failed (exit {proc.returncode}); see {build_log}:\n"
            + _tail(build_log)
        )
    (home / BUILD_STAMP).write_text(stamp + "\n")
    if not _is_built(home, stamp):
        raise Neo4jServerError(f"Maven build produced no launcher class or jars; see {build_log}")


# ---------------------------------------------------------------- processes


def _tail(path: Path, lines: int = 30) -> str:
    """Return the last lines of a log file, for error messages."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


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
    return _running(_home(home))


def start(
    home: str | os.PathLike | None = None,
    port: int = DEFAULT_PORT,
    password: str = DEFAULT_PASSWORD,
    data_dir: str | os.PathLike | None = None,
    timeout: float = 300,
) -> ServerInfo:
    """Build if needed, start the server in the background and wait until Bolt is ready."""
    h = _home(home)
    if len(password) < 8:
        raise Neo4jServerError("the Neo4j password must be at least 8 characters long")
    data = Path(data_dir).expanduser().resolve() if data_dir is not None else h / "data"
    with _locked(h):
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
        java = _java()
        _build_locked(h)
        if _port_in_use(port):
            raise Neo4jServerError(f"port {HOST}:{port} is already in use by another process")
        try:
            data.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise Neo4jServerError(f"cannot create the data directory {data}: {exc}") from exc
        return _launch(h, java, port, password, data, timeout)


def _launch(home: Path, java: str, port: int, password: str, data: Path, timeout: float) -> ServerInfo:
    """Start the JVM detached and wait for its READY line."""
    log_file = home / LOG_FILE
    classpath = f"{home / 'target' / 'classes'}:{home / 'target' / 'dependency'}/*"
    heap = os.environ.get("LIANTU_NEO4J_HEAP", "1g")
    extra = shlex.split(os.environ.get("LIANTU_NEO4J_JAVA_OPTS", ""))
    cmd = [
        java, f"-Xmx{heap}", *JVM_OPTS, *extra, "-cp", classpath, MAIN_CLASS,
        "--data-dir", str(data), "--port", str(port),
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
    state = {"port": port, "password": password, "data_dir": str(data), "started": time.time()}
    state_path = home / STATE_FILE
    state_path.write_text(json.dumps(state, indent=2) + "\n")
    os.chmod(state_path, 0o600)
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
                f"(and {data / 'logs' / 'debug.log'}):\n" + _tail(log_file)
            )
        if time.monotonic() > deadline:
            _terminate(proc.pid, grace=10.0)
            _clear_state(home)
            raise Neo4jServerError(
                f"the Neo4j server was not ready within {timeout:.0f}s (stopped it); see {log_file} "
                f"(and {data / 'logs' / 'debug.log'}):\n" + _tail(log_file)
            )
        time.sleep(0.2)


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
    h = _home(home)
    with _locked(h):
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
    parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password of user neo4j")
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
        info = status(home=args.home)
        if info is None:
            print("not running")
            return 3
        _print_info(info)
        return 0
    except Neo4jServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _print_info(info: ServerInfo) -> None:
    """Print a server's connection details (not its password)."""
    print(f"running  {info.uri}  user={info.user}  pid={info.pid}")
    print(f"home     {info.home}")
    print(f"log      {info.log_file}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
