"""Benchmark: the question list (one category page) and the categories dashboard at 2,000 and
50,000 questions, against moto's DynamoDB server.

For each page: DynamoDB requests, items read, total time, time spent waiting on DynamoDB, and the
app's own time (total - waiting). The list page must make the same requests and read the same
number of items at both sizes; the dashboard reads the whole index (O(index), by design).

    .venv/bin/python bench/bench_questions.py            # writes docs/perf/questions.md
"""

from __future__ import annotations

from harness import ROOT, signed_in_client, start_dynamodb  # isort: skip (sets up Django first)

import json
import sys
import time

from django.conf import settings
from django.core.cache import cache
from django.test import Client

from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import tables
from truthbyte_admin.data.batch import batch_write
from truthbyte_admin.data.client import track_requests
from truthbyte_admin.data.models import CategoryIndexEntry, Question
from truthbyte_admin.domain.categories import normalise_categories

CURATED = ROOT.parent / "shared" / "truthbyte" / "data" / "curated_questions.jsonl"
SIZES = (2_000, 50_000)
LIST_URL = "/questions/?category=science"
LIST_RUNS = 5
OUT = ROOT / "docs" / "perf" / "questions.md"


def base_questions() -> list[dict]:
    if CURATED.exists():
        return [json.loads(line) for line in CURATED.read_text().splitlines() if line.strip()]
    cats = ["science", "history", "sports", "geography", "entertainment"]
    return [{"id": f"q{n}", "question": f"Is synthetic question {n} true?", "answer": n % 2 == 0,
             "category": cats[n % len(cats)], "difficulty": 1 + n % 4, "title": f"T{n}",
             "passage": "Synthetic passage. " * 20} for n in range(2_000)]


def seed(size: int) -> None:
    """Batch writes only (no transactions): questions, their index items, then the counts."""
    rows = base_questions()
    questions, index_items, counts = [], [], {}
    for n in range(size):
        row = rows[n % len(rows)]
        qid = row["id"] if n < len(rows) else f"{row['id']}_{n // len(rows)}"
        categories = normalise_categories([row.get("category") or "general"])
        question = Question(id=qid, question=row["question"], title=row.get("title", ""),
                            passage=row.get("passage", ""), answer=bool(row["answer"]),
                            categories=categories, difficulty=int(row.get("difficulty") or 3),
                            version=1)
        questions.append(question.to_item())
        for category in categories:
            index_items.append(CategoryIndexEntry(category, qid, question.difficulty).to_item())
            counts[category] = counts.get(category, 0) + 1
    batch_write(tables.name(tables.QUESTIONS), puts=questions)
    batch_write(tables.name(tables.QUESTION_CATEGORIES), puts=index_items)
    categories_repo.put_counts(counts)


def measure(client: Client, url: str, runs: int) -> dict:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        with track_requests() as stats:
            response = client.get(url)
        total = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        samples.append((total, stats))
    total, stats = sorted(samples, key=lambda s: s[0])[len(samples) // 2]  # the median run
    return {
        "requests": stats.requests,
        "operations": ", ".join(stats.operations),
        "items_read": stats.items_read,
        "total_ms": total * 1000,
        "waiting_ms": stats.waiting_seconds * 1000,
        "app_ms": (total - stats.waiting_seconds) * 1000,
        "app_ms_spread": [round((t - s.waiting_seconds) * 1000, 1) for t, s in samples],
    }


def main() -> None:
    # moto's Query walks and sorts the whole table (~100,000 index items at 50k questions):
    # far slower than DynamoDB, so allow it time instead of the interactive 5 s timeout.
    server = start_dynamodb(timeout_seconds=300)
    settings.DYNAMODB_MAX_ATTEMPTS = 1
    client = signed_in_client()
    results = []
    try:
        for size in SIZES:
            settings.TRUTHBYTE_ENV = f"bench{size}"
            cache.clear()
            tables.create_missing_tables(
                "category_id", wait=False,
                only=[tables.QUESTIONS, tables.QUESTION_CATEGORIES, tables.CATEGORIES,
                      tables.AUDIT],
            )
            started = time.perf_counter()
            seed(size)
            seeded = time.perf_counter() - started
            print(f"seeded {size:,} questions in {seeded:.0f}s", flush=True)
            started = time.perf_counter()
            client.get(LIST_URL)  # warm: table schema and category options are cached per process
            print(f"warm-up list page {time.perf_counter() - started:.1f}s", flush=True)
            listing = measure(client, LIST_URL, LIST_RUNS if size < 10_000 else 2)
            dashboard = measure(client, "/categories/", 1)
            results.append((size, "Question list, category page (`/questions/?category=science`)",
                            listing))
            results.append((size, "Categories dashboard (`/categories/`)", dashboard))
            print(f"{size:,}: list {listing['requests']} req / {listing['items_read']} items, "
                  f"dashboard {dashboard['requests']} req / {dashboard['items_read']} items",
                  flush=True)
    finally:
        server.stop()

    by_size = {size: r for size, label, r in results if label.startswith("Question list")}
    same = (len({(r["requests"], r["items_read"], r["operations"]) for r in by_size.values()})
            == 1)
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
        "Measured by `bench/bench_questions.py` against moto's DynamoDB server (in-process, on "
        "loopback), seeded with batch writes: the curated questions, repeated under new ids to "
        "reach 50,000; each question is in its category and `general`, so the index holds two "
        "items per question. *App* = total − time waiting on DynamoDB (Django, templates, "
        "deserialising). List page: median of 5 warm runs at 2,000, the slower of 2 at 50,000 "
        "(table schema and category options cached, as in a running process). Dashboard: one "
        "run at each size (it is slow in moto). Whole run: 3–6 minutes on 2 cores, most of "
        "it seeding 150,000 items into moto.",
        "",
        "| Questions | Page | Requests | Operations | Items read | Total ms | Waiting ms | "
        "App ms |",
        "|---:|---|---:|---|---:|---:|---:|---:|",
    ]
    for size, label, r in results:
        lines.append(
            f"| {size:,} | {label} | {r['requests']} | {r['operations']} | {r['items_read']:,} | "
            f"{r['total_ms']:.0f} | {r['waiting_ms']:.0f} | {r['app_ms']:.0f} |"
        )
    lines += [
        "",
        "- The list page is one Query on the category index (Limit 25) plus one BatchGetItem for "
        "those 25 questions at both sizes: "
        + ("**identical requests and items read at 2,000 and 50,000** — " if same else
           "**NOT identical across sizes — investigate** — ")
        + "its DynamoDB cost does not grow with the table. (Waiting time still grows in moto, "
        "whose Query walks and sorts the whole table; on DynamoDB it doesn't.)",
        "- Waiting times are moto's, not DynamoDB's: moto's Query walks and sorts the whole "
        "table and its Scan is slow per item, so the dashboard's waiting time at 50,000 is "
        "about a minute here. The figures to compare across sizes are requests, items read and "
        "the app's own time.",
        "- The dashboard scans the whole category index (O(index items): here 2 × questions) and "
        "the small categories table. That is deliberate — exact drift needs every index item, "
        "and it is what the game's own category list does — and acceptable for a page staff open "
        "occasionally; every other page stays bounded. On DynamoDB a Scan page is ~1 MB, so "
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
