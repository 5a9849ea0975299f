""" "Verify now": the dashboard's check of the stored counts against DynamoDB itself.

The check is what the repair computes — every category item and every category-index item,
both read strongly consistent — without changing anything, so at 50,000 questions (~100,000
index items, several seconds) it runs in the background and the page shows its progress.

Why a row in the staff database and a thread (not a task queue, not a streamed response): the
run's state lives in one ``IndexState`` row (``count-check``: the latest run), so whichever
process answers the page's progress poll — any gunicorn worker, or runserver — reads the same
state; the thread needs no extra service to run. If the process that runs the check dies
(a restart, a recycled worker), its row stops being updated: after HEARTBEAT_SECONDS without
progress the page says the check stopped and offers to start it again. A streamed response was
rejected because proxies buffer it and a worker would be tied up for the whole scan.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django.utils.safestring import SafeString

from ..data import categories as categories_repo
from ..data.errors import DataUnavailable
from ..domain.categories import count_drift
from ..staffindex import selectors as index_selectors
from ..staffindex.models import IndexState
from . import lists
from .wording import Wording, count_change, stored_count_html, when_text

log = logging.getLogger(__name__)

ROW = "count-check"
HEARTBEAT_SECONDS = 30  # no progress for this long: the process running the check is gone


@dataclass(frozen=True)
class CheckedCategory:
    slug: str
    display_name: str
    stored: int | None
    actual: int
    unreadable: object = None  # stored instead of a number ("lots"), as stored

    @property
    def drift(self) -> int | None:
        """stored - questions; None when the stored count isn't a number."""
        return None if self.unreadable is not None else (self.stored or 0) - self.actual

    @property
    def stored_html(self) -> SafeString:
        return stored_count_html(self.stored, self.unreadable)


@dataclass(frozen=True)
class CountCheck:
    run: str
    status: str  # "running", "done", "failed" or "stopped" (its process went away)
    started_by: str
    started_at: dt.datetime
    updated_at: dt.datetime
    read: int  # category-index items read so far
    expected: int  # what the index holds: the progress bar's end (the check may read more)
    categories: int = 0
    drifting: list[CheckedCategory] = field(default_factory=list)
    # Categories whose list disagrees with the questions' categories (lists.ListSummary)
    lists: list[lists.ListSummary] = field(default_factory=list)
    # Categories where only the admin's copy was behind: its figures catch up at the next sync
    index_differs: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def running(self) -> bool:
        return self.status == "running"

    @property
    def done(self) -> bool:
        return self.status == "done"

    @property
    def lists_by_slug(self) -> dict[str, lists.ListSummary]:
        return {summary.slug: summary for summary in self.lists} if self.done else {}

    @property
    def repair_plan(self) -> list[Wording]:
        """What a repair would change by this check's findings: the lists, then the counts."""
        plan = [sentence for found in self.lists for sentence in found.sentences]
        return plan + [
            count_change(c.slug, c.stored, c.unreadable, c.actual) for c in self.drifting
        ]

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        return min(99, 100 * self.read // self.expected) if self.expected else 0

    @property
    def checked_text(self) -> str:
        """When the check finished, "at 06:12 UTC" (not "0 s ago", which an open page keeps
        saying)."""
        return when_text(self.updated_at)


def latest() -> CountCheck | None:
    state = IndexState.objects.filter(name=ROW).first()
    return _from_state(state) if state else None


def _from_state(state: IndexState) -> CountCheck:
    data = state.data
    status = data.get("status", "failed")
    if status == "running" and timezone.now() - state.updated_at > dt.timedelta(
        seconds=HEARTBEAT_SECONDS
    ):
        status = "stopped"
    return CountCheck(
        run=data.get("run", ""),
        status=status,
        started_by=data.get("started_by", ""),
        started_at=dt.datetime.fromisoformat(data["started_at"])
        if data.get("started_at")
        else state.updated_at,
        updated_at=state.updated_at,
        read=int(data.get("read") or 0),
        expected=int(data.get("expected") or 0),
        categories=int(data.get("categories") or 0),
        drifting=[CheckedCategory(**c) for c in data.get("drifting", [])],
        lists=[lists.ListSummary.from_data(c) for c in data.get("lists", [])],
        index_differs=list(data.get("index_differs", [])),
        error=data.get("error", ""),
    )


def forget() -> None:
    """After a repair: the last check's findings no longer describe what is stored."""
    IndexState.objects.filter(name=ROW).exclude(data__status="running").delete()


def start(*, actor: str) -> CountCheck:
    """Start a check, or return the one already running (one at a time: it reads everything)."""
    with transaction.atomic():
        state = IndexState.objects.select_for_update().filter(name=ROW).first()
        if state is not None and _from_state(state).running:
            return _from_state(state)
        run = uuid.uuid4().hex
        expected = sum(f.questions for f in index_selectors.category_figures())
        now = timezone.now()
        state, _ = IndexState.objects.update_or_create(
            name=ROW,
            defaults={
                "updated_at": now,
                "data": {
                    "run": run,
                    "status": "running",
                    "started_by": actor,
                    "started_at": now.isoformat(),
                    "read": 0,
                    "expected": expected,
                },
            },
        )
    if getattr(settings, "CATEGORY_CHECK_IN_THREAD", True):
        transaction.on_commit(lambda: _start_thread(run))
    else:  # tests whose database transaction a second connection couldn't see
        check(run)
    return _from_state(IndexState.objects.get(name=ROW))


def _start_thread(run: str) -> None:
    def body():
        try:
            check(run)
        finally:
            connections.close_all()  # this thread's own database connection

    threading.Thread(target=body, name=f"count-check-{run[:8]}", daemon=True).start()


def _update(run: str, **data) -> None:
    """Write this run's progress or result (a newer run owns the row: leave it alone)."""
    state = IndexState.objects.filter(name=ROW).first()
    if state is None or state.data.get("run") != run:
        return
    IndexState.objects.filter(name=ROW, data__run=run).update(
        updated_at=timezone.now(), data=state.data | data
    )


def check(run: str) -> None:
    """Read every category item and every list entry (strongly consistent), compare the lists
    with the questions' categories (:mod:`.lists`), and keep what differs: the lists' problems,
    and the stored counts that differ from the lists once put right (what the repair sets).
    Changes nothing in DynamoDB."""
    try:
        if categories_repo.schema() is None:
            _update(run, status="failed", error="This environment stores no category counts.")
            return
        found = lists.survey(progress=lambda n: _update(run, read=n))
        counted = found.counted()
        drifting = [
            {
                "slug": slug,
                "display_name": found.display_name(slug),
                "stored": count,
                "actual": n,
                "unreadable": found.items[slug].unreadable_count if slug in found.items else None,
            }
            for slug, count, n in count_drift(found.stored, counted)
        ]
        _update(
            run,
            status="done",
            read=found.entries_read,
            categories=len(set(found.stored) | set(counted)),
            drifting=drifting,
            lists=[summary.as_data() for summary in found.summaries()],
            index_differs=sorted(found.behind),
        )
    except DataUnavailable as exc:
        log.warning("count check %s failed: %s", run, exc)
        _update(
            run,
            status="failed",
            error="The game's data did not answer every read (it may be busy); nothing was "
            "changed. Verify again in a moment.",
        )
    except Exception:  # noqa: BLE001 - the page must learn the check ended; the log has why
        log.exception("count check %s failed", run)
        _update(run, status="failed", error="The check failed unexpectedly; nothing was changed.")
