"""Benchmark: the moderation queue page at 200 and at 20,000 pending submissions, against
DynamoDB Local (in memory).

The queue page must make the same DynamoDB requests and read the same number of items at both
sizes, and the app's own time (total − waiting on DynamoDB) must stay within 1.5×. The pending
COUNT (O(pending)) is not part of the page: it is a separate, cached fragment, measured here too.

    .venv/bin/python bench/bench_queue.py            # writes docs/perf/moderation.md
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
import sys
import time

from django.conf import settings
from django.core.cache import cache
from django.test import Client

from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import tables
from truthbyte_admin.data.client import track_requests

SIZES = (200, 20_000)
RUNS = 15
QUEUE_URL = "/queue/"
OUT = ROOT / "docs" / "perf" / "moderation.md"
CATEGORIES = ["science", "history", "geography", "sports", "entertainment"]


def submission(n: int) -> dict:
    """A pending submission exactly as the game writes it (GAME.md)."""
    return {
        "id": f"q_{n:08x}",
        "question": f"Is player-submitted question number {n} a true statement about the world?",
        "title": f"Submission {n}",
        "passage": "A short passage the player wrote to back the answer up. " * 4,
        "answer": n % 2 == 0,
        "categories": [CATEGORIES[n % len(CATEGORIES)]],
        "difficulty": 1 + n % 5,
        "status": "pending",
        "submitted_at": 1_764_000_000 + n,
        "author": f"player-{n % 997:04d}",
        "accepted": False,
    }


def seed(start: int, stop: int) -> None:
    seed_items(tables.name(tables.SUBMISSIONS), (submission(n) for n in range(start, stop)))


def one_run(client: Client, url: str, **headers) -> tuple[float, float, object]:
    """(total s, this thread's CPU s, request stats) for one GET."""
    started, cpu_started = time.perf_counter(), time.thread_time()
    with track_requests() as stats:
        response = client.get(url, **headers)
    total, cpu = time.perf_counter() - started, time.thread_time() - cpu_started
    assert response.status_code == 200, (url, response.status_code)
    return total, cpu, stats


def summarise(samples: list) -> dict:
    stats = samples[0][2]
    return {
        "requests": stats.requests,
        "operations": ", ".join(stats.operations),
        "items_read": stats.items_read,
        "total_ms": statistics.median(t * 1000 for t, _, _ in samples),
        "waiting_ms": statistics.median(s.waiting_seconds * 1000 for _, _, s in samples),
        "app_ms": statistics.median((t - s.waiting_seconds) * 1000 for t, _, s in samples),
        "cpu_ms": statistics.median(c * 1000 for _, c, _ in samples),
        "same_every_run": len({(s.requests, s.items_read) for _, _, s in samples}) == 1,
    }


def use_env(size: int) -> None:
    settings.TRUTHBYTE_ENV = f"benchqueue{size}"


def main() -> None:
    server = start_dynamodb()
    client = signed_in_client()
    try:
        cache.clear()
        for size in SIZES:  # one set of tables per size, so runs can alternate between them
            use_env(size)
            tables.create_missing_tables(
                "category_id",
                wait=False,
                only=[tables.SUBMISSIONS, tables.CATEGORIES, tables.QUESTIONS, tables.AUDIT],
            )
            categories_repo.put_counts({c: 0 for c in [*CATEGORIES, "general"]})
            settings.DYNAMODB_TIMEOUT_SECONDS = 60  # seeding only
            started = time.perf_counter()
            seed(0, size)
            print(
                f"seeded {size:,} pending submissions in {time.perf_counter() - started:.0f}s",
                flush=True,
            )
            settings.DYNAMODB_TIMEOUT_SECONDS = 5  # the pages run with the app's own timeout
            for _ in range(3):  # warm: table schema (DescribeTable) is cached per process
                client.get(QUEUE_URL)
        # Alternate sizes run by run, so machine noise (2 shared cores) hits both alike.
        queue_samples: dict[int, list] = {size: [] for size in SIZES}
        for _ in range(RUNS):
            for size in SIZES:
                use_env(size)
                queue_samples[size].append(one_run(client, QUEUE_URL))
        results = []
        for size in SIZES:
            use_env(size)
            cache.clear()  # the count fragment uncached, as on its first load each minute
            client.get(QUEUE_URL)
            count = summarise([one_run(client, "/queue/count/", HTTP_HX_REQUEST="true")])
            cached = summarise(
                [one_run(client, "/queue/count/", HTTP_HX_REQUEST="true") for _ in range(3)]
            )
            queue = summarise(queue_samples[size])
            results.append((size, queue, count, cached))
            print(
                f"{size:,}: queue {queue['requests']} req / {queue['items_read']} items / "
                f"app {queue['app_ms']:.1f} ms; count {count['requests']} req",
                flush=True,
            )
    finally:
        server.stop()

    small, large = results[0][1], results[-1][1]
    same = (small["requests"], small["items_read"], small["operations"]) == (
        large["requests"],
        large["items_read"],
        large["operations"],
    ) and all(r[1]["same_every_run"] for r in results)
    ratio = large["app_ms"] / small["app_ms"]
    report = render(results, same, ratio)
    print(report)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(report)
    if not same:
        sys.exit("The queue page's requests or items read depend on the backlog!")
    if ratio > 1.5:
        sys.exit(f"The queue page's own time grew {ratio:.2f}× with the backlog (limit 1.5×).")


def render(results, same: bool, ratio: float) -> str:
    lines = [
        "## Moderation queue",
        "",
        "Measured by `bench/bench_queue.py` against an in-memory DynamoDB Local on loopback, "
        "seeded with batch writes of pending submissions in the game's own shape. "
        f"Queue page: median of {RUNS} warm runs per size, the two sizes alternating run by run "
        "(table schema cached, as in a running process), with the app's normal timeout (5 s). "
        "*Waiting* = time in DynamoDB calls (DynamoDB Local's work plus botocore's parsing); "
        "*app* = total − waiting (Django, templates, deserialising); *CPU* = this thread's CPU "
        "time for the request, a cross-check less sensitive to other processes on the machine; "
        f"*AWS estimate* = app + requests × {AWS_ROUND_TRIP_MS:.0f} ms (sequential round trips).",
        "",
        "| Pending | Page | Requests | Operations | Items read | Total ms | Waiting ms | App ms "
        "| CPU ms | AWS estimate ms |",
        "|---:|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for size, queue, count, cached_count in results:
        for label, r in (
            ("Queue page (`/queue/`)", queue),
            ("Pending count fragment, uncached (`/queue/count/`)", count),
            ("Pending count fragment, cached", cached_count),
        ):
            lines.append(
                f"| {size:,} | {label} | {r['requests']} | {r['operations'] or '—'} | "
                f"{r['items_read']:,} | {r['total_ms']:.0f} | {r['waiting_ms']:.0f} | "
                f"{r['app_ms']:.1f} | {r['cpu_ms']:.1f} | "
                f"{aws_estimate_ms(r['app_ms'], r['requests']):.0f} |"
            )
    lines += [
        "",
        "- The queue page is one Query on `status-index` (Limit 25, oldest first) plus one Scan "
        "of the small categories table (the category filter's options): "
        + (
            "**identical requests and items read at 200 and 20,000 pending**"
            if same
            else "**NOT identical across sizes — investigate**"
        )
        + f"; the app's own time at 20,000 is {ratio:.2f}× that at 200 (limit 1.5×). Waiting "
        "time is DynamoDB Local's now and does not grow with the backlog either: a Query with "
        "Limit 25 reads 25 items whatever the backlog.",
        "- The uncached count at 20,000 is the one figure here that grows with the backlog, "
        "by design (next point): its waiting time is real work (every pending item read), and "
        "its AWS estimate is a floor, as each of its requests reads up to 1 MB. `Select=COUNT` "
        "returns no items, so that waiting is almost all DynamoDB Local's own reading, not "
        "parsing in the app.",
        "- Design decision: the page never counts. The pending COUNT is `Select=COUNT` over "
        "`status-index`, paginated — O(pending): DynamoDB reads every pending item to count it "
        '(1 MB per request). It is loaded by a separate htmx fragment (`hx-trigger="load"`, '
        "and a plain link without JavaScript) and cached 60 s in the Django cache, so it costs "
        "at most one count per minute per process, and the queue page itself stays constant.",
        "- Without `status-index` (older deployments) the same page is one filtered Scan page "
        "(Limit 25): still bounded, but unordered and possibly short; the page says so.",
        "- The review page is bounded too once the similarity corpus is cached: GetItem "
        "(submission) + Query (`author-index`, ≤ 100 of the author's submissions) + GetItem "
        "(`users`) + Query (audit history) + Scan (categories). The corpus (id and question text "
        "of every question) is one projected full Scan, cached 5 minutes per process and keyed by "
        "the questions table's name only: each approval made here appends its new question to "
        "the cached corpus, so the approve → next review workflow never rescans. Edits, "
        "retirements and questions created elsewhere reach the comparison when the 5-minute TTL "
        "runs out; the review page's small print says so (asserted in "
        "`tests/web/test_moderation_views.py::test_review_page_is_bounded_once_the_corpus_is_"
        "cached` and `::test_approve_then_next_review_does_not_scan_questions`).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
