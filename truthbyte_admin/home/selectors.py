"""The home page's "what needs attention now", per role.

Moderators: pending submissions and how long the oldest has waited (the queue's own count).
Editors: the categories whose stored count drifts, those whose list in the game's data the last
"Verify now" found disagreeing with the questions' tags, and those too small for a round, as the
categories dashboard shows them. Everyone: whether the game serves today's daily set and the
pool size (the data layer's cached pool, the one the editor's daily-set panels use: at most one
bounded pool read a minute), and the latest staff actions (the audit log copy). Every number
comes with the page that acts on it, and says what that page says.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.safestring import SafeString

from ..auditlog.selectors import AuditRow, recent_actions
from ..categories.selectors import LOW_THRESHOLD, ListSummary, lists_found, stored_count_html
from ..core.clock import utc_now
from ..core.errors import unavailable_reason
from ..core.links import audit_log_url, category_row_url
from ..data import questions as questions_repo
from ..data.errors import DataUnavailable
from ..domain.daily_set import MIN_POOL, game_refuses
from ..moderation.selectors import pending_count, waited_text
from ..staffindex import selectors as index_selectors
from ..staffindex.freshness import Freshness, current

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
    unreadable: object = None  # stored instead of a number ("lots"), as stored

    @property
    def url(self) -> str:
        return category_row_url(self.slug)

    @property
    def stored_html(self) -> SafeString:
        """What is stored, as the dashboard says it: 1,234, “lots” (text, not a number), —."""
        return stored_count_html(self.stored, self.unreadable)


@dataclass(frozen=True)
class ListNote:
    """A category whose list in the game's data "Verify now" found wrong."""

    found: ListSummary

    @property
    def slug(self) -> str:
        return self.found.slug

    @property
    def url(self) -> str:
        return category_row_url(self.found.slug)


@dataclass(frozen=True)
class Categories:
    drifting: list[CategoryNote]
    low: list[CategoryNote]
    low_total: int
    lists: list[ListNote] = field(default_factory=list)
    lists_checked_text: str = ""  # when "Verify now" found them ("at 06:12 UTC")
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
    sees_sign_ins: bool = False  # the audit log shows this staff member sign-ins (admins)

    @property
    def sign_ins_url(self) -> str:
        """The audit log's entries about staff: sign-ins, two-factor, unlocks."""
        return audit_log_url("staff#")


def moderation_attention(now: dt.datetime, freshness: Freshness) -> Moderation:
    """The queue's pending count and its oldest submission (staff index: no DynamoDB request)."""
    pending = pending_count(freshness)
    return Moderation(
        pending=pending.count,
        oldest_submitted=pending.oldest.submitted if pending.oldest else None,
        now=now,
    )


def category_attention() -> Categories:
    """Drifting and small categories as the categories dashboard lists them, from what it reads
    (staff index: SQL only, no DynamoDB request).

    Drifting: those the index sync's last drift check found (every sync pass compares stored
    counts with the questions; a repair on the dashboard drops what it fixed at once), not a
    count of its own that the dashboard would contradict between passes. Lists: what the last
    "Verify now" found wrong with the game's lists (kept in the staff database until a repair or
    the next check), as the dashboard shows it. Small: under a round's worth of questions,
    ``general`` included, as the dashboard marks them.
    """
    drift = index_selectors.drift_check()
    notes = [
        CategoryNote(figure.slug, figure.questions, figure.stored_count, figure.unreadable_count)
        for figure in index_selectors.category_figures()
    ]
    found, found_at = lists_found()
    drifting = [note for note in notes if note.slug in drift.categories]
    low = sorted(
        (note for note in notes if note.questions < LOW_THRESHOLD),
        key=lambda note: (note.questions, note.slug),
    )
    return Categories(
        drifting=drifting,
        low=low[:LISTED_CATEGORIES],
        low_total=len(low),
        lists=[ListNote(summary) for summary in found],
        lists_checked_text=found_at,
    )


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


def home_for(
    *,
    moderates: bool,
    curates: bool,
    sees_sign_ins: bool = False,
    now: dt.datetime | None = None,
) -> Home:
    """What the signed-in staff member should look at first, for their role. Recent changes
    are work on the game's content: every staff sign-in, two-factor reset or unlock would push
    them off the page (admins see those in the audit log)."""
    now = now or utc_now()
    freshness = current()
    return Home(
        daily=daily_status(now.date()),
        recent=recent_actions(limit=RECENT_ACTIONS, include_security=False),
        freshness=freshness,
        moderation=moderation_attention(now, freshness) if moderates else None,
        categories=category_attention() if curates else None,
        sees_sign_ins=sees_sign_ins,
    )
