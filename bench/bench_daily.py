"""Daily set pages: DynamoDB requests and the app's own time, at 2,000 and 50,000 questions.

Run: .venv/bin/python bench/bench_daily.py   (writes docs/perf/daily.md)

One day (/daily/) and a 30-day range (/daily/range/?days=30) must make the same requests: the
pool's scan pages and nothing per day. "App time" is total time minus time spent waiting on
DynamoDB Local, i.e. what the app itself costs: parsing, sampling, rendering.
"""

from __future__ import annotations

from harness import (  # isort: skip (sets up Django first)
    AWS_ROUND_TRIP_MS,
    ROOT,
    aws_estimate_ms,
    seed_items,
    signed_in_client,
    start_dynamodb,
)

import statistics
import time

from django.conf import settings
from django.test import Client

SIZES = (2_000, 50_000)
REPEATS = 7
PAGES = [
    ("one day", "/daily/?date=2026-01-01"),
    ("14-day range", "/daily/range/?start=2026-01-01&days=14"),
    ("30-day range", "/daily/range/?start=2026-01-01&days=30"),
]


def game_item(n: int) -> dict:
    return {
        "id": f"q{n:06d}",
        "question": f"Is benchmark statement {n} true?",
        "title": f"Statement {n}",
        "passage": "A passage of ordinary length. " * 8,
        "answer": n % 2 == 0,
        "categories": ["general", ("science", "history", "geography", "sports")[n % 4]],
        "difficulty": 5 if n % 5 == 0 else 1 + n % 4,  # a fifth are filtered out of the pool
    }


def measure(client: Client, url: str) -> dict:
    from truthbyte_admin.data.client import track_requests

    runs = []
    for _ in range(REPEATS):
        with track_requests() as stats:
            started = time.perf_counter()
            response = client.get(url)
            total = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        runs.append((stats, total))
    requests = {s.requests for s, _ in runs}
    assert len(requests) == 1, requests
    return {
        "requests": runs[0][0].requests,
        "items_read": runs[0][0].items_read,
        "total_ms": statistics.median(t for _, t in runs) * 1000,
        "waiting_ms": statistics.median(s.waiting_seconds for s, _ in runs) * 1000,
        "app_ms": statistics.median(t - s.waiting_seconds for s, t in runs) * 1000,
        # Other processes share the 2 cores: the fastest run is the best estimate of own cost.
        "app_min_ms": min(t - s.waiting_seconds for s, t in runs) * 1000,
    }


def main() -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    server = start_dynamodb(timeout_seconds=60)  # seeding; pages run with the app's 5 s
    from truthbyte_admin.data import tables

    client = signed_in_client()
    rows = []
    seeded = 0
    settings.TRUTHBYTE_ENV = "bench"
    tables.create_missing_tables("category_id", only=[tables.QUESTIONS], wait=False)
    for size in SIZES:
        started = time.perf_counter()
        settings.DYNAMODB_TIMEOUT_SECONDS = 60
        seed_items(tables.name(tables.QUESTIONS), (game_item(n) for n in range(seeded, size)))
        seeded = size
        print(f"seeded {size} questions in {time.perf_counter() - started:.1f}s", flush=True)
        settings.DYNAMODB_TIMEOUT_SECONDS = 5  # the app's own timeout for the pages
        results = {label: measure(client, url) for label, url in PAGES}
        assert len({r["requests"] for r in results.values()}) == 1, results
        for label, result in results.items():
            rows.append((size, label, result))
            print(size, label, result, flush=True)
    server.stop()
    write_report(rows)


def write_report(rows) -> None:
    lines = [
        "## Daily set preview (`/daily/`, `/daily/range/`)",
        "",
        "`bench/bench_daily.py`: in-memory DynamoDB Local on loopback, questions seeded with",
        "batch writes (a fifth at difficulty 5, so the pool filter drops items and pages come",
        f"back short). {REPEATS} requests per page, medians. *Waiting* = time in DynamoDB calls",
        "(DynamoDB Local's real work plus botocore's parsing); *app* = total − waiting. Measured",
        "on 2 cores shared with other suites: times are noisy; the min column is the better",
        "estimate of the app's own cost. *AWS estimate* = app (median) + requests ×",
        f"{AWS_ROUND_TRIP_MS:.0f} ms (the requests are sequential).",
        "",
        "| questions | page | DynamoDB requests | items read | total ms | waiting ms | app ms "
        "(median) | app ms (min) | AWS estimate ms |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, label, r in rows:
        lines.append(
            f"| {size:,} | {label} | {r['requests']} | {r['items_read']:,} | "
            f"{r['total_ms']:.0f} | {r['waiting_ms']:.0f} | {r['app_ms']:.1f} | "
            f"{r['app_min_ms']:.1f} | {aws_estimate_ms(r['app_ms'], r['requests']):.0f} |"
        )
    lines += [
        "",
        "- One day and a 30-day range make **the same requests**: the game's pool scan (Limit 500,",
        "  until ≥ 1,000 items or the end) and nothing per day — the range samples every day from",
        "  one in-memory pool.",
        "- Requests do not grow with the table beyond the pool: the game stops scanning at 1,000",
        "  pool items, so 50,000 questions cost the same 3 scan pages as 2,000 here (each page",
        "  reads 500 items, ~400 survive the difficulty filter: pool = 1,200).",
        "- Waiting time is now a real DynamoDB's: the three 500-item scan pages, including",
        "  botocore's parsing of them (a few hundred KB). It does not grow with the table, as",
        "  the requests don't (differences between sizes are the machine's load). On AWS each",
        "  page is a round trip plus transfer; reading 500 items a page takes longer than the",
        "  8 ms of the estimate, so read it as a floor. App time is",
        "  deserialising the pool into `Question`s, sampling, and rendering (the range renders",
        "  300 linked cells).",
        "- The preview and range pages always read fresh (they must be exact); only the editor's",
        '  "in the daily set" panel uses the cached pool (Django cache, 60 s, keyed by table and',
        "  questions generation), so editor pages cost 0 pool requests on a warm cache.",
        "",
    ]
    out = ROOT / "docs" / "perf" / "daily.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
