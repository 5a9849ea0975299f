"""Import speed: `manage.py load_questions` against the game's own uploader
(`../shared/truthbyte/reference/upload_questions.py`, called unchanged as a subprocess) on the
same data and the same DynamoDB Local, into the `dev-truthbyte-*` tables the uploader insists on.

Three cases, each timed as a whole command (Python start-up included for both), runs
alternating tool by tool, median of RUNS:
- fresh: `curated_questions.jsonl` into empty tables;
- re-import: the same file again over what it left (overlap 100 %, nothing changed);
- overlapping export: the same 2,000 ids in the other export shape (tags as categories, no
  difficulty), so every question changes categories and difficulty.
Requests are counted once per tool and case through the (fault-free) proxy of the tests.
Writes docs/perf/import.md.
"""

from __future__ import annotations

from harness import ROOT, start_dynamodb  # isort: skip (sets up Django first)

import json
import os
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
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
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


def run(tool: str, path: Path, endpoint: str) -> float:
    env = dict(
        os.environ,
        AWS_ACCESS_KEY_ID="local",
        AWS_SECRET_ACCESS_KEY="local",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ENDPOINT_URL_DYNAMODB=endpoint,
        DYNAMODB_ENDPOINT_URL=endpoint,
        TRUTHBYTE_ENV="dev",
        DJANGO_SETTINGS_MODULE="tests.settings",
        DYNAMODB_TIMEOUT_SECONDS="60",
    )
    if tool == "uploader":
        command = [sys.executable, str(UPLOADER), "--environment", "dev", "--file", str(path)]
    else:
        command = [sys.executable, str(ROOT / "manage.py"), "load_questions", str(path)]
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


CASES = [
    ("fresh import of `curated_questions.jsonl` (2,000 questions)", "fresh"),
    ("re-import of the same file over it (overlap 100 %, unchanged)", "again"),
    ("overlapping export: same 2,000 ids, other shape (every question changes)", "other"),
]


def measure(server_url: str, proxy: FaultProxy, other: Path) -> dict:
    files = {"fresh": CURATED, "again": CURATED, "other": other}
    times: dict = {(case, tool): [] for _, case in CASES for tool in ("uploader", "ours")}
    requests: dict = {}
    for number in range(RUNS + 1):
        counting = number == RUNS  # the last round goes through the proxy, to count requests
        endpoint = proxy.url if counting else server_url
        for tool in ("uploader", "ours") if number % 2 == 0 else ("ours", "uploader"):
            reset_tables()
            for _, case in CASES:
                if case == "other":
                    reset_tables()
                    run(tool, CURATED, server_url)  # the state the other-shape export overlaps
                before = proxy.log.forwarded
                seconds = run(tool, files[case], endpoint)
                if counting:
                    requests[(case, tool)] = proxy.log.forwarded - before
                else:
                    times[(case, tool)].append(seconds)
    return {"times": times, "requests": requests}


def write_report(result: dict) -> None:
    rows = []
    for label, case in CASES:
        ours = statistics.median(result["times"][(case, "ours")])
        theirs = statistics.median(result["times"][(case, "uploader")])
        rows.append(
            f"| {label} | {theirs:.2f} | {result['requests'][(case, 'uploader')]} "
            f"| {ours:.2f} | {result['requests'][(case, 'ours')]} | {ours / theirs:.2f} |"
        )
    OUT.write_text(
        "\n".join(
            [
                "## Import (`load_questions`) against the game's uploader",
                "",
                f"Measured by `bench/bench_import.py` on Amazon's DynamoDB Local (in memory, "
                f"loopback), "
                f"this 2-core machine shared with other work: each figure is the median of {RUNS} "
                f"runs "
                "of the whole command (Python start-up included for both tools), the two tools "
                "alternating; requests counted in one more run through the test rig's proxy. The "
                "uploader is `../shared/truthbyte/reference/upload_questions.py`, unchanged.",
                "",
                "| Case | Uploader s | Uploader requests | `load_questions` s | Requests | Ratio |",
                "|---|---:|---:|---:|---:|---:|",
                *rows,
                "",
                "- The uploader writes less: no `general` index item for single-category "
                "questions, no "
                "difficulty on index items, and it reads nothing, so a re-import re-writes "
                "everything "
                "and never repairs. `load_questions` also writes each question's `general` index "
                "item "
                "(≈ 2 index items per curated question instead of 1), reads what is stored "
                "(consistent BatchGetItem of the file's questions, one consistent Scan of the "
                "index), "
                "writes only the difference, and recounts every touched category (consistent COUNT "
                "query + conditional set).",
                "- Speed comes from 8 parallel writers (BatchWriteItem, 25 items each) and from "
                "updating existing questions in transactions of 100 version-conditioned updates: "
                "an "
                "overlapping export over 2,000 existing questions takes 20 TransactWriteItems "
                "where "
                "the previous import made one conditional UpdateItem per question (2,076 "
                "requests).",
                "- An unchanged re-import writes nothing at all: it is reads and counts.",
                "",
            ]
        ),
        encoding="utf-8",
    )


def main() -> None:
    if not CURATED.exists() or not UPLOADER.exists():
        sys.exit(f"needs {CURATED} and {UPLOADER}")
    server = start_dynamodb(timeout_seconds=60)
    proxy = FaultProxy(server.url).start()
    try:
        result = measure(server.url, proxy, other_shape(CURATED))
    finally:
        proxy.stop()
        server.stop()
    write_report(result)
    print(OUT.read_text())


if __name__ == "__main__":
    main()
