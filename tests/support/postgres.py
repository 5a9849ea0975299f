"""A throwaway PostgreSQL server for the tests: Debian's binaries, a fresh cluster in a temporary
directory, listening on a free loopback port, stopped and deleted at the end.

PostgreSQL refuses to run as root, so as root the cluster belongs to the ``postgres`` system user
(created by Debian's package) and its commands run through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "truthbyte"


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major, reverse=True)
    return Path(found[0]).parent if found else None


def _major(path: str) -> int:
    try:
        return int(Path(path).parts[-3])
    except ValueError:
        return 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unavailable_reason() -> str | None:
    """Why a server can't be started here, or None when it can."""
    if _bin_dir() is None:
        return "PostgreSQL is not installed (Debian's `postgresql`; `make setup` installs it)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without `runuser` to start PostgreSQL as the postgres user"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to own the cluster"
    return None


@dataclass
class PostgresServer:
    port: int = 0
    directory: Path | None = None
    bin_dir: Path | None = None

    def start(self) -> PostgresServer:
        reason = unavailable_reason()
        if reason:
            raise RuntimeError(reason)
        self.bin_dir = _bin_dir()
        self.directory = Path(tempfile.mkdtemp(prefix="truthbyte-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        data = self.directory / "data"
        self._run(
            "initdb",
            "-D",
            data,
            "-U",
            SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        # A port found free can be taken before the server binds it (pytest-xdist workers
        # start their servers at the same moment): then another port.
        for attempt in range(3):
            self.port = _free_port()
            try:
                self._start_on_port(data)
                return self
            except RuntimeError:
                if attempt == 2:
                    raise

    def _start_on_port(self, data: Path) -> None:
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        self._run(
            "pg_ctl",
            "-D",
            data,
            "-l",
            self.directory / "server.log",
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        if self.directory is None:
            return
        try:
            self._run("pg_ctl", "-D", self.directory / "data", "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    def url(self, database: str = "postgres") -> str:
        return f"postgres://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its DATABASE_URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def disconnect_all(self, database: str) -> None:
        """End every session on ``database`` (connections left open by threads that tests
        started), so that it can be dropped."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [database],
            )

    def _run(self, program: str, *args) -> None:
        command = [str(self.bin_dir / program), *map(str, args)]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = ""
            if self.directory and (self.directory / "server.log").exists():
                log = (self.directory / "server.log").read_text()[-2000:]
            raise RuntimeError(f"{program} failed: {result.stdout}{result.stderr}{log}")
