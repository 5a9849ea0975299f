"""How fast an endpoint takes the writes a fresh import must make, from a client that does nothing
else: the floor under `load_questions`' write phase on that endpoint.

The items are exactly those `load_questions` writes into empty tables (built by the app's own
parsing and models: each question, and one category-index item per category, `general`
included, with the question's difficulty). They go out as BatchWriteItem requests of 25 on
``workers`` connections, signed by botocore's SigV4 signer and sent by urllib3 (both already
botocore's own parts), with none of an SDK client's per-request work, no reads, no recount, no
staff index and no Django start-up in the time. A measuring instrument for `bench_import.py`,
not a way to import: it checks nothing and retries nothing.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import urllib3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from truthbyte_admin.data import tables
from truthbyte_admin.data.importing import parse_question_lines
from truthbyte_admin.data.models import CategoryIndexEntry
from truthbyte_admin.data.serialization import to_item
from truthbyte_admin.domain.categories import normalise_categories

BATCH = 25


def required_requests(path: Path) -> list[bytes]:
    """The BatchWriteItem bodies of a fresh import of ``path``: questions first, as ours."""
    with path.open("rb") as handle:
        questions = parse_question_lines(handle).questions
    question_items, index_items = [], []
    for question in questions:
        question.categories = normalise_categories(question.categories)
        question.version = 1
        question_items.append(to_item(question.to_item()))
        index_items += [
            to_item(CategoryIndexEntry(c, question.id, question.difficulty).to_item())
            for c in question.categories
        ]
    bodies = []
    for table, items in (
        (tables.name(tables.QUESTIONS), question_items),
        (tables.name(tables.QUESTION_CATEGORIES), index_items),
    ):
        for start in range(0, len(items), BATCH):
            chunk = [{"PutRequest": {"Item": item}} for item in items[start : start + BATCH]]
            bodies.append(json.dumps({"RequestItems": {table: chunk}}).encode())
    return bodies


def send(endpoint: str, bodies: list[bytes], *, workers: int = 8) -> float:
    """Seconds from the first request sent to the last answer read."""
    url = urlsplit(endpoint)
    pool = urllib3.HTTPConnectionPool(url.hostname, url.port, maxsize=workers)
    signer = SigV4Auth(Credentials("local", "local"), "dynamodb", "us-east-1")

    def post(body: bytes) -> None:
        request = AWSRequest(
            "POST",
            endpoint.rstrip("/") + "/",
            data=body,
            headers={
                "X-Amz-Target": "DynamoDB_20120810.BatchWriteItem",
                "Content-Type": "application/x-amz-json-1.0",
            },
        )
        signer.add_auth(request)
        answer = pool.urlopen("POST", "/", body=body, headers=dict(request.headers.items()))
        if answer.status != 200 or json.loads(answer.data).get("UnprocessedItems"):
            raise RuntimeError(f"not written: HTTP {answer.status} {answer.data[:200]!r}")

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as writers:
        list(writers.map(post, bodies))
    return time.perf_counter() - started
