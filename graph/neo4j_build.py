"""Building the local Neo4j launcher with Maven, and the launcher home it is built into.

``neo4j_launcher/`` (a Maven pom and one Java class) is built from Maven Central jars into a
cache directory outside the repo (``~/.cache/liantu/neo4j-launcher`` unless
``LIANTU_NEO4J_HOME`` or ``home=`` says otherwise), and rebuilt only when the pom or the Java
source changes. The build holds the server's classpath (``target/classes``,
``target/dependency``, which also runs ``neo4j-admin database import``) and its plugins
(``target/plugins``: APOC Core).

Pure standard library on purpose: importable before the project's dependencies are installed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Iterator

MIN_JAVA = 17

LAUNCHER_DIR = Path(__file__).resolve().parent / "neo4j_launcher"
SOURCES = ("pom.xml", "src/main/java/liantu/Neo4jLauncher.java")

BUILD_LOG = "build.log"
BUILD_STAMP = "build.stamp"
LOCK_FILE = ".lock"

BUILD_TIMEOUT_SECONDS = float(os.environ.get("LIANTU_NEO4J_BUILD_TIMEOUT", "1800"))


class Neo4jServerError(RuntimeError):
    """Raised when the Neo4j server cannot be built, started, stopped or loaded."""


def default_home() -> Path:
    """Return the launcher home: $LIANTU_NEO4J_HOME or ~/.cache/liantu/neo4j-launcher."""
    env = os.environ.get("LIANTU_NEO4J_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return Path.home() / ".cache" / "liantu" / "neo4j-launcher"


def home_path(home: str | os.PathLike | None) -> Path:
    """Resolve an explicit home or fall back to the default one."""
    return Path(home).expanduser().resolve() if home is not None else default_home()


@contextlib.contextmanager
def locked(home: Path) -> Iterator[None]:
    """Serialise start/stop/build/import on one home across processes."""
    home.mkdir(parents=True, exist_ok=True)
    with open(home / LOCK_FILE, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def classpath(home: Path, plugins: bool = False) -> str:
    """The JVM classpath of a built home; APOC registers its services from the classpath too."""
    path = f"{home / 'target' / 'classes'}:{home / 'target' / 'dependency'}/*"
    return path + f":{plugins_dir(home)}/*" if plugins else path


def plugins_dir(home: Path) -> Path:
    """Where a built home keeps APOC Core and its libraries."""
    return home / "target" / "plugins"


def tail(path: Path, lines: int = 30) -> str:
    """Return the last lines of a log file, for error messages."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])

# ---------------------------------------------------------------- tools and build


def java() -> str:
    """Return the java executable (JAVA_HOME or PATH), checking it is Java 17+."""
    java_home = os.environ.get("JAVA_HOME")
    java: str | None
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
    return (classes.is_file() and deps.is_dir() and any(deps.glob("neo4j-*.jar"))
            and any(plugins_dir(home).glob("apoc-core-*.jar")))


def build(home: str | os.PathLike | None = None, force: bool = False) -> Path:
    """Build the launcher with Maven into the home if its pom/source changed; return the home."""
    h = home_path(home)
    with locked(h):
        build_locked(h, force=force)
    return h


def build_locked(home: Path, force: bool = False) -> None:
    """Copy the sources into the home and run Maven there (caller holds the lock)."""
    stamp = _source_hash()
    if not force and _is_built(home, stamp):
        return
    mvn = _mvn()
    java()
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
            + tail(build_log)
        )
    (home / BUILD_STAMP).write_text(stamp + "\n")
    if not _is_built(home, stamp):
        raise Neo4jServerError(f"Maven build produced no launcher class or jars; see {build_log}")
