"""Import speed: `manage.py load_questions` against the game's own uploader
(`../shared/truthbyte/reference/upload_questions.py`, called unchanged as a subprocess) on the
same data and the same DynamoDB Local, into the `dev-truthbyte-*` tables the uploader insists on.

Three cases, each timed as a whole command (Python start-up included for both), runs
alternating tool by tool, median of RUNS (BENCH_RUNS, default 5):
- fresh: `curated_questions.jsonl` into empty tables;
- re-import: the same file again over what it left (overlap 100 %, nothing changed);
- half new: the same file over its own first half (overlap 50 %: 1,000 stored and unchanged,
  1,000 new);
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
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from required_writes import required_requests, send

from scripts.dynamodb_local import QUICK_START
from tests.support.fault_proxy import FaultProxy
from truthbyte_admin.data import tables

SHARED = ROOT.parent / "shared" / "truthbyte"
CURATED = SHARED / "data" / "curated_questions.jsonl"
UPLOADER = SHARED / "reference" / "upload_questions.py"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
WARM_UP_ROUNDS = 2
OUT = ROOT / "docs" / "perf" / "import.md"


def first_half(path: Path) -> Path:
    """The file's first half of lines: what the "half new" case imports first."""
    target = Path(tempfile.mkdtemp()) / "first_half.jsonl"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    target.write_text("\n".join(lines[: len(lines) // 2]) + "\n", encoding="utf-8")
    return target


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


def run(tool: str, path: Path, endpoint: str, staff_db: str) -> tuple[float, float | None]:
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
    done = subprocess.run(
        command,
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL if tool == "uploader" else subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - started
    return seconds, _work_seconds(done.stdout)


def _work_seconds(output: str | None) -> float | None:
    """What `load_questions` reports as the time of its DynamoDB work, summed over its files."""
    found = re.findall(r"DynamoDB requests, ([0-9.]+) s\)", output or "")
    return sum(float(value) for value in found) if found else None


class CpuClock:
    """CPU seconds used by finished child processes, by DynamoDB Local's JVM, and by the JVM's
    SQLite queue threads: DynamoDB Local runs every SQLite statement of a database on one such
    thread, one job per item written, so their time is the part of its work that no number of
    connections spreads over the cores."""

    def __init__(self, server_pid: int):
        self.proc = Path(f"/proc/{server_pid}")
        self.ticks = os.sysconf("SC_CLK_TCK")

    def read(self) -> tuple[float, float, float]:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        queue = 0.0
        for task in (self.proc / "task").iterdir():
            try:
                if (task / "comm").read_text().startswith("SQLiteQueue"):
                    queue += self._seconds(task / "stat")
            except FileNotFoundError:  # a thread that ended meanwhile
                continue
        server = self._seconds(self.proc / "stat")
        return children.ru_utime + children.ru_stime, server, queue

    def _seconds(self, stat: Path) -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / self.ticks


CASES = [
    ("fresh import of `curated_questions.jsonl` (2,000 questions)", "fresh"),
    ("re-import of the same file over it (overlap 100 %, unchanged)", "again"),
    ("the same file over its own first half (overlap 50 %: 1,000 unchanged, 1,000 new)", "half"),
    ("overlapping export: same 2,000 ids, other shape (every question changes)", "other"),
]


def measure(server_url: str, proxy: FaultProxy, other: Path, half: Path, clock: CpuClock) -> dict:
    files = {"fresh": CURATED, "again": CURATED, "half": CURATED, "other": other}
    # What each case's file overlaps, imported first by the same tool (untimed).
    imported_first = {"half": half, "other": CURATED}
    staff_db = staff_database()
    keys = [(case, tool) for _, case in CASES for tool in TOOLS]
    times: dict = {key: [] for key in keys}
    cpu: dict = {key: [] for key in keys}
    server_cpu: dict = {key: [] for key in keys}
    queue_cpu: dict = {key: [] for key in keys}
    # `load_questions` prints how long its DynamoDB work took (reads, writes, recount): the rest
    # of its wall time is Python and Django starting up, parsing the file, and exiting.
    outside: dict = {key: [] for key in keys}
    requests: dict = {}
    loads = []
    # Warm-up, untimed: bytecode compiled, page cache filled, and the JVM's compilers through
    # the hot paths of both tools' requests (its C2 compiler takes a few runs).
    for tool in TOOLS * WARM_UP_ROUNDS:
        reset_tables()
        run(tool, CURATED, server_url, staff_db)
    floor_bodies = required_requests(CURATED)
    reset_tables()
    send(server_url, floor_bodies)  # warm-up
    floors = []
    for number in range(RUNS + 1):
        counting = number == RUNS  # the last round goes through the proxy, to count requests
        endpoint = proxy.url if counting else server_url
        order = TOOLS if number % 2 == 0 else TOOLS[::-1]
        for tool in order:
            reset_tables()
            for _, case in CASES:
                if case in imported_first:
                    reset_tables()
                    run(tool, imported_first[case], server_url, staff_db)
                before = (proxy.log.forwarded, proxy.log.sent_bytes, proxy.log.received_bytes)
                own_before, server_before, queue_before = clock.read()
                seconds, work = run(tool, files[case], endpoint, staff_db)
                own_after, server_after, queue_after = clock.read()
                if counting:
                    after = (proxy.log.forwarded, proxy.log.sent_bytes, proxy.log.received_bytes)
                    requests[(case, tool)] = [b - a for a, b in zip(before, after, strict=True)]
                else:
                    times[(case, tool)].append(seconds)
                    cpu[(case, tool)].append(own_after - own_before)
                    server_cpu[(case, tool)].append(server_after - server_before)
                    queue_cpu[(case, tool)].append(queue_after - queue_before)
                    if work is not None:
                        outside[(case, tool)].append(seconds - work)
        if not counting:
            reset_tables()
            floors.append(send(server_url, floor_bodies))
        loads.append(os.getloadavg()[0])
    return {
        "floors": floors,
        "times": times,
        "cpu": cpu,
        "server_cpu": server_cpu,
        "queue_cpu": queue_cpu,
        "outside": outside,
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
            queue_cpu = _median(result["queue_cpu"][(case, tool)])
            count, sent, received = result["requests"][(case, tool)]
            cpu_cells += [
                f"{own:.2f} + {server_cpu:.2f} ({queue_cpu:.2f})",
                f"{count} / {sent / 1e6:.2f} / {received / 1e6:.2f}",
            ]
        rows.append("| " + " | ".join(cells) + " |")
        cpu_rows.append("| " + " | ".join(cpu_cells) + " |")
    spread = {
        key: f"{min(values):.2f}–{max(values):.2f}" for key, values in result["times"].items()
    }
    outside = "; ".join(
        f"{case} {tool} {_median(result['outside'][(case, tool)]):.2f}"
        for _, case in CASES
        for tool in TOOLS
        if result["outside"][(case, tool)]
    )
    return [
        f"### DynamoDB Local on {server}",
        "",
        "| Case | Uploader s | `load_questions` as deployed s | Ratio | DynamoDB only s | Ratio |",
        "|---|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "CPU seconds (the tool's process + DynamoDB Local's, and in brackets the part of "
        "DynamoDB Local's spent on its one SQLite queue thread), and requests / MB sent / MB "
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
        "Seconds of `load_questions` outside its DynamoDB work (Python and Django starting up, "
        "reading the file, exiting; the wall time less the time the command reports for its "
        f"reads, writes and recount), median: {outside}.",
        "",
        "The fresh import's writes alone (`bench/required_writes.py`: the items "
        "`load_questions` writes into empty tables, from a client that does nothing else, 8 "
        "connections), first request to last answer: median "
        f"{_median(result['floors']):.2f} s ({min(result['floors']):.2f}–"
        f"{max(result['floors']):.2f}).",
        "",
    ]


NOTES = """
What each tool does:
- The uploader puts every line (no read, no comparison) and writes one index item per question
  (none at all for the other export shape: it looks for `categories` only, so those questions
  are invisible to the game's category queries), no `general` item for single-category
  questions and no difficulty on index items; its counts are the file's.
- `load_questions` reads what is stored, all at once (a consistent BatchGetItem of the file's
  questions, or, into an empty pool, one one-item Scan saying there is nothing to read back; one
  consistent parallel Scan of the index; one consistent Scan of the retired questions' copies,
  so that a question staff retired is skipped, not brought back), writes only the difference,
  and recounts every category (consistent COUNT query, conditional set, in parallel). The
  difference includes each question's category *and* `general` index items with its
  difficulty: 5,879 items for the curated file, where the uploader writes 4,012. A run that
  changed anything then writes one audit log entry for the file (one PutItem; the runs above
  were measured before it was added, so their request counts are one lower).

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
  - change notifications built only for tables someone follows, each question parsed once
    into the typed record its notification carries. Nobody follows the 3,879 index items.
  ORM objects had cost ~0.4 s of CPU per 2,000 questions, and a commit per question ~40 s.
- Start-up is kept small: one botocore client for every request, no Django system checks, the
  collector paused while Django loads (`manage.py`; its passes over objects that live until exit
  had taken ~0.05 s of start-up) and `gc.freeze()` once it is loaded. The collector's last pass
  at exit over Django's and botocore's objects had taken ~0.2 s.

Why the fresh import is not under the uploader on DynamoDB Local (the first two sections):
- DynamoDB Local runs every SQLite statement of a database on one thread, its SQLite queue, as
  one job per item written: two look-ups of the table's schema, a read of the item already
  there, the insert, a check for a stream (seen with Java Flight Recorder; the bracketed CPU
  figures measure that thread). So it takes writes about one item at a time, however many
  connections send them; DynamoDB itself takes them in parallel.
- The invariants make a fresh import of the curated file 5,879 items: each question, its
  category and `general` index items, with difficulty. The uploader writes 4,012 (no `general`
  items), so its queue time is about half of ours (the bracketed figures).
- The writes alone are a floor: `bench/required_writes.py` sends exactly those 5,879 items
  from a client that does nothing else, and the emulator needs the time reported under each
  table for them, first request to last answer (0.52 s on the JVM's defaults, 0.71 s on the
  quick-start JVM, in the run above).
- `load_questions` also spends the time reported above outside its DynamoDB work, before its
  first request and after its last: Python, Django and botocore starting up, the file parsed
  (0.33–0.36 s).
- Those two alone come to 0.87 s of the uploader's 0.98 s (JVM defaults) and 1.05 s of its
  1.10 s (quick start), with a client that spends nothing on its requests, before any read,
  recount or staff-index work. `load_questions`' own DynamoDB work takes ~0.3 s longer than
  the floor: its 4 reads and ~12 consistent COUNT queries (~0.1 s), and its Python while it
  writes (botocore's ~1 ms of CPU per request, the staff index's SQLite), which on 2 cores
  slows the emulator it shares them with (~0.2 s). Measured: 1.13–1.20× as deployed and
  DynamoDB only, on both JVMs.
- Tried and measured, not kept: a hand-signed HTTP path for the batch writes instead of
  botocore's (about 0.05 s less), the staff index off (about 0.05 s less), both at once (about
  1.07×); more writers (16, 32: no faster than 8) or fewer (2, 3, 4: 1.35×, 1.22×, 1.17×, where
  8 gave 1.13× in the same run); transactions of 100 plain puts instead of batches of 25 (the
  writes alone 1.04 s instead of 0.56 s); the staff index written after the last DynamoDB
  write instead of beside the writers (1.21× where beside them gave 1.13× in the same runs,
  on 2026-12-07). Every cut at once that keeps the command a Django command — start-up 0.09 s
  shorter (botocore without boto3's import, the collector paused while Django loads, which
  is now kept), no recount, no staff index — came to 1.07×. Only starting the writes
  while Django is still loading gets under: a prototype outside the command came to ~0.8× with
  no reads, no recount and no staff index (~0.9× with them, estimated). That is an import that
  runs before the app it belongs to is set up, which is not a trade we make. Nor does it pay
  inside the command's own process: the whole command started on a thread at the top of
  `manage.py`, Django loading beside it, came to 1.28–1.38× where the plain command gave
  1.19–1.26× in the same runs. The thread waited on the very modules Django was importing, so
  its first write left at 0.43 s, after Django was ready (0.38–0.40 s), and its writers then
  shared the interpreter's lock.

Measured again on 2026-12-07, after the collector's pause at start-up, on a busier machine
(every tool 1.3–1.7× slower than in the tables above, the uploader's fresh import 1.43 s on JVM
defaults and 1.88 s on the quick start; single runs up to a third off their median; the full
report of that run is not kept here): fresh import 1.10× as deployed and 0.93× DynamoDB only on
JVM defaults, 1.07× and 0.98× on the quick start; unchanged re-import 0.60× and 0.53×; the file
over its own first half 0.95× and 0.74×; behind 8 ms 0.64× fresh. How far the fresh import is
from the uploader depends on the machine: the uploader's one request at a time waits on every
round trip, ours on the emulator's one SQLite thread and the two cores it shares with us.

Behind a same-region round trip (the third section), DynamoDB's latency is paid per request.
There the uploader's 164 requests, one after another, are what take time, and 8 writers at once
are what make `load_questions` faster (0.49–0.52× fresh, 0.39–0.41× half new). The unchanged
re-import is under the uploader in every setting (0.27–0.70×). The half-new import (a file over
its own first half) is about even with the uploader on DynamoDB Local (0.96–1.11×): half its
questions are read back and left alone, the other half written with all their index items.

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
            results.append(
                (
                    label,
                    measure(endpoint, proxy, other_shape(CURATED), first_half(CURATED), clock),
                )
            )
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
