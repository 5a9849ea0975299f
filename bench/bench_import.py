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

from harness import ROOT, start_dynamodb  # isort: skip (sets up Django first)

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings

from tests.support.fault_proxy import FaultProxy
from truthbyte_admin.data import tables

SHARED = ROOT.parent / "shared" / "truthbyte"
CURATED = SHARED / "data" / "curated_questions.jsonl"
UPLOADER = SHARED / "reference" / "upload_questions.py"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
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
# app); this machine's PYTHONDONTWRITEBYTECODE would make every run compile the app's ~100
# modules from source, ~0.4 s of CPU the uploader (one file) doesn't pay.
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
    for tool in TOOLS:  # warm-up, untimed: bytecode compiled, page cache filled
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


def write_report(result: dict) -> list[str]:
    rows, cpu_rows, ratios = [], [], []
    for label, case in CASES:
        theirs = _median(result["times"][(case, "uploader")])
        cells = [label, f"{theirs:.2f}"]
        cpu_cells = [label]
        for tool in TOOLS:
            seconds = _median(result["times"][(case, tool)])
            if tool != "uploader":
                cells += [f"{seconds:.2f}", f"{seconds / theirs:.2f}"]
                ratios.append(f"{case} {tool}: {seconds / theirs:.2f}")
            own = _median(result["cpu"][(case, tool)])
            server = _median(result["server_cpu"][(case, tool)])
            count, sent, received = result["requests"][(case, tool)]
            cpu_cells += [
                f"{own:.2f} + {server:.2f}",
                f"{count} / {sent / 1e6:.2f} / {received / 1e6:.2f}",
            ]
        rows.append("| " + " | ".join(cells) + " |")
        cpu_rows.append("| " + " | ".join(cpu_cells) + " |")
    spread = {
        key: f"{min(values):.2f}–{max(values):.2f}" for key, values in result["times"].items()
    }
    loads = result["loads"]
    lines = [
        "## Import (`load_questions`) against the game's uploader",
        "",
        f"Measured by `bench/bench_import.py` on Amazon's DynamoDB Local (in memory, loopback, "
        f"started by the bench), on this 2-core machine shared with other work: the 1-minute "
        f"load average during the runs was {min(loads):.1f}–{max(loads):.1f} (2 cores), so "
        "wall times are inflated and noisy; the CPU table below is steadier. Each figure is the "
        f"median of {RUNS} runs of the whole command (Python start-up included for both tools), "
        "the tools alternating; requests and bytes counted in one more run through the test "
        "rig's proxy. The uploader is `../shared/truthbyte/reference/upload_questions.py`, "
        "called unchanged. *As deployed*: a migrated staff database (SQLite file, as under "
        "`make run`), so the import also keeps the staff index in step; *DynamoDB only*: the "
        "same command with the staff index's live updates off (`bench/import_settings.py`).",
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
    OUT.write_text("\n".join(lines) + NOTES, encoding="utf-8")
    return ratios


NOTES = """
- What each tool does. The uploader puts every line (no read, no comparison) and writes one
  index item per question (none at all for the other export shape: it looks for `categories`
  only, so those questions are invisible to the game's category queries), no `general` item for
  single-category questions and no difficulty on index items; its counts are the file's.
  `load_questions` reads what is stored (consistent BatchGetItem of the file's questions, one
  consistent parallel Scan of the index), writes only the difference — questions, plus each
  question's category *and* `general` index items with its difficulty, so ~2 index items per
  curated question instead of 1 — and recounts every category it touched (consistent COUNT
  query, conditional set, in parallel).
- How it is fast: 8 parallel writers over one shared client (BatchWriteItem of 25, question and
  index writes interleaved so both tables are written at once); updates of existing questions in
  transactions of 100 version-conditioned updates (20 requests for 2,000 questions, where the
  first version made 2,076 conditional UpdateItems); an unchanged re-import writes nothing at
  all; the staff index is updated in bulk (one upsert per 500 questions, one SQL transaction
  per batch, applied while the writers are still waiting on DynamoDB), where a commit per
  question had made an import as deployed take ~40 s (measured once, load ~6); one boto3
  session for both clients (the service model is loaded once) and no Django system checks for
  the command (~0.6 s of start-up together).
- Why the overlapping export stays slower than the uploader: it is not the same job. The
  uploader overwrites 2,000 questions blindly and writes no index item at all for that shape;
  `load_questions` updates each question only if nobody changed it since it was read (a
  transaction of conditional updates costs DynamoDB Local ~2–3× a plain put per item), and
  writes ~4,500 index items (every question gains `trivia` and its difficulty changes on every
  item). Doing less would mean losing a concurrent editor's save silently or leaving the index
  wrong: both are against the issue's invariants.
- The fresh import is not reliably ≤ 1.0 yet: 1.04–1.12× here, 0.82–1.09× in a run at load
  10–20 (the ranges overlap). The CPU table says why it is not clearly under: `load_questions`
  spends ~3.4 s of CPU (its process + DynamoDB Local's) where the uploader spends ~2.3 s, ~4.0 s
  as deployed — Django's start-up (~0.3 s more than importing boto3 alone), ~120 more requests
  and ~50 % more index items (each question's `general` item, with difficulty) for DynamoDB
  Local to store, and, as deployed, the staff index (~2,000 rows and ~4,000 category rows
  upserted into SQLite with full-text indexing, ~0.6 s). On a loaded 2-core machine wall time
  follows CPU time; the 8 parallel writers are what keeps it level despite the extra work.
  What is left to try: a cheaper staff-index write (raw `executemany` instead of ORM objects),
  and fewer botocore round trips of serialisation per item.
- Earlier figures (1.13× fresh) ran `load_questions` against an unmigrated staff database: the
  staff index update failed on its first item (a logged traceback) and cost nothing; these
  figures include it, as deployed, and separately without it.
- Limit: every run reads the whole index (a parallel Scan), because a question's stored index
  items can be under any category; at 50,000 questions that is ~100,000 small items (not measured
  here) even for a 10-line file.
"""


def main() -> None:
    if not CURATED.exists() or not UPLOADER.exists():
        sys.exit(f"needs {CURATED} and {UPLOADER}")
    server = start_dynamodb(timeout_seconds=60)
    proxy = FaultProxy(server.url).start()
    try:
        result = measure(server.url, proxy, other_shape(CURATED), CpuClock(server.process.pid))
    finally:
        proxy.stop()
        server.stop()
    ratios = write_report(result)
    print(OUT.read_text())
    print("ratios (≤ 1.00 is the goal):", "; ".join(ratios))


if __name__ == "__main__":
    main()
