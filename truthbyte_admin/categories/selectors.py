"""The categories dashboard: stored counts beside the category index, drift, difficulty spread.

It reads the whole index by Scan — O(index items), i.e. about (1 + categories per question) ×
questions items, a few Scan pages per 10,000 items. That is fine for a dashboard opened now and
then by staff (see docs/perf/questions.md for the figures) and is exactly how the game's own
category list counts; every per-question page stays O(1).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from ..data import categories as categories_repo
from ..data import questions as questions_repo
from ..data.models import GENERAL, default_display_name

_PLAIN_SLUG = re.compile(r"[a-z0-9_]+")
LOW_THRESHOLD = 10  # the game serves rounds of 10: fewer questions can't fill one
DIFFICULTIES = (1, 2, 3, 4, 5)

# Chart geometry (SVG user units; the SVG scales to its container).
CHART_LABEL_WIDTH = 190
CHART_BAR_AREA = 560
CHART_VALUE_WIDTH = 110
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

    @property
    def html_key(self) -> str:
        """For element ids: the slug itself when it is a plain slug, else a digest (legacy
        categories may hold spaces, capitals, "/", which an id can't)."""
        if _PLAIN_SLUG.fullmatch(self.slug):
            return self.slug
        return "x-" + hashlib.sha1(self.slug.encode()).hexdigest()[:12]

    @property
    def html_id(self) -> str:
        return f"cat-{self.html_key}"

    @property
    def drift(self) -> int | None:
        """stored - actual; None when there is no stored count to compare (and none is needed)."""
        if self.stored is None:
            return -self.actual if self.actual else None
        return self.stored - self.actual

    @property
    def drifting(self) -> bool:
        return bool(self.drift)

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


def actual_counts() -> tuple[Counter, dict[str, Counter]]:
    """Index items per category, and per category per difficulty (one full Scan of the index)."""
    return questions_repo.index_counts()


def dashboard() -> Dashboard:
    schema = categories_repo.schema()
    stored = {c.slug: c for c in categories_repo.list_all(consistent=True)} if schema else {}
    counts, spread = actual_counts()
    rows = []
    for slug in sorted(set(stored) | set(counts)):
        item = stored.get(slug)
        rows.append(
            CategoryRow(
                slug=slug,
                display_name=item.display_name if item else default_display_name(slug),
                stored=item.count if item else None,
                actual=counts.get(slug, 0),
                by_difficulty=dict(spread.get(slug, {})),
                has_item=item is not None,
                named=item is not None,
            )
        )
    return Dashboard(
        rows=rows,
        schema=schema,
        chart=_chart(rows),
        index_items=sum(counts.values()),
        questions_in_general=counts.get(GENERAL, 0),
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
    return Chart(
        bars=bars,
        width=CHART_LABEL_WIDTH + CHART_BAR_AREA + CHART_VALUE_WIDTH,
        height=CHART_TOP * 2 + max(len(rows), 1) * CHART_ROW,
        label_width=CHART_LABEL_WIDTH,
        threshold_x=CHART_LABEL_WIDTH + scale(LOW_THRESHOLD),
        value_x=CHART_LABEL_WIDTH + CHART_BAR_AREA + 8,
    )
