"""The code's shape: DynamoDB stays in data/, no import cycles, one dependency direction.

A small AST walk over truthbyte_admin (every import, function-level ones included: a lazy
import hides a cycle, it doesn't remove it).
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "truthbyte_admin"
TEMPLATES = ROOT / "templates"
# Feature packages, by the job each belongs to: retired questions are the question editor's.
JOBS = {
    "moderation": "moderation",
    "questions": "questions",
    "retired": "questions",
    "categories": "categories",
    "players": "players",
    "daily": "daily",
    "auditlog": "auditlog",
    "home": "home",
}
# The home page is the overview of the other jobs: it may read their selectors, nothing else.
OVERVIEW = "home"
# The audit log is every job's history: a job may show the latest entries about what it shows
# (a player's staff changes) through the audit log's selectors, nothing else of it.
HISTORY_READS = "truthbyte_admin.auditlog.selectors"
# What every job builds on; none of it may import a job.
SHARED = ("data", "domain", "core", "staffindex", "accounts", "demo")

# Known debts ("module -> module"), named so the list can only shrink; none now. What two jobs
# share goes to a shared package instead (the question form: core/question_form.py over
# domain/validation.py), so an entry here should stay exceptional and say why.
KNOWN_CROSS_JOB: set[str] = set()

# Expression syntax, raw items and storage types: only data/ may know them.
DYNAMODB_SYNTAX = re.compile(
    r"Expression|ExpressionAttribute|CancellationReasons|#[a-z_]+ = :|\.raw\b|Decimal"
)
# What a template must never show or use: storage keys and raw items.
TEMPLATE_STORAGE = re.compile(
    r"\.raw\b|LastEvaluatedKey|ExclusiveStartKey|ExpressionAttribute|#[a-z_]+ = :|\bto_item\b"
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _targets(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    if node.level:
        base = base[: len(base) - (node.level - 1)]
        target = ".".join([*base, *([node.module] if node.module else [])])
    else:
        target = node.module or ""
    modules = _modules()
    return [
        f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target
        for alias in node.names
    ]


@cache
def import_graph() -> dict[str, frozenset[str]]:
    """Module -> the modules of truthbyte_admin it imports (anywhere in the file)."""
    modules = _modules()
    graph: dict[str, frozenset[str]] = {}
    for module, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _targets(module, path, node):
                while target not in modules and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in modules and target != module:
                    deps.add(target)
        graph[module] = frozenset(deps)
    return graph


def _cycles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _offending_lines(files, pattern: re.Pattern) -> list[str]:
    hits = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return hits


def test_dynamodb_syntax_and_raw_items_stay_in_the_data_layer():
    files = [p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts[:1]]
    files += list(TEMPLATES.rglob("*.html"))
    assert _offending_lines(sorted(files), DYNAMODB_SYNTAX) == []


# Reading why a transaction was cancelled (which labelled action failed) is the data layer's job;
# it raises Conflict(current=<model>) and friends.
CANCELLATION_DECODING = re.compile(r"condition_failed_on|\.failed\(\)|CancellationReason")
KNOWN_DECODING: set[str] = set()


def test_cancellation_reasons_are_decoded_in_the_data_layer_only():
    files = [p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts[:1]]
    hits = _offending_lines(sorted(files), CANCELLATION_DECODING)
    assert [h for h in hits if h.split(":", 1)[0] not in KNOWN_DECODING] == []


# What reads raw items, stream records or wire-format values: the data layer's readers of raw
# items, a stream record's and a page's wire keys, attribute-value type tags. Outside data/ code
# gets typed records instead (data/records.py: after-commit changes, stream changes, scans).
RAW_ITEM_READING = re.compile(
    r"from_item\b|\b(batch_get|parallel_scan|client\.call)\b"
    r"|NewImage|OldImage|eventName|SequenceNumber|ShardId|LastEvaluatedKey|UnprocessedKeys"
    r"|[\"'](S|N|B|L|M|SS|NS|BS|BOOL|NULL)[\"']\s*:"
)


def test_raw_items_stream_records_and_wire_values_are_read_in_the_data_layer_only():
    files = [p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts[:1]]
    assert _offending_lines(sorted(files), RAW_ITEM_READING) == []


def test_the_raw_item_check_finds_what_the_staff_index_used_to_read():
    lines = [
        'key = from_item(change.get("Keys", {}))',
        'image = from_item(change["NewImage"]) if "NewImage" in change else None',
        "found = batch_get(table, keys, consistent=True)",
        "put(audit.entry_from_item(change.item))",
        'if shard.get("SequenceNumberRange", {}).get("EndingSequenceNumber"):',
        '{"id": {"S": "q1"}}',
    ]
    assert all(RAW_ITEM_READING.search(line) for line in lines)
    assert not RAW_ITEM_READING.search(
        "apply.apply_record(change.kind, change.item_id, change.record)"
    )


def test_templates_use_no_storage_keys_or_raw_items():
    assert _offending_lines(sorted(TEMPLATES.rglob("*.html")), TEMPLATE_STORAGE) == []


def test_there_are_no_import_cycles():
    assert _cycles(import_graph()) == []


def test_the_cycle_finder_finds_cycles():
    graph = {"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"}), "d": frozenset()}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_services_never_import_selectors():
    wrong = {
        module: sorted(dep for dep in deps if dep.rsplit(".", 1)[-1] == "selectors")
        for module, deps in import_graph().items()
        if module.rsplit(".", 1)[-1] == "services"
    }
    assert {module: deps for module, deps in wrong.items() if deps} == {}


def test_the_read_side_never_imports_the_write_side():
    # A page's reads (selectors, queries) must not pull in its writes: what both need (an audit
    # action's code, a field list) lives where both import it.
    read_side = {"selectors", "queries"}
    wrong = {
        module: sorted(dep for dep in deps if dep.rsplit(".", 1)[-1] == "services")
        for module, deps in import_graph().items()
        if module.rsplit(".", 1)[-1] in read_side
    }
    assert {module: deps for module, deps in wrong.items() if deps} == {}


def test_the_data_layer_and_the_domain_import_no_job_and_no_view():
    lower = {"data", "domain"}
    wrong = [
        f"{module} -> {dep}"
        for module, deps in import_graph().items()
        if _package_of(module) in lower
        for dep in deps
        if _package_of(dep) not in lower
    ]
    assert wrong == []


def test_the_domain_does_no_io():
    wrong = [
        f"{module} -> {dep}"
        for module, deps in import_graph().items()
        if _package_of(module) == "domain"
        for dep in deps
        if _package_of(dep) != "domain"
    ]
    assert wrong == []


def test_jobs_do_not_import_each_others_internals():
    """A job may use data/, domain/, accounts/ (roles), core/ and the staff index; what two jobs
    share lives there, not in one of them."""
    wrong = []
    for module, deps in import_graph().items():
        job = JOBS.get(_package_of(module))
        if job is None:
            continue
        for dep in deps:
            other = JOBS.get(_package_of(dep))
            if other is None or other == job:
                continue
            if job == OVERVIEW and dep.rsplit(".", 1)[-1] == "selectors":
                continue
            if dep == HISTORY_READS:
                continue
            wrong.append(f"{module} -> {dep}")
    assert sorted(set(wrong) - KNOWN_CROSS_JOB) == []
    assert sorted(KNOWN_CROSS_JOB - set(wrong)) == []  # a paid debt leaves the list


def test_what_the_jobs_share_imports_no_job():
    wrong = [
        f"{module} -> {dep}"
        for module, deps in import_graph().items()
        if _package_of(module) in SHARED
        for dep in deps
        if _package_of(dep) in JOBS
    ]
    assert wrong == []


def test_every_package_is_a_job_or_shared():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(JOBS) | set(SHARED)
