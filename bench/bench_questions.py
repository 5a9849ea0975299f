"""Benchmark: the question list (one category page) and the categories dashboard at 2,000 and
50,000 questions, against DynamoDB Local (in memory).

For each page: DynamoDB requests, items read, total time, time spent waiting on DynamoDB, and the
app's own time (total - waiting). The list page must make the same requests and read the same
number of items at both sizes; the dashboard reads the whole index (O(index), by design).

    .venv/bin/python bench/bench_questions.py            # writes docs/perf/questions.md
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

import json
import sys
import time

from django.conf import settings
from django.core.cache import cache
from django.test import Client

from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import tables
from truthbyte_admin.data.client import get_client, track_requests
from truthbyte_admin.data.models import CategoryIndexEntry, Question
from truthbyte_admin.domain.categories import normalise_categories

CURATED = ROOT.parent / "shared" / "truthbyte" / "data" / "curated_questions.jsonl"
SIZES = (2_000, 50_000)
LIST_URL = "/questions/?category=science"
LIST_RUNS = 5
DASHBOARD_RUNS = 3
OUT = ROOT / "docs" / "perf" / "questions.md"


def base_questions() -> list[dict]:
    if CURATED.exists():
        return [json.loads(line) for line in CURATED.read_text().splitlines() if line.strip()]
    cats = ["science", "history", "sports", "geography", "entertainment"]
    return [
        {
            "id": f"q{n}",
            "question": f"Is synthetic question {n} true?",
            "answer": n % 2 == 0,
            "category": cats[n % len(cats)],
            "difficulty": 1 + n % 4,
            "title": f"T{n}",
            "passage": "Synthetic passage. " * 20,
        }
        for n in range(2_000)
    ]


def seed(size: int) -> None:
    """Batch writes only (no transactions), several writers at once: questions, their index
    items, then the counts."""
    rows = base_questions()
    questions, index_items, counts = [], [], {}
    for n in range(size):
        row = rows[n % len(rows)]
        qid = row["id"] if n < len(rows) else f"{row['id']}_{n // len(rows)}"
        categories = normalise_categories([row.get("category") or "general"])
        question = Question(
            id=qid,
            question=row["question"],
            title=row.get("title", ""),
            passage=row.get("passage", ""),
            answer=bool(row["answer"]),
            categories=categories,
            difficulty=int(row.get("difficulty") or 3),
            version=1,
        )
        questions.append(question.to_item())
        for category in categories:
            index_items.append(CategoryIndexEntry(category, qid, question.difficulty).to_item())
            counts[category] = counts.get(category, 0) + 1
    seed_items(tables.name(tables.QUESTIONS), questions)
    seed_items(tables.name(tables.QUESTION_CATEGORIES), index_items)
    categories_repo.put_counts(counts)


class ParseTimer:
    """Time botocore spends parsing answers (inside "waiting", but client-side: it happens
    against AWS too). From the raw body's arrival (before-parse) to the parsed result
    (after-call)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0
        events = get_client().meta.events
        events.register("before-parse.dynamodb", self._before)
        events.register("after-call.dynamodb", self._after)

    def _before(self, **_kwargs) -> None:
        self._started = time.perf_counter()

    def _after(self, **_kwargs) -> None:
        if self._started:
            self.seconds += time.perf_counter() - self._started
            self._started = 0.0


def measure(client: Client, url: str, runs: int) -> dict:
    samples = []
    timer = ParseTimer()
    for _ in range(runs):
        timer.seconds = 0.0
        started = time.perf_counter()
        with track_requests() as stats:
            response = client.get(url)
        total = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        samples.append((total, stats, timer.seconds))
    total, stats, parsing = sorted(samples, key=lambda s: s[0])[len(samples) // 2]  # median run
    return {
        "parsing_ms": parsing * 1000,
        "requests": stats.requests,
        "operations": ", ".join(stats.operations),
        "items_read": stats.items_read,
        "total_ms": total * 1000,
        "waiting_ms": stats.waiting_seconds * 1000,
        "app_ms": (total - stats.waiting_seconds) * 1000,
        "app_ms_spread": [round((t - s.waiting_seconds) * 1000, 1) for t, s, _ in samples],
    }


def main() -> None:
    server = start_dynamodb()
    client = signed_in_client()
    results = []
    try:
        for size in SIZES:
            settings.TRUTHBYTE_ENV = f"bench{size}"
            cache.clear()
            tables.create_missing_tables(
                "category_id",
                wait=False,
                only=[
                    tables.QUESTIONS,
                    tables.QUESTION_CATEGORIES,
                    tables.CATEGORIES,
                    tables.AUDIT,
                ],
            )
            settings.DYNAMODB_TIMEOUT_SECONDS = 60  # seeding only
            started = time.perf_counter()
            seed(size)
            seeded = time.perf_counter() - started
            print(f"seeded {size:,} questions in {seeded:.0f}s", flush=True)
            settings.DYNAMODB_TIMEOUT_SECONDS = 5  # the pages run with the app's own timeout
            started = time.perf_counter()
            client.get(LIST_URL)  # warm: table schema and category options are cached per process
            print(f"warm-up list page {time.perf_counter() - started:.1f}s", flush=True)
            listing = measure(client, LIST_URL, LIST_RUNS)
            dashboard = measure(client, "/categories/", DASHBOARD_RUNS)
            results.append(
                (size, "Question list, category page (`/questions/?category=science`)", listing)
            )
            results.append((size, "Categories dashboard (`/categories/`)", dashboard))
            print(
                f"{size:,}: list {listing['requests']} req / {listing['items_read']} items, "
                f"dashboard {dashboard['requests']} req / {dashboard['items_read']} items",
                flush=True,
            )
    finally:
        server.stop()

    by_size = {size: r for size, label, r in results if label.startswith("Question list")}
    same = len({(r["requests"], r["items_read"], r["operations"]) for r in by_size.values()}) == 1
    report = render(results, same)
    print(report)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(report)
    if not same:
        sys.exit("The list page's requests or items read depend on the table size!")


def render(results, same: bool) -> str:
    lines = [
        "## Questions and categories",
        "",
        "*Superseded:* the question list and the category dashboard are now served from the "
        "staff index (0 DynamoDB requests per page; their figures are in the “Staff index” "
        "section). This bench does not build the index: the rows recorded here are of the "
        "DynamoDB-served pages, from its last run before that change; kept for comparison.",
        "",
        "Measured by `bench/bench_questions.py` against an in-memory DynamoDB Local on "
        "loopback, seeded with batch writes (8 writers at once): the curated questions, "
        "repeated under new ids to reach 50,000; each question is in its category and "
        "`general`, so the index holds two items per question. *Waiting* = time in DynamoDB "
        "calls (DynamoDB Local's work plus botocore's parsing); *app* = total − waiting (Django, "
        "templates, deserialising); *AWS estimate* = app + requests × "
        f"{AWS_ROUND_TRIP_MS:.0f} ms (sequential round trips). List page: the median of "
        f"{LIST_RUNS} warm runs (table schema and category options cached, as in a running "
        f"process); dashboard: the median of {DASHBOARD_RUNS}. Pages run with the app's normal "
        "timeout (5 s). Whole run: a few minutes on 2 shared cores, most of it seeding 156,000 "
        "items.",
        "",
        "| Questions | Page | Requests | Operations | Items read | Total ms | Waiting ms | "
        "of which parsing ms | App ms | AWS estimate ms |",
        "|---:|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for size, label, r in results:
        lines.append(
            f"| {size:,} | {label} | {r['requests']} | {r['operations']} | {r['items_read']:,} | "
            f"{r['total_ms']:.0f} | {r['waiting_ms']:.0f} | {r['parsing_ms']:.0f} | "
            f"{r['app_ms']:.0f} | "
            f"{aws_estimate_ms(r['app_ms'], r['requests']):.0f} |"
        )
    lines += [
        "",
        "- The list page is one Query on the category index (Limit 25) plus one BatchGetItem for "
        "those 25 questions at both sizes: "
        + (
            "**identical requests and items read at 2,000 and 50,000** — "
            if same
            else "**NOT identical across sizes — investigate** — "
        )
        + "its DynamoDB cost does not grow with the table, and neither does its waiting time "
        "(a Query with Limit 25 reads 25 items on DynamoDB Local as on AWS).",
        "- Waiting times are a real DynamoDB's now, and meaningful: the dashboard's grows with "
        "the index because it reads all of it. Its AWS estimate is a floor: each of its Scan "
        "requests returns up to 1 MB, which takes longer than an 8 ms round trip to read and "
        "parse (botocore's parsing is inside the waiting time here).",
        "- At 50,000 questions the dashboard is **far over the 2 s page goal** here (about 100,000 "
        "index items in 6 Scan pages). *Of which parsing* is botocore turning each ~1 MB "
        "answer into Python inside the waiting time: client-side work that happens against "
        "AWS as well, so on AWS expect app + parsing + transfer, seconds, not the estimate. "
        "The demo world (3,000 questions) stays well under.",
        "- The dashboard scans the whole category index (O(index items): here 2 × questions) and "
        "the small categories table. That is deliberate — exact drift needs every index item, "
        "and it is what the game's own category list does — and acceptable for a page staff open "
        "occasionally; every other page stays bounded. A Scan page is up to 1 MB, so "
        "100,000 index items are a handful of requests.",
        "- Request counts are asserted in the tests "
        "(`tests/web/test_questions_views.py::test_category_page_is_one_query_plus_one_batch_get_"
        "at_any_size`, `tests/web/test_categories_views.py::test_dashboard_shows_counts_drift_"
        "low_chart_and_totals`).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
