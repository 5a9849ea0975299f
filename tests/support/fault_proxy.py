"""A small fault-injecting HTTP proxy in front of DynamoDB Local.

DynamoDB Local never throttles, never answers 500 and never loses a response (LOCAL_DYNAMODB.md),
so tests that need those faults point the app at this proxy instead. It forwards every request
to the real server unchanged, except the ones a rule picks, which it answers the way AWS fails:

- ``fail_next``: a DynamoDB-shaped error *instead of* forwarding — nothing was applied
  (throttling, a cancelled transaction, a 500 before the write);
- ``fail_after_next``: forward (the write **is applied**), then answer an error — the
  "applied but answered 500" case;
- ``drop_next``: forward (applied), then close the connection without an answer — a lost
  response, which botocore retries;
- ``delay_next``: forward (applied), then hold the answer for ``seconds`` — past the client's
  read timeout;
- ``hold_next``: hold the request ``seconds`` before forwarding it — a request still on its
  way when the client gave up on it, applied after the client's retries and re-read.

Rules are per ``X-Amz-Target`` operation ("TransactWriteItems"), or ``"*"`` for every operation;
:meth:`FaultProxy.random_faults` adds a seeded rate for the standing fault suites.
"""

from __future__ import annotations

import http.client
import json
import random
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from django.contrib.messages import get_messages

THROTTLED = (
    "ProvisionedThroughputExceededException",
    "Rate of requests exceeds the allowed throughput.",
)


@dataclass(frozen=True)
class Fault:
    kind: str  # "fail" | "fail_after" | "drop" | "delay" | "hold"
    status: int = 400
    error: str = THROTTLED[0]
    message: str = THROTTLED[1]
    seconds: float = 0.0
    reasons: tuple | None = None  # CancellationReasons for a TransactionCanceledException


@dataclass
class RandomRule:
    targets: frozenset[str] | None  # None: every operation
    rate: float
    faults: tuple[Fault, ...]


@dataclass
class FaultLog:
    """What the proxy did, for the tests' own accounting."""

    forwarded: int = 0
    sent_bytes: int = 0  # request bodies the app sent, and answers it got (benchmarks)
    received_bytes: int = 0
    injected: list[tuple[str, str]] = field(default_factory=list)  # (target, kind)
    # (target, decoded request body) of every call, once :meth:`FaultProxy.record_requests`.
    requests: list[tuple[str, dict]] = field(default_factory=list)


class FaultProxy:
    def __init__(self, upstream_url: str, host: str = "127.0.0.1"):
        parts = urlsplit(upstream_url)
        self.upstream = (parts.hostname, parts.port or 80)
        self._pending: dict[str, list[Fault | None]] = {}
        self._random: list[RandomRule] = []
        self._rng = random.Random(0)
        self._lock = threading.Lock()
        self._recording = False
        # Seconds every answer is held (benchmarks: a round trip to a DynamoDB in the same
        # region, where the local emulator answers at once).
        self.latency = 0.0
        self.log = FaultLog()
        proxy = self

        class Handler(_ProxyHandler):
            owner = proxy

        self._server = ThreadingHTTPServer((host, 0), Handler)
        self._server.daemon_threads = True
        self.host, self.port = self._server.server_address[:2]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- rules --------------------------------------------------------------------------------

    def _queue(self, target: str, fault: Fault, times: int, after: int = 0) -> None:
        """``after``: let that many calls of ``target`` through untouched first."""
        with self._lock:
            self._pending.setdefault(target, []).extend([None] * after + [fault] * times)

    def fail_next(
        self,
        target: str,
        times: int = 1,
        *,
        error: str = THROTTLED[0],
        message: str = THROTTLED[1],
        status: int = 400,
        reasons: list[dict] | None = None,
        after: int = 0,
    ) -> None:
        """Answer the next ``times`` calls of ``target`` with an error, without forwarding."""
        fault = Fault("fail", status, error, message, reasons=tuple(reasons) if reasons else None)
        self._queue(target, fault, times, after)

    def fail_after_next(
        self,
        target: str,
        times: int = 1,
        *,
        error: str = "InternalServerError",
        message: str = "Internal server error",
        status: int = 500,
        after: int = 0,
    ) -> None:
        """Forward the next ``times`` calls (they are applied), then answer an error."""
        self._queue(target, Fault("fail_after", status, error, message), times, after)

    def drop_next(self, target: str, times: int = 1, *, after: int = 0) -> None:
        """Forward the next ``times`` calls (applied), then close without an answer."""
        self._queue(target, Fault("drop"), times, after)

    def delay_next(self, target: str, seconds: float, times: int = 1, *, after: int = 0) -> None:
        """Forward the next ``times`` calls (applied), then hold the answer ``seconds``."""
        self._queue(target, Fault("delay", seconds=seconds), times, after)

    def hold_next(self, target: str, seconds: float, times: int = 1, *, after: int = 0) -> None:
        """Hold the next ``times`` calls ``seconds`` before forwarding them (applied late)."""
        self._queue(target, Fault("hold", seconds=seconds), times, after)

    def random_faults(
        self,
        rate: float,
        faults: list[Fault],
        *,
        targets: list[str] | None = None,
        seed: int = 0,
    ) -> None:
        """From now on, each call of ``targets`` (None: all) meets one of ``faults`` at ``rate``."""
        with self._lock:
            self._rng = random.Random(seed)
            self._random.append(
                RandomRule(frozenset(targets) if targets else None, rate, tuple(faults))
            )

    def record_requests(self) -> None:
        """From now on (until :meth:`clear`), keep every request body in ``log.requests``: what
        the app asked for (e.g. ``ConsistentRead``), not only how many times."""
        self._recording = True

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()
            self._random.clear()
            self._recording = False
        self.log = FaultLog()

    def _pick(self, target: str) -> Fault | None:
        with self._lock:
            for key in (target, "*"):
                queue = self._pending.get(key)
                if queue:
                    return queue.pop(0)  # None: a call let through by ``after``
            for rule in self._random:
                if rule.targets is None or target in rule.targets:
                    if self._rng.random() < rule.rate:
                        return self._rng.choice(rule.faults)
        return None


class _ProxyHandler(BaseHTTPRequestHandler):
    owner: FaultProxy
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes: with Nagle's algorithm on, the body waited for the
    # client's delayed ACK (~40 ms an answer, measured: 61 ms a request behind an 8 ms latency).
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        target = self.headers.get("X-Amz-Target", "").split(".")[-1]
        if self.owner._recording:
            self.owner.log.requests.append((target, json.loads(body or b"{}")))
        fault = self.owner._pick(target)
        if fault is not None:
            self.owner.log.injected.append((target, fault.kind))
        if fault is not None and fault.kind == "fail":
            self._answer_error(fault)
            return
        if fault is not None and fault.kind == "hold":
            time.sleep(fault.seconds)
        status, headers, answer = self._forward(body)
        with self.owner._lock:
            self.owner.log.forwarded += 1
            self.owner.log.sent_bytes += len(body)
            self.owner.log.received_bytes += len(answer)
        if fault is None or fault.kind == "hold":
            if self.owner.latency:
                time.sleep(self.owner.latency)
            try:
                self._answer(status, headers, answer)
            except OSError:
                self.close_connection = True  # the client gave up first (a held request)
        elif fault.kind == "fail_after":
            self._answer_error(fault)
        elif fault.kind == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif fault.kind == "delay":
            time.sleep(fault.seconds)
            try:
                self._answer(status, headers, answer)
            except OSError:
                self.close_connection = True  # the client gave up first

    def _forward(self, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(*self.owner.upstream, timeout=120)
        try:
            connection.connect()
            connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as above
            headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
            connection.request("POST", self.path, body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read()
            keep = [
                (k, v)
                for k, v in response.getheaders()
                if k.lower() not in {"connection", "transfer-encoding", "content-length"}
            ]
            return response.status, keep, answer
        finally:
            connection.close()

    def _answer(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _answer_error(self, fault: Fault) -> None:
        payload: dict = {"__type": f"com.amazonaws.dynamodb.v20120810#{fault.error}"}
        payload["message" if fault.status < 500 else "Message"] = fault.message
        if fault.reasons:
            payload["CancellationReasons"] = list(fault.reasons)
        body = json.dumps(payload).encode()
        headers = [("Content-Type", "application/x-amz-json-1.0")]
        self._answer(fault.status, headers, body)


class Direct:
    """Within it, the app reads past the proxy: what is really stored."""

    def __init__(self, settings, url):
        self.settings, self.url = settings, url

    def __enter__(self):
        self.saved = self.settings.DYNAMODB_ENDPOINT_URL
        self.settings.DYNAMODB_ENDPOINT_URL = self.url

    def __exit__(self, *exc):
        self.settings.DYNAMODB_ENDPOINT_URL = self.saved


def messages_and_page(response) -> str:
    """Everything a response told the user: its messages, and its page unless a redirect."""
    shown = " ".join(str(message.message) for message in get_messages(response.wsgi_request))
    return shown + (response.content.decode() if response.status_code != 302 else "")
