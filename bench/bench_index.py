"""The staff index at 2,000 and 50,000 questions (+20,000 pending submissions): the question search
page, the filtered list page and the category dashboard (app time through Django's test client,
SQL queries, DynamoDB requests), rebuild time and DynamoDB items read, "Verify now", and the
sync's lag in streams mode and in scans mode.

Run: .venv/bin/python bench/bench_index.py [--sizes 2000,50000] [--database sqlite|postgres]
The SQLite run (a file database, as in production with one process) writes docs/perf/index.md;
with ``--database postgres`` (a throwaway server, tests/support/postgres.py) the figures go to
var/bench_index_postgres.json and the SQLite run includes them when it finds them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARSER = argparse.ArgumentParser()
PARSER.add_argument("--sizes", default="2000,50000")
PARSER.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
PARSER.add_argument(
    "--report-only", action="store_true", help="rewrite docs/perf/index.md from var/*.json"
)
ARGS = PARSER.parse_args()

# The staff database, chosen before Django is set up. A file (not :memory:) so the sync's
# thread shares it with the pages, as two processes would.
_postgres = None
if ARGS.database == "postgres":
    sys.path.insert(0, str(ROOT))
    from tests.support.postgres import PostgresServer

    _postgres = PostgresServer().start()
    os.environ["DATABASE_URL"] = _postgres.create_database("bench")
else:
    _sqlite_dir = tempfile.mkdtemp(prefix="bench-index-")
    os.environ["DATABASE_URL"] = f"sqlite:///{_sqlite_dir}/staff.sqlite3"

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402  (Django set up first)
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

WORDS = ["Paris", "Rome", "Berlin", "Madrid", "Oslo", "Lima", "Cairo", "Tokyo", "Delhi", "Quito"]
CATS = ["capitals", "science", "history", "sports", "geography", "music", "art", "food"]
SUBMISSIONS = 20_000
ROUNDS = 30
LAG_WRITES = 20


def question(n: int) -> dict:
    word = WORDS[n % len(WORDS)]
    return {
        "id": f"bq{n:06d}",
        "question": f"Is {word} the answer to question {n}?",
        "title": f"{word} {n % 97}",
        "passage": f"A passage about {word} and number {n}. " * 4,
        "answer": n % 2 == 0,
        "categories": ["general", CATS[n % len(CATS)]],
        "difficulty": 1 + n % 5,
    }


def submission(n: int) -> dict:
    return {
        "id": f"q_{n:08x}",
        "question": f"Is {WORDS[n % len(WORDS)]} proposed question {n}?",
        "title": "",
        "passage": "",
        "answer": True,
        "categories": ["general", CATS[n % len(CATS)]],
        "difficulty": 3,
        "status": "pending",
        "submitted_at": 1_700_000_000 + n * 60,
        "author": f"5eed0000-0000-4000-8000-{n % 500:012d}",
        "accepted": False,
    }


class _SqlTimer:
    """Time spent inside the database driver (execute_wrapper), to tell SQL from the rest."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def _timed(client, url: str, *, before=None) -> tuple[float, int, int, float, float]:
    """(wall ms, SQL queries, DynamoDB requests, wall ms inside the driver, CPU ms)."""
    from truthbyte_admin.data.client import track_requests

    if before:
        before()
    timer = _SqlTimer()
    with track_requests() as stats, CaptureQueriesContext(connection) as sql:
        with connection.execute_wrapper(timer):
            cpu = time.thread_time()
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            cpu = (time.thread_time() - cpu) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(sql), stats.requests, timer.seconds * 1000, cpu


def _summary(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def measure(client, url: str) -> dict:
    """Repeated requests (what is kept per index state is reused) and first requests after a
    change to the index (nothing kept: ``questions_changed`` renews the token before each)."""
    from truthbyte_admin.staffindex import apply

    client.get(url)  # warm
    warm = [_timed(client, url) for _ in range(ROUNDS)]
    cold = [_timed(client, url, before=apply.questions_changed) for _ in range(ROUNDS)]
    p50, p95 = _summary([w[0] for w in warm])
    c50, c95 = _summary([c[0] for c in cold])
    return {
        "p50": p50,
        "p95": p95,
        "cold_p50": c50,
        "cold_p95": c95,
        "cpu_p50": statistics.median(w[4] for w in warm),
        "cold_cpu_p50": statistics.median(c[4] for c in cold),
        "sql": warm[-1][1],
        "cold_sql": cold[-1][1],
        "sql_ms": statistics.median(w[3] for w in warm),
        "cold_sql_ms": statistics.median(c[3] for c in cold),
        "ddb": max(r[2] for r in warm + cold),
    }


PAGES = {
    "search “paris” (1 in 10 match)": "/questions/?q=paris",
    "search “paris 42”": "/questions/?q=paris+42",
    "filtered list: category + difficulty": "/questions/?category=capitals&difficulty=3",
    "filtered list: category by display name, page 3": "/questions/?category=Capitals&page=3",
    "search + category, sorted by id": "/questions/?q=rome&category=science&sort=id",
    "whole list, page 1": "/questions/",
    "category dashboard": "/categories/",
}


def seed(size: int) -> None:
    from truthbyte_admin.data import categories as categories_repo
    from truthbyte_admin.data import events, tables
    from truthbyte_admin.staffindex import live

    settings.TRUTHBYTE_ENV = f"bench{size}{ARGS.database[:2]}"
    tables.create_missing_tables("category_id", wait=True)
    events.unsubscribe(live.on_committed)  # seeding stands in for the game: the sync's job
    questions = [question(n) for n in range(size)]
    harness.seed_items(tables.name(tables.QUESTIONS), questions)
    harness.seed_items(
        tables.name(tables.QUESTION_CATEGORIES),
        (
            {"category": c, "question_id": q["id"], "difficulty": q["difficulty"]}
            for q in questions
            for c in q["categories"]
        ),
    )
    harness.seed_items(tables.name(tables.SUBMISSIONS), (submission(n) for n in range(SUBMISSIONS)))
    counts = {"general": size} | {c: len(range(i, size, len(CATS))) for i, c in enumerate(CATS)}
    counts["science"] += 3  # one drifting count, for the dashboard to show
    categories_repo.put_counts(counts)
    events.subscribe(live.on_committed, tables=live.wants)


def stream_lag(*, writes: int) -> list[float]:
    """Game writes while ``sync_index --follow`` runs (in a thread): time until each is listed."""
    from tests.support import game_writes as game
    from truthbyte_admin.staffindex import sync
    from truthbyte_admin.staffindex.models import IndexedQuestion

    stop = threading.Event()

    def follow():
        try:
            sync.follow(stop=stop.is_set)
        finally:
            connection.close()

    thread = threading.Thread(target=follow, daemon=True)
    thread.start()
    time.sleep(2)  # its first pass
    lags = []
    rng = random.Random(7)
    for n in range(writes):
        qid = f"lag{n:03d}"
        game.question(qid, f"Is lag {n} measured?")
        started = time.perf_counter()
        while not IndexedQuestion.objects.filter(qid=qid).exists():
            time.sleep(0.01)
        lags.append((time.perf_counter() - started) * 1000)
        time.sleep(rng.uniform(0, 1))  # writes land anywhere in the sync's one-second cycle
    stop.set()
    thread.join(timeout=30)
    return lags


def run_size(client, size: int) -> dict:
    from django.core.management import call_command

    from truthbyte_admin.categories import verify
    from truthbyte_admin.data.client import track_requests
    from truthbyte_admin.staffindex import sync
    from truthbyte_admin.staffindex.build import rebuild

    print(f"[{size}] seeding", flush=True)
    seed(size)
    load_before = os.getloadavg()[0]
    print(f"[{size}] rebuilding", flush=True)
    report = rebuild(segments=4)
    results = {name: measure(client, url) for name, url in PAGES.items()}
    load_after = os.getloadavg()[0]
    print(f"[{size}] pages measured", flush=True)
    scan_passes = []
    for _ in range(2 if size <= 10_000 else 1):  # scans mode: one full pass per interval
        started = time.perf_counter()
        sync_report = sync.sync_once()
        scan_passes.append(time.perf_counter() - started)
    assert set(sync_report.mode.values()) == {"scan"}, sync_report.mode
    started = time.perf_counter()
    with track_requests() as verify_stats:
        verify.start(actor="bench")  # inline: CATEGORY_CHECK_IN_THREAD is off (main)
    verify_s = time.perf_counter() - started
    print(f"[{size}] streams", flush=True)
    call_command("enable_streams", verbosity=0, stdout=open(os.devnull, "w"))
    sync.sync_once()  # the first pass after enabling: positions set
    lags = stream_lag(writes=LAG_WRITES)
    interval = sync.scan_interval()
    pass_p95 = max(scan_passes + [report.seconds])
    return {
        "size": size,
        "load": (load_before, load_after),
        "pages": results,
        "rebuild_s": report.seconds,
        "items_read": report.items_read,
        "requests": report.requests,
        "counts": report.counts,
        "scan_pass_s": scan_passes,
        "scan_lag_p95_s": 0.95 * interval + pass_p95,
        "interval": interval,
        "verify_s": verify_s,
        "verify_items": verify_stats.items_read,
        "verify_requests": verify_stats.requests,
        "stream_lag_p50": statistics.median(lags),
        "stream_lag_p95": sorted(lags)[max(0, int(len(lags) * 0.95) - 1)],
        "stream_lag_max": max(lags),
    }


def _page_table(run: dict) -> list[str]:
    lines = [
        f"Load average on the 2 cores while measuring: {run['load'][0]:.1f} → "
        f"{run['load'][1]:.1f} (other engineers' test runs share the machine: "
        "wall times are upper bounds; *CPU ms* is this request's own CPU time, what the page "
        "costs without the queue for the cores; *in the database* is the wall time spent in "
        "the database driver, the part the index itself costs).",
        "",
        "| Page | p50 ms | p95 ms | CPU ms p50 | first after a change: p50 / p95 ms (CPU p50) "
        "| SQL queries (repeat / first) | in the database ms p50 (repeat / first) "
        "| DynamoDB requests |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in run["pages"].items():
        lines.append(
            f"| {name} | {r['p50']:.1f} | {r['p95']:.1f} | {r.get('cpu_p50', 0):.1f} | "
            f"{r['cold_p50']:.1f} / {r['cold_p95']:.1f} ({r.get('cold_cpu_p50', 0):.1f}) | "
            f"{r['sql']} / {r['cold_sql']} | {r['sql_ms']:.1f} / {r['cold_sql_ms']:.1f} | "
            f"{r['ddb']} |"
        )
    return lines


def _status(runs: list[dict]) -> list[str]:
    big = next((r for r in runs if r["size"] >= 50_000), None)
    if big is None or "cpu_p50" not in next(iter(big["pages"].values())):
        return []
    pages = big["pages"]
    lists = {k: v for k, v in pages.items() if k != "category dashboard"}
    board = pages["category dashboard"]
    worst = max(lists.values(), key=lambda r: r["cpu_p50"])
    worst_cold = max(lists, key=lambda k: lists[k]["cold_cpu_p50"])
    return [
        f"**Status at 50,000 (SQLite).** Repeated requests: every search and filtered list "
        f"page costs at most {worst['cpu_p50']:.1f} ms of CPU (p50), the dashboard "
        f"{board['cpu_p50']:.1f} ms — within the goals (30 ms, 50 ms) as the app's own time. "
        f"Wall-clock p50s in this run: {min(r['p50'] for r in pages.values()):.0f}–"
        f"{max(r['p50'] for r in pages.values()):.0f} ms (load "
        f"{min(big['load']):.0f}–{max(big['load']):.0f} on 2 cores)"
        + (
            ", within the goals too. "
            if max(r["p50"] for r in lists.values()) <= 30 and board["p50"] <= 50
            else ", dominated by waiting for a core: they do not show the goal. "
        )
        + "The first request after a change pays the full query: up to "
        f"{lists[worst_cold]['cold_cpu_p50']:.0f} ms of CPU ({worst_cold}), the dashboard "
        f"{board['cold_cpu_p50']:.0f} ms; a broad search's bm25 ranking over 5,000 matches is "
        "the largest part, and over the 30 ms goal for that first request.",
        "",
    ]


def report_lines(runs: list[dict], postgres: list[dict] | None) -> list[str]:
    lines = [
        "# Staff index: search, filtered lists, dashboard, rebuild, sync",
        "",
        "Measured by `bench/bench_index.py` on DynamoDB Local (in memory) and the staff index "
        f"in SQLite (a file, FTS5), with {SUBMISSIONS:,} pending submissions in the index beside "
        f"the questions; {ROUNDS} requests per page after one warm-up. App time is the whole "
        "Django request through the test client (session, sign-in checks, template); these "
        "pages make no DynamoDB request. “First after a change” renews the index's change token "
        "before every request, so nothing kept for the previous state is used: what the first "
        "visitor after any change to the questions pays. Goals: search and filtered list p50 "
        "≤ 30 ms at 50,000 questions; dashboard ≤ 50 ms.",
        "",
        "What makes them fast: the list keeps, per index state (a token renewed by every "
        "change to questions or categories), the category options, each query's exact total "
        "and — up to 20,000 matches — its ordered ids, so a page is one `id IN (…)` query of 25 "
        "rows; totals are counted from the cheapest table; bm25 ranking (the cost of a broad "
        "search: about 15 ms for 5,000 matches) is paid once per query per index state.",
        "",
    ]
    lines += _status(runs)
    for run in runs:
        lines += [f"## {run['size']:,} questions (SQLite)", ""]
        lines += _page_table(run)
        lines += [
            "",
            f"- Rebuild: {run['rebuild_s']:.1f} s, {run['items_read']:,} DynamoDB items read in "
            f"{run['requests']:,} Scan requests (4 parallel segments): questions, submissions, "
            "players and categories.",
            f"- Verify now (dashboard): {run['verify_s']:.1f} s, {run['verify_items']:,} items "
            f"read in {run['verify_requests']} strongly consistent Scan requests (every "
            "category-index item and category item), in the background.",
            f"- Sync lag, streams mode (`sync_index --follow` in a thread, {LAG_WRITES} game "
            f"writes at random moments): p50 {run['stream_lag_p50']:.0f} ms, p95 "
            f"{run['stream_lag_p95']:.0f} ms, max {run['stream_lag_max']:.0f} ms from the "
            "game's write to the row in the index.",
            f"- Sync lag, scans mode: a full pass takes "
            f"{', '.join(f'{s:.1f}' for s in run['scan_pass_s'])} s; a write waits for the next "
            f"pass (every STAFF_INDEX_SCAN_INTERVAL = {run['interval']} s), so lag p95 ≈ "
            f"0.95 × {run['interval']} s + one pass ≈ {run['scan_lag_p95_s']:.0f} s.",
            "",
        ]
    for run in postgres or []:
        lines += [f"## {run['size']:,} questions (PostgreSQL)", ""]
        lines += _page_table(run)
        lines += [
            "",
            "- CPU ms is the app's side only here (PostgreSQL works in its own process: see "
            "*in the database*). The first search after a change ranks with "
            "`ts_rank(to_tsvector(search_text))`, which re-parses every matching row's text; "
            "a stored `tsvector` column would avoid that (not done yet).",
            f"- Rebuild: {run['rebuild_s']:.1f} s, {run['items_read']:,} items read. "
            f"Streams lag p50 {run['stream_lag_p50']:.0f} ms, p95 {run['stream_lag_p95']:.0f} ms.",
            "",
        ]
    return lines


def write_report() -> None:
    found = {}
    for database in ("sqlite", "postgres"):
        path = ROOT / "var" / f"bench_index_{database}.json"
        found[database] = json.loads(path.read_text()) if path.exists() else None
    lines = report_lines(found["sqlite"] or [], found["postgres"])
    (ROOT / "docs" / "perf" / "index.md").write_text("\n".join(lines))
    print("\n".join(lines))


def main() -> None:
    if ARGS.report_only:
        write_report()
        return
    settings.CATEGORY_CHECK_IN_THREAD = False
    server = harness.start_dynamodb(timeout_seconds=60)
    try:
        client = harness.signed_in_client()
        runs = [run_size(client, int(s)) for s in ARGS.sizes.split(",")]
    finally:
        server.stop()
        if _postgres is not None:
            connection.close()
            _postgres.stop()
    out_json = ROOT / "var" / f"bench_index_{ARGS.database}.json"
    out_json.parent.mkdir(exist_ok=True)
    out_json.write_text(json.dumps(runs, indent=1))
    write_report()


if __name__ == "__main__":
    main()
