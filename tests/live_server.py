"""One way to serve the app over real HTTP for the tests and scripts/quality.py: werkzeug on a
free port of 127.0.0.1 (a secure context for service workers), in a daemon thread.

    with AppServer(app) as server:
        page.goto(server.url + "/")
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any
from typing import Self

from werkzeug.serving import make_server

WSGIApp = Callable[..., Any]


class AppServer:
    """A WSGI app (usually Flouria, perhaps wrapped in middleware) served in a thread."""

    def __init__(self, app: WSGIApp) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> Self:
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close the socket, and wait for the thread (briefly: it is a daemon)."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
