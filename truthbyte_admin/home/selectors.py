"""The home page's "what needs attention now", per role.

Moderators: pending submissions and how long the oldest has waited (staff index). Editors:
category counts that differ from the questions tagged, and categories too small for a round
(staff index). Everyone: whether the game serves today's daily set and the pool size (the data
layer's cached pool, the one the editor's daily-set panels use: at most one bounded pool read a
minute), and the latest staff actions (the audit log copy). Every number comes with the page
that acts on it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db.models import Count, Min
from django.urls import reverse

from ..auditlog.selectors import AuditRow, recent_actions
from ..categories.selectors import LOW_THRESHOLD
from ..core.clock import utc_now
from ..core.errors import unavailable_reason
from ..core.links import category_row_url
from ..data import questions as questions_repo
from ..data.errors import DataUnavailable
from ..data.models import GENERAL, PENDING
from ..domain.daily_set import MIN_POOL, game_refuses
from ..moderation.selectors import waited_text
from ..staffindex.freshness import Freshness, current
from ..staffindex.models import IndexedCategory, IndexedSubmission, QuestionCategory

RECENT_ACTIONS = 8
LISTED_CATEGORIES = 6

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Moderation:
    pending: int
    oldest_submitted: dt.datetime | None
    now: dt.datetime

    @property
    def oldest_age(self) -> dt.timedelta | None:
        return self.now - self.oldest_submitted if self.oldest_submitted else None

    @property
    def oldest_age_text(self) -> str:
        return waited_text(self.oldest_submitted, self.now) or ""

    @property
    def queue_url(self) -> str:
        return reverse("moderation:index")


@dataclass(frozen=True)
class CategoryNote:
    slug: str
    questions: int
    stored: int | None = None

    @property
    def drifting(self) -> bool:
        """As the dashboard counts it: a stored count that differs, or none for a category
        that has questions."""
        return (self.stored or 0) != self.questions

    @property
    def url(self) -> str:
        return category_row_url(self.slug)


@dataclass(frozen=True)
class Categories:
    drifting: list[CategoryNote]
    low: list[CategoryNote]
    low_total: int
    url: str = field(default_factory=lambda: reverse("categories:index"))


@dataclass(frozen=True)
class DailyStatus:
    day: dt.date
    pool_size: int
    read_at: dt.datetime | None
    min_pool: int = MIN_POOL
    unavailable: str = ""  # why the pool could not be read (then nothing else is known)

    @property
    def served(self) -> bool:
        return not self.unavailable and not game_refuses(self.pool_size)

    @property
    def url(self) -> str:
        return f"{reverse('daily:index')}?date={self.day.isoformat()}"


@dataclass(frozen=True)
class Home:
    daily: DailyStatus
    recent: list[AuditRow]
    freshness: Freshness
    moderation: Moderation | None = None
    categories: Categories | None = None
    audit_url: str = field(default_factory=lambda: reverse("auditlog:index"))


def moderation_attention(now: dt.datetime) -> Moderation:
    """Pending submissions from the staff index (one SQL query, no DynamoDB request)."""
    facts = IndexedSubmission.objects.filter(status=PENDING).aggregate(
        n=Count("id"), oldest=Min("submitted_at")
    )
    oldest = facts["oldest"]
    return Moderation(
        pending=facts["n"],
        oldest_submitted=dt.datetime.fromtimestamp(oldest, dt.UTC) if oldest else None,
        now=now,
    )


def category_attention() -> Categories:
    """Categories whose stored count differs from the questions tagged with them, and
    categories under a round's worth of questions — both from the staff index (two SQL
    queries, no DynamoDB request), so a repair made here shows at once."""
    counts = dict(
        QuestionCategory.objects.values_list("category").annotate(n=Count("id")).order_by()
    )
    stored = dict(IndexedCategory.objects.values_list("slug", "stored_count"))
    notes = [CategoryNote(slug, counts.get(slug, 0), stored.get(slug)) for slug in stored | counts]
    drifting = sorted((n for n in notes if n.drifting), key=lambda n: n.slug)
    low = sorted(
        (n for n in notes if n.slug != GENERAL and n.questions < LOW_THRESHOLD),
        key=lambda n: (n.questions, n.slug),
    )
    return Categories(drifting=drifting, low=low[:LISTED_CATEGORIES], low_total=len(low))


def daily_status(today: dt.date) -> DailyStatus:
    """The day's status from the cached pool. The home is where staff land after signing in:
    with DynamoDB down it still opens, and says this one fact is unknown."""
    try:
        pool_ids, read_at = questions_repo.cached_daily_pool_ids()
    except DataUnavailable as exc:
        log.warning("home: the daily pool could not be read: %s", exc)
        return DailyStatus(
            day=today, pool_size=0, read_at=None, unavailable=unavailable_reason(exc)
        )
    return DailyStatus(day=today, pool_size=len(pool_ids), read_at=read_at)


def home_for(*, moderates: bool, curates: bool, now: dt.datetime | None = None) -> Home:
    """What the signed-in staff member should look at first, for their role. Recent actions
    are work on the game's content: every staff sign-in would push them off the page (admins
    see sign-ins in the audit log)."""
    now = now or utc_now()
    return Home(
        daily=daily_status(now.date()),
        recent=recent_actions(limit=RECENT_ACTIONS, include_security=False),
        freshness=current(),
        moderation=moderation_attention(now) if moderates else None,
        categories=category_attention() if curates else None,
    )
