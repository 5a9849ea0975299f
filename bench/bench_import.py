"""Import speed: `manage.py load_questions` against the game's own uploader
(`../shared/truthbyte/reference/upload_questions.py`, called unchanged as a subprocess) on the
same data and the same DynamoDB Local, into the `dev-truthbyte-*` tables the uploader insists on.

Three cases, each timed as a whole command (Python start-up included for both), runs
alternating tool by tool, median of RUNS (BENCH_RUNS, default 5):
- fresh: `curated_questions.jsonl` into empty tables;
- re-import: the same file again over what it left (overlap 100 %, nothing changed);
- overlapping export: the same 2,000 ids in the other export shape (tags as categories, no
  difficulty), so every question changes categories and difficulty.
`load_questions` runs twice per round: as deployed (a migrated staff database, so the staff index
is kept in step with every write, as under `make run`), and with the staff index's live updates
off (`bench/import_settings.py`), which is the DynamoDB side alone, the uploader's whole job.
Besides wall time, each run's CPU is measured: the tool's own process (user + system) and
DynamoDB Local's (/proc), which on a shared machine says more than a wall clock. Requests and
bytes are counted once per tool and case through the (fault-free) proxy of the tests.
Writes docs/perf/import.md.
"""

from __future__ import annotations

from harness import AWS_ROUND_TRIP_MS, ROOT, start_dynamodb  # isort: skip (sets up Django)

import json
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings

from scripts.dynamodb_local import QUICK_START
from tests.support.fault_proxy import FaultProxy
from truthbyte_admin.data import tables

SHARED = ROOT.parent / "shared" / "truthbyte"
CURATED = SHARED / "data" / "curated_questions.jsonl"
UPLOADER = SHARED / "reference" / "upload_questions.py"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
WARM_UP_ROUNDS = 2
OUT = ROOT / "docs" / "perf" / "import.md"


def other_shape(path: Path) -> Path:
    """The same ids as the other export shape: {id, question, title, passage, answer, tags}."""
    target = Path(tempfile.mkdtemp()) / "other_shape.jsonl"
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            lines.append(
                json.dumps(
                    {
                        "id": record["id"],
                        "question": record["question"],
                        "title": record["title"],
                        "passage": record["passage"],
                        "answer": record["answer"],
                        "tags": [record["category"], "trivia"],
                    }
                )
            )
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def reset_tables() -> None:
    settings.TRUTHBYTE_ENV = "dev"
    tables.delete_tables()
    tables.forget_schema_cache()
    tables.create_missing_tables("category_id", wait=False)


TOOLS = ("uploader", "ours", "ours-dynamodb-only")
# Both tools run with their bytecode cached, as the image has it (its Dockerfile compiles the
# app) and as `make setup` leaves the checkout; this machine's PYTHONDONTWRITEBYTECODE would
# otherwise make every run compile the app's ~160 modules from source, which the uploader (one
# file) doesn't pay.
PYCACHE = tempfile.mkdtemp(prefix="bench-import-pycache-")


def staff_database() -> str:
    """A migrated SQLite staff database in a file, as `make run` has (var/staff.sqlite3)."""
    url = f"sqlite:///{tempfile.mkdtemp()}/staff.sqlite3"
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="tests.settings")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = PYCACHE
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    return url


def run(tool: str, path: Path, endpoint: str, staff_db: str) -> float:
    env = dict(
        os.environ,
        AWS_ACCESS_KEY_ID="local",
        AWS_SECRET_ACCESS_KEY="local",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ENDPOINT_URL_DYNAMODB=endpoint,
        DYNAMODB_ENDPOINT_URL=endpoint,
        TRUTHBYTE_ENV="dev",
        DATABASE_URL=staff_db,
        DJANGO_SETTINGS_MODULE="tests.settings",
        DYNAMODB_TIMEOUT_SECONDS="60",
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = PYCACHE  # compiled once, as in the image (Dockerfile)
    if tool == "uploader":
        command = [sys.executable, str(UPLOADER), "--environment", "dev", "--file", str(path)]
    else:
        command = [sys.executable, str(ROOT / "manage.py"), "load_questions", str(path)]
        if tool == "ours-dynamodb-only":
            env["DJANGO_SETTINGS_MODULE"] = "bench.import_settings"
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


class CpuClock:
    """CPU seconds used by finished child processes, and by DynamoDB Local's JVM."""

    def __init__(self, server_pid: int):
        self.stat = Path(f"/proc/{server_pid}/stat")
        self.ticks = os.sysconf("SC_CLK_TCK")

    def read(self) -> tuple[float, float]:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        fields = self.stat.read_text().rsplit(")", 1)[1].split()
        server = (int(fields[11]) + int(fields[12])) / self.ticks
        return children.ru_utime + children.ru_stime, server


CASES = [
    ("fresh import of `curated_questions.jsonl` (2,000 questions)", "fresh"),
    ("re-import of the same file over it (overlap 100 %, unchanged)", "again"),
    ("overlapping export: same 2,000 ids, other shape (every question changes)", "other"),
]


def measure(server_url: str, proxy: FaultProxy, other: Path, clock: CpuClock) -> dict:
    files = {"fresh": CURATED, "again": CURATED, "other": other}
    staff_db = staff_database()
    keys = [(case, tool) for _, case in CASES for tool in TOOLS]
    times: dict = {key: [] for key in keys}
    cpu: dict = {key: [] for key in keys}
    server_cpu: dict = {key: [] for key in keys}
    requests: dict = {}
    loads = []
    # Warm-up, untimed: bytecode compiled, page cache filled, and the JVM's compilers through
    # the hot paths of both tools' requests (its C2 compiler takes a few runs).
    for tool in TOOLS * WARM_UP_ROUNDS:
        reset_tables()
        run(tool, CURATED, server_url, staff_db)
    for number in range(RUNS + 1):
        counting = number == RUNS  # the last round goes through the proxy, to count requests
        endpoint = proxy.url if counting else server_url
        order = TOOLS if number % 2 == 0 else TOOLS[::-1]
        for tool in order:
            reset_tables()
            for _, case in CASES:
                if case == "other":
                    reset_tables()
                    run(tool, CURATED, server_url, staff_db)  # what the other-shape export overlaps
                before = (proxy.log.forwarded, proxy.log.sent_bytes, proxy.log.received_bytes)
                own_before, server_before = clock.read()
                seconds = run(tool, files[case], endpoint, staff_db)
                own_after, server_after = clock.read()
                if counting:
                    after = (proxy.log.forwarded, proxy.log.sent_bytes, proxy.log.received_bytes)
                    requests[(case, tool)] = [b - a for a, b in zip(before, after, strict=True)]
                else:
                    times[(case, tool)].append(seconds)
                    cpu[(case, tool)].append(own_after - own_before)
                    server_cpu[(case, tool)].append(server_after - server_before)
        loads.append(os.getloadavg()[0])
    return {
        "times": times,
        "cpu": cpu,
        "server_cpu": server_cpu,
        "requests": requests,
        "loads": loads,
    }


def _median(values: list[float]) -> float:
    return statistics.median(values)


def write_report(results: list[tuple[str, dict]]) -> list[str]:
    loads = [load for _, result in results for load in result["loads"]]
    lines = [
        "## Import (`load_questions`) against the game's uploader",
        "",
        f"Measured by `bench/bench_import.py` on Amazon's DynamoDB Local (in memory, loopback, "
        f"started by the bench), on this 2-core machine shared with other work (1-minute load "
        f"average during the runs {min(loads):.1f}–{max(loads):.1f}). Each figure is the median "
        f"of {RUNS} runs of the whole command (Python start-up included for both tools), the "
        "tools alternating, after two untimed warm-up runs each; requests and bytes counted in one "
        "more run through the test rig's proxy. The uploader is "
        "`../shared/truthbyte/reference/upload_questions.py`, called unchanged. *As deployed*: a "
        "migrated staff database (SQLite file, as under `make run`), so the import also keeps the "
        "staff index in step; *DynamoDB only*: the same command with the staff index's live "
        "updates off (`bench/import_settings.py`). DynamoDB Local ran three ways, one after "
        "the other (the sections below).",
        "",
    ]
    ratios = []
    for server, result in results:
        lines += _server_section(server, result, ratios)
    OUT.write_text("\n".join(lines) + NOTES, encoding="utf-8")
    return ratios


def _server_section(server: str, result: dict, ratios: list[str]) -> list[str]:
    rows, cpu_rows = [], []
    for label, case in CASES:
        theirs = _median(result["times"][(case, "uploader")])
        cells = [label, f"{theirs:.2f}"]
        cpu_cells = [label]
        for tool in TOOLS:
            seconds = _median(result["times"][(case, tool)])
            if tool != "uploader":
                cells += [f"{seconds:.2f}", f"{seconds / theirs:.2f}"]
                ratios.append(f"{server.split(' (')[0]}, {case} {tool}: {seconds / theirs:.2f}")
            own = _median(result["cpu"][(case, tool)])
            server_cpu = _median(result["server_cpu"][(case, tool)])
            count, sent, received = result["requests"][(case, tool)]
            cpu_cells += [
                f"{own:.2f} + {server_cpu:.2f}",
                f"{count} / {sent / 1e6:.2f} / {received / 1e6:.2f}",
            ]
        rows.append("| " + " | ".join(cells) + " |")
        cpu_rows.append("| " + " | ".join(cpu_cells) + " |")
    spread = {
        key: f"{min(values):.2f}–{max(values):.2f}" for key, values in result["times"].items()
    }
    return [
        f"### DynamoDB Local on {server}",
        "",
        "| Case | Uploader s | `load_questions` as deployed s | Ratio | DynamoDB only s | Ratio |",
        "|---|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "CPU seconds (the tool's process + DynamoDB Local's), and requests / MB sent / MB "
        "received:",
        "",
        "| Case | Uploader CPU | Uploader requests | As deployed CPU | Requests "
        "| DynamoDB only CPU | Requests |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *cpu_rows,
        "",
        "Range of the wall times (min–max): "
        + "; ".join(f"{case} {tool} {spread[(case, tool)]}" for _, case in CASES for tool in TOOLS)
        + ".",
        "",
    ]


NOTES = """
What each tool does:
- The uploader puts every line (no read, no comparison) and writes one index item per question
  (none at all for the other export shape: it looks for `categories` only, so those questions
  are invisible to the game's category queries), no `general` item for single-category
  questions and no difficulty on index items; its counts are the file's.
- `load_questions` reads what is stored (a consistent BatchGetItem of the file's questions, or,
  into an empty pool, one one-item Scan saying there is nothing to read back; one consistent
  parallel Scan of the index), writes only the difference, and recounts every category it
  touched (consistent COUNT query, conditional set, in parallel). The difference includes each
  question's category *and* `general` index items with its difficulty: 5,879 items for the
  curated file, where the uploader writes 4,012.

How it is fast:
- 8 parallel writers over one shared client (BatchWriteItem of 25). The questions go first and
  their index items after them, so the staff index is brought up to date from the question
  writes while the index items are still being written.
- Batch requests go out as the JSON of the wire-format items our own code built (`to_item`).
  For such values, botocore's walk over the request's shape produces exactly that JSON, at
  ~0.3 ms per request. Binary values still go through botocore's serializer.
- Updates of existing questions go in transactions of 100 version-conditioned updates (20
  requests for 2,000 questions, where the first version made 2,076 conditional UpdateItems).
- An unchanged re-import writes nothing at all.
- The staff index is written in bulk while the writers still wait on DynamoDB:
  - plain SQL upserts of many rows per statement. SQLite's full-text index, kept by a trigger,
    flushes once per statement, and a statement per row had taken 4× the CPU;
  - no normalised `search_text` where SQLite's FTS5 indexes the raw columns;
  - change notifications built only for tables someone follows. Nobody follows the 3,879 index
    items.
  ORM objects had cost ~0.4 s of CPU per 2,000 questions, and a commit per question ~40 s.
- Start-up is kept small: one botocore client for every request, no Django system checks, and
  `gc.freeze()` once Django is loaded. The collector's last pass at exit over Django's and
  botocore's objects had taken ~0.2 s.

Why the fresh import is at the uploader's time on DynamoDB Local, and not clearly under it.
Measured here with `/proc` CPU clocks (the second table of each section):
- DynamoDB Local does little in parallel. Our import's 236 write requests, replayed from a raw
  socket client with nothing else running, take ~1.0 s on one connection and ~0.6 s on eight,
  with ~0.8–0.95 s of the emulator's CPU either way. DynamoDB itself serves them in parallel.
- It costs the same per item written, whatever the item's size: ~0.13 ms on the JVM's
  defaults once warm, ~0.2 ms on the quick-start JVM. `load_questions` must write 47 % more
  items than the uploader (5,879 against 4,012: the `general` index items with difficulty that
  the issue requires). That is ~0.3–0.5 s more of the emulator's time.
- The uploader waits for each request before it builds the next, so its time is its own Python
  plus the emulator's, one after the other. `load_questions` builds requests while the emulator
  works, so its time is its start-up (Django and botocore, ~0.45 s, while the emulator is idle)
  plus the writes. On this 2-core machine the writes are bound by CPU: the emulator's ~0.9 s
  and our ~0.75 s (botocore's ~1.4 ms per request, signing and parsing, is the largest part;
  the staff index ~0.15 s). Sent through botocore, the same replay takes ~0.82 s instead of
  ~0.6 s.
- So the two come out even: the emulator's extra time for the `general` items is about what
  the uploader spends in Python between its requests. What is left on our path is the start-up
  and botocore's own CPU per request; replacing the SDK's request path with hand-written HTTP
  and signing is not a trade we make for ~0.2 s.

Measured over the last bench runs: as deployed 0.95–1.09× on the JVM's defaults and 1.05–1.25×
on the quick-start JVM; the DynamoDB side alone 0.92–1.01× and 1.00–1.22× (the staff index's
remaining SQLite work, ~0.15 s of CPU, on cores the emulator keeps busy). The runs of one tool
spread over ±10–15 % on this shared machine, so the fresh import is at the uploader's time, not
clearly under it.

Behind a same-region round trip (the third section), DynamoDB's latency is paid per request.
There the uploader's 164 requests, one after another, are what take time, and 8 writers at once
are what make `load_questions` faster (0.54–0.68×). The unchanged re-import is under the
uploader in every setting.

Why the overlapping export stays slower, even behind the round trip: it is not the same job.
- The uploader overwrites 2,000 questions blindly and writes no index item at all for that
  shape.
- `load_questions` updates each question only if nobody changed it since it was read. A
  transaction of conditional updates costs DynamoDB Local ~2–3× a plain put per item.
- It also writes ~4,500 index items: every question gains `trivia`, and its difficulty changes
  on every item.
- Doing less would mean losing a concurrent editor's save silently or leaving the index wrong:
  both are against the issue's invariants.

Limit: every run reads the whole index (a parallel Scan), because a question's stored index items
can be under any category. At 50,000 questions that is ~100,000 small items (not measured here),
even for a 10-line file.
"""


# DynamoDB Local as DYNAMODB_NOTES.md starts it (`java -jar …`, the JVM's own defaults, the way
# it was measured independently), as the tests start it (quick start), and behind a proxy that
# holds every answer for a same-region round trip to DynamoDB itself (which, unlike the local
# emulator, serves requests in parallel): (label, JVM options, seconds added per answer).
SERVERS = [
    ("JVM defaults (the plain `java -jar` command of DYNAMODB_NOTES.md)", (), 0.0),
    ("the tests' quick-start JVM (C1 compiler only, serial GC)", QUICK_START, 0.0),
    (
        "JVM defaults, every answer held 8 ms (a same-region round trip to DynamoDB)",
        (),
        AWS_ROUND_TRIP_MS / 1000,
    ),
]


def main() -> None:
    if not CURATED.exists() or not UPLOADER.exists():
        sys.exit(f"needs {CURATED} and {UPLOADER}")
    if os.environ.get("BENCH_REPORT_FROM"):  # re-render a saved run (the notes changed)
        with open(os.environ["BENCH_REPORT_FROM"], "rb") as saved:
            write_report(pickle.load(saved))
        return
    results = []
    for label, jvm_options, latency in SERVERS:
        server = start_dynamodb(timeout_seconds=60, jvm_options=jvm_options)
        proxy = FaultProxy(server.url).start()
        proxy.latency = latency
        # Timed runs go straight to the emulator, or through the proxy when it adds latency.
        endpoint = proxy.url if latency else server.url
        try:
            clock = CpuClock(server.process.pid)
            results.append((label, measure(endpoint, proxy, other_shape(CURATED), clock)))
        finally:
            proxy.stop()
            server.stop()
    with open(Path(tempfile.gettempdir()) / "bench_import.pickle", "wb") as saved:
        pickle.dump(results, saved)
    ratios = write_report(results)
    print(OUT.read_text())
    print("ratios (≤ 1.00 is the goal):", "; ".join(ratios))


if __name__ == "__main__":
    main()
