"""The app served by waitress on a free loopback port, in a thread of the test process."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from waitress.server import create_server


@contextmanager
def serving(app, threads: int = 4) -> Iterator[str]:
    """Serve `app` while the block runs; yields its base URL. The server's loop is asked to end in
    its own thread before its sockets are closed, so it never waits on a socket already gone."""
    server = create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        channels = list(server._map.values())
        server.trigger.pull_trigger(server._map.clear)  # the loop ends once it has no channels
        thread.join(10)
        for channel in channels:
            channel.close()
        server.task_dispatcher.shutdown()
