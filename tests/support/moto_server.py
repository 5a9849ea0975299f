"""Moto's DynamoDB server over HTTP on a free loopback port, with optional fault injection.

DYNAMODB_NOTES.md: moto never throttles, so tests that need a throttled or failing call ask the
:class:`FaultInjector` to answer the next N calls of one ``X-Amz-Target`` with a DynamoDB-shaped
error, exactly as AWS would.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from dataclasses import dataclass, field

from werkzeug.serving import make_server


@dataclass
class FaultInjector:
    app: object
    pending: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(
        self,
        target: str,
        times: int = 1,
        *,
        error: str = "ProvisionedThroughputExceededException",
        message: str = "Rate of requests exceeds the allowed throughput.",
        status: int = 400,
    ) -> None:
        """Answer the next ``times`` calls of ``target`` ("TransactWriteItems"...) with an error."""
        with self.lock:
            self.pending.setdefault(target, []).extend([(status, error, message)] * times)

    def clear(self) -> None:
        with self.lock:
            self.pending.clear()

    def __call__(self, environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "").split(".")[-1]
        with self.lock:
            queue = self.pending.get(target)
            fault = queue.pop(0) if queue else None
        if fault is None:
            return self.app(environ, start_response)
        # Drain the request body so the connection stays usable.
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length:
            environ["wsgi.input"].read(length)
        status, error, message = fault
        body = json.dumps(
            {"__type": f"com.amazonaws.dynamodb.v20120810#{error}", "message": message}
        ).encode()
        start_response(
            f"{status} Error",
            [("Content-Type", "application/x-amz-json-1.0"), ("Content-Length", str(len(body)))],
        )
        return [body]


class MotoServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        from moto.server import DomainDispatcherApplication, create_backend_app

        self.injector = FaultInjector(DomainDispatcherApplication(create_backend_app))
        self.host = host
        self.port = port or _free_port(host)
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self._server = make_server(self.host, self.port, self.injector, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> MotoServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()

    def reset(self) -> None:
        import urllib.request

        urllib.request.urlopen(urllib.request.Request(f"{self.url}/moto-api/reset", method="POST"))
        self.injector.clear()


def _free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]
