"""The categories dashboard: stored counts beside the questions per category, the difficulty
mix, and drift.

A page load reads the staff index only (SQL; no DynamoDB request once the table's key schema is
cached): stored counts as the index copied them from the categories table, questions per
category and difficulty from the indexed questions, and the drift the index sync computed, with
its age. Checking against DynamoDB itself — a strongly consistent read of every category-index
item, O(index) — happens only when someone asks for it (:mod:`.verify`) and in the repair.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString
from django.utils.text import Truncator

from ..auditlog import selectors as audit_log
from ..core.links import audit_log_url, category_row_id, html_key
from ..core.undo import undo_deadline
from ..data import audit
from ..data import categories as categories_repo
from ..data.models import GENERAL, default_display_name
from ..domain.categories import key_problem
from ..domain.validation import DIFFICULTIES as DIFFICULTY_LEVELS
from ..staffindex import selectors as index_selectors
from ..staffindex.freshness import Freshness
from ..staffindex.freshness import current as index_freshness
from . import verify
from .lists import ListSummary
from .wording import Wording, count_change, stored_count_html, when_text

LOW_THRESHOLD = 10  # the game serves rounds of 10: fewer questions can't fill one
DIFFICULTIES = tuple(DIFFICULTY_LEVELS.values())

# Chart geometry (SVG user units; the SVG scales to its container). The label and value
# columns are at least this wide, and wider when their longest text needs it: an SVG clips
# what falls outside it ("15,031 (stored 15…").
CHART_LABEL_WIDTH = 190
CHART_BAR_AREA = 560
CHART_VALUE_WIDTH = 110
CHART_GAP = 8  # between a bar's end of the chart area and its text
CHART_FONT_SIZE = 12  # .chart text in admin.css
CHART_LABEL_CHARS = 26  # longer display names are shortened with "…"
CHART_ROW = 24
CHART_BAR = 16
CHART_TOP = 8


@dataclass
class CategoryRow:
    slug: str
    display_name: str
    stored: int | None  # None: no item, or an item without a count
    actual: int
    by_difficulty: dict[int | None, int] = field(default_factory=dict)
    has_item: bool = True
    named: bool = True  # False: the display name is the game's computed default
    # What the index sync found for this category at its last drift check (None: no drift then)
    sync_drift: dict | None = None
    unreadable_count: object = None  # stored instead of a number ("lots"), as stored
    # What the last "Verify now" found wrong with this category's list in the game's data
    list_problem: ListSummary | None = None

    @property
    def needs_repair(self) -> bool:
        return self.drifting or self.list_problem is not None

    @property
    def stored_html(self) -> SafeString:
        return stored_count_html(self.stored, self.unreadable_count)

    @property
    def deletable(self) -> bool:
        """No question is in it (as the staff index has it; the deletion re-reads the game's
        data): a category made by mistake can go. Never ``general``."""
        return (
            self.has_item
            and self.actual == 0
            and self.slug != GENERAL
            and not key_problem(self.slug)
        )

    @property
    def players_see(self) -> str | None:
        """The name the game shows players (from the key), when it is not the display name
        staff see here: "Capital Cities" stored for ``capitals``, which players see as
        "Capitals"."""
        shown = default_display_name(self.slug)
        return None if shown == self.display_name else shown

    @property
    def html_key(self) -> str:
        return html_key(self.slug)

    @property
    def html_id(self) -> str:
        return category_row_id(self.slug)

    @property
    def audit_url(self) -> str | None:
        """The audit log of this category alone (its creation, renames and repairs); None for a
        key with spaces at either end, which the log's filter would trim into another key."""
        return audit_log_url(audit.category_entity(self.slug))

    @property
    def drift(self) -> int | None:
        """stored - questions, as the index sync's last drift check found it; None when that
        check found no drift here, or the stored count isn't a number (a category without a
        stored count drifts by -questions)."""
        if self.sync_drift is None or self.unreadable_count is not None:
            return None
        return (self.sync_drift.get("stored") or 0) - (self.sync_drift.get("indexed") or 0)

    @property
    def drifting(self) -> bool:
        return self.sync_drift is not None and (
            self.unreadable_count is not None or bool(self.drift)
        )

    @property
    def low(self) -> bool:
        return self.actual < LOW_THRESHOLD

    @property
    def difficulty_cells(self) -> list[tuple[str, int]]:
        cells = [(str(d), self.by_difficulty.get(d, 0)) for d in DIFFICULTIES]
        if self.by_difficulty.get(None):
            cells.append(("?", self.by_difficulty[None]))
        return cells


@dataclass
class ChartBar:
    row: CategoryRow
    y: int
    width: int
    stored_width: int | None
    text_y: int

    @property
    def label(self) -> str:
        return Truncator(self.row.display_name).chars(CHART_LABEL_CHARS)

    @property
    def shows_stored(self) -> bool:
        """The value label adds "(stored N)": the stored count drifts from the questions."""
        return self.row.drifting and self.row.stored is not None

    @property
    def value_text(self) -> str:
        """The value label as the template writes it (intcomma: "15,031 (stored 15,000)")."""
        text = f"{self.row.actual:,}"
        return text + f" (stored {self.row.stored:,})" if self.shows_stored else text

    @property
    def css_class(self) -> str:
        if self.row.drifting:
            return "bar drift"
        if self.row.low:
            return "bar low"
        return "bar"


@dataclass
class Chart:
    bars: list[ChartBar]
    width: int
    height: int
    label_width: int
    threshold_x: int | None
    value_x: int


@dataclass
class Dashboard:
    rows: list[CategoryRow]
    schema: str | None  # "category_id", "name", or None (no categories table)
    chart: Chart
    index_items: int
    questions_in_general: int
    freshness: Freshness | None = None
    drift_checked: index_selectors.DriftCheck | None = None
    check: verify.CountCheck | None = None  # the latest "Verify now", None if none is kept
    recently_deleted: list[RecentDeletion] = field(default_factory=list)

    @property
    def rows_key(self) -> str:
        """:func:`rows_key` of the rows shown."""
        return rows_key(row.slug for row in self.rows)

    @property
    def lists_to_fix(self) -> list[CategoryRow]:
        return [r for r in self.rows if r.list_problem is not None]

    @property
    def to_repair(self) -> list[CategoryRow]:
        return [r for r in self.rows if r.needs_repair] if not self.table_missing else []

    @property
    def lists_checked_text(self) -> str | None:
        """When "Verify now" found the lists wrong ("at 06:12 UTC"), None when it didn't."""
        return self.check.checked_text if self.lists_to_fix else None

    @property
    def repair_plan(self) -> list[Wording]:
        """What the repair will change, as far as this page knows: each list the last "Verify
        now" found wrong, then each stored count (category: stored → counted) — from that check
        when it is newer than the sync's drift check, else from the sync's."""
        check = self.check if self.check is not None and self.check.done else None
        plan = [
            sentence for found in (check.lists if check else []) for sentence in found.sentences
        ]
        synced_at = self.drift_checked.checked_at if self.drift_checked else None
        if check is not None and (synced_at is None or check.updated_at >= synced_at):
            changes = [(c.slug, c.stored, c.unreadable, c.actual) for c in check.drifting]
        else:
            changes = [(r.slug, r.stored, r.unreadable_count, r.actual) for r in self.drifting]
        for slug, stored, unreadable, counted in changes:
            plan.append(count_change(slug, stored, unreadable, counted))
        return plan

    @property
    def drift_checked_text(self) -> str | None:
        """When the sync last compared the counts ("at 06:12 UTC"), None if it never did."""
        at = self.drift_checked.checked_at if self.drift_checked else None
        return None if at is None else when_text(at)

    @property
    def table_missing(self) -> bool:
        return self.schema is None

    @property
    def total_stored(self) -> int:
        return sum(r.stored or 0 for r in self.rows)

    @property
    def total_actual(self) -> int:
        return sum(r.actual for r in self.rows)

    @property
    def drifting(self) -> list[CategoryRow]:
        return [r for r in self.rows if r.drifting] if not self.table_missing else []

    @property
    def low(self) -> list[CategoryRow]:
        return [r for r in self.rows if r.low]

    @property
    def difficulty_totals(self) -> list[tuple[str, int]]:
        totals: Counter = Counter()
        for row in self.rows:
            if row.slug == GENERAL:
                totals.update(row.by_difficulty)
        cells = [(str(d), totals.get(d, 0)) for d in DIFFICULTIES]
        if totals.get(None):
            cells.append(("?", totals[None]))
        return cells


def dashboard() -> Dashboard:
    """Everything from the staff index: 0 DynamoDB requests (the key schema is cached). The
    last "Verify now" (kept in the staff database) adds what it found wrong with the game's
    lists: the sync can't see them (it copies the questions, not the lists)."""
    board = _dashboard(verify.latest())
    board.recently_deleted = recently_deleted(shown={row.slug for row in board.rows})
    return board


@dataclass(frozen=True)
class RecentDeletion:
    """A category deleted within the undo time, not back since: the dashboard keeps its Undo
    after the message that first offered it is gone (a reload, another page)."""

    slug: str
    display_name: str
    actor: str
    at: dt.datetime

    @property
    def undo_until(self) -> dt.datetime:
        return undo_deadline(self.at)


def recently_deleted(*, shown: set[str]) -> list[RecentDeletion]:
    """From the staff copy of the audit log (one SQL query, no DynamoDB request): each
    category whose latest deletion or put back is a deletion within the undo time, and which
    is not on the list again (a question put in it since recreated it). Undo re-reads the
    game's data before it acts."""
    return [
        RecentDeletion(record.entity_id, _deleted_name(record), record.actor, record.at)
        for record in audit_log.categories_deleted_lately()
        if record.entity_id not in shown
    ]


def _deleted_name(record) -> str:  # an auditlog record (its staff copy)
    try:
        return categories_repo.recorded_category(record.before).category.display_name
    except (AttributeError, KeyError, TypeError, ValueError):  # an entry from before its shape
        return default_display_name(record.entity_id)


def rows_key(slugs: Iterable[str]) -> str:
    """Which rows a page shows, in a few characters whatever their number (sent with every
    poll of "Verify now", in its address): "" for none."""
    ordered = sorted(set(slugs))
    if not ordered:
        return ""
    return hashlib.sha256("\0".join(ordered).encode()).hexdigest()[:16]


@dataclass
class CheckPanel:
    """The "Verify now" panel, answered in place (htmx), and once the check has ended the
    dashboard's figures as it left them, swapped into the open page beside it (the cards, the
    chart, each row's figures; never a rename field, which may hold what someone is typing)."""

    check: verify.CountCheck | None
    board: Dashboard | None = None  # None while the check runs: nothing new to show yet
    # The open page has other rows than the board now (a category appeared or went since it
    # was loaded): its table can't take the figures, so none are sent and the panel says so.
    rows_changed: bool = False


def check_panel(check: verify.CountCheck | None, *, page_rows: str) -> CheckPanel:
    """``check`` (just started, or as polled) with the figures to update once it has ended: the
    staff index and the staff database only, no DynamoDB request. ``page_rows``: the
    :func:`rows_key` of the rows the open page shows, which the figures must fit."""
    if check is None or check.running:
        return CheckPanel(check)
    board = _dashboard(check)
    if board.table_missing:
        return CheckPanel(check)
    if board.rows_key != page_rows:
        return CheckPanel(check, rows_changed=True)
    return CheckPanel(check, board)


def _dashboard(check: verify.CountCheck | None) -> Dashboard:
    schema = categories_repo.schema()
    figures = index_selectors.category_figures()
    drift = index_selectors.drift_check()
    found_in_lists = check.lists_by_slug if check is not None and schema is not None else {}
    rows = []
    for figure in figures:
        if schema is None and figure.questions == 0:
            continue
        named = figure.has_item and schema is not None
        rows.append(
            CategoryRow(
                slug=figure.slug,
                display_name=(figure.display_name if named else None)
                or default_display_name(figure.slug),
                stored=figure.stored_count if named else None,
                actual=figure.questions,
                by_difficulty=dict(figure.by_difficulty),
                has_item=named,
                named=named,
                sync_drift=drift.categories.get(figure.slug) if schema is not None else None,
                unreadable_count=figure.unreadable_count if named else None,
                list_problem=found_in_lists.get(figure.slug),
            )
        )
    return Dashboard(
        rows=rows,
        schema=schema,
        chart=_chart(rows),
        index_items=sum(r.actual for r in rows),
        questions_in_general=next((r.actual for r in rows if r.slug == GENERAL), 0),
        freshness=index_freshness(),
        drift_checked=drift,
        check=check,
    )


def _chart(rows: list[CategoryRow]) -> Chart:
    peak = max([r.actual for r in rows] + [r.stored or 0 for r in rows] + [LOW_THRESHOLD, 1])

    def scale(value: int) -> int:
        return round(value * CHART_BAR_AREA / peak)

    bars = []
    for n, row in enumerate(rows):
        y = CHART_TOP + n * CHART_ROW
        bars.append(
            ChartBar(
                row=row,
                y=y,
                width=max(scale(row.actual), 1 if row.actual else 0),
                stored_width=scale(row.stored) if row.drifting and row.stored is not None else None,
                text_y=y + CHART_BAR - 3,
            )
        )
    label_width = max(
        [CHART_LABEL_WIDTH] + [_text_width(bar.label) + CHART_GAP * 2 for bar in bars]
    )
    value_width = max(
        [CHART_VALUE_WIDTH] + [CHART_GAP + _text_width(bar.value_text) + 4 for bar in bars]
    )
    return Chart(
        bars=bars,
        width=label_width + CHART_BAR_AREA + value_width,
        height=CHART_TOP * 2 + max(len(rows), 1) * CHART_ROW,
        label_width=label_width,
        threshold_x=label_width + scale(LOW_THRESHOLD),
        value_x=label_width + CHART_BAR_AREA + CHART_GAP,
    )


def _text_width(text: str) -> int:
    """A generous estimate of ``text``'s width in the chart's font: 0.66 em a character, as
    wide as DejaVu Sans' digits (Debian's default sans-serif, among the widest), and a full em
    for East Asian wide characters (CJK, most emoji)."""
    ems = sum(1 if unicodedata.east_asian_width(ch) in "WF" else 0.66 for ch in text)
    return math.ceil(ems * CHART_FONT_SIZE)


def lists_found() -> tuple[list[ListSummary], str]:
    """The categories whose list the last "Verify now" found disagreeing with the questions'
    tags, and when it ran ("at 06:12 UTC"; "" when it found none): the staff database only."""
    check = verify.latest()
    found = list(check.lists_by_slug.values()) if check is not None else []
    return found, check.checked_text if found and check is not None else ""


__all__ = ["LOW_THRESHOLD", "ListSummary", "lists_found", "stored_count_html", "when_text"]
