"""Files written whole or not at all: the new content goes to a temporary file beside the target
(`.<name>.<random>.part`), is flushed and synced, and is renamed over the target only when it is
complete, so a reader (or a crash) sees the old file or the new one, never half of one."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def replacing(path: Path, mode: str = "wb", *, encoding: str | None = None, file_mode: int | None = None,
              sync: bool = True) -> Iterator[IO[Any]]:
    """A file open for writing that takes the place of `path` when the block ends without error.

    `file_mode` sets its permissions (a temporary file starts private); `sync=False` skips the
    fsync where many small files are written and losing the last ones in a power cut is harmless.
    On any error the temporary file is removed and `path` is left as it was.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        if file_mode is not None:
            os.fchmod(fd, file_mode)
        with os.fdopen(fd, mode, encoding=encoding) as fh:
            yield fh
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomically(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write `data` to `path` whole or not at all."""
    with replacing(path, sync=sync) as fh:
        fh.write(data)
