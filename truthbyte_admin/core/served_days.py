"""One question in the daily sets of the next EDITOR_WINDOW_DAYS: the days it is served on, and
which sets a change to it (an edit, a create, a retire, a restore) would alter.

Shared by the question editor (its "appears on" panel, the retire dialog and confirmation), the
restore page and the daily job's "Check daily-set impact", so they all say the same thing from
the same read: the data layer's cached pool (data/questions.cached_daily_pool_ids: one bounded
pool read a minute at most, read afresh after our own writes to the questions table). The rules
are pure (domain/daily_set.py, domain/daily_impact.py); this module only feeds them the pool and
today's date.
"""

from __future__ import annotations

from ..data import questions as questions_repo
from ..domain import daily_impact as rules
from ..domain.daily_impact import ChangeImpact
from ..domain.daily_set import EDITOR_WINDOW_DAYS, QuestionDays, in_daily_pool, question_days
from .clock import utc_today


def days_served(question_id: str) -> QuestionDays:
    """The days from today (UTC) whose set contains the question."""
    pool_ids, read_at = questions_repo.cached_daily_pool_ids()
    return question_days(
        pool_ids, question_id, start=utc_today(), days=EDITOR_WINDOW_DAYS, read_at=read_at
    )


def change_impact(
    question_id: str,
    *,
    difficulty_after: int | None,
    difficulty_before: int | None = None,
    content_changed: bool = True,
) -> ChangeImpact:
    """The sets from today (UTC) before and after a change to the question.

    ``difficulty_after``: its difficulty once the change is saved, None when it is retired.
    ``difficulty_before``: the stored question's, None when nothing is stored under the id (a
    create, a restore): it then joins the pool if its difficulty allows, at a place in the
    game's scan order known only once it is stored. ``content_changed``: the edit changes what
    players read, not only where the question is.
    """
    pool_ids, read_at = questions_repo.cached_daily_pool_ids()
    if difficulty_after is None:
        in_pool_after = False
    elif difficulty_before is None:
        in_pool_after = in_daily_pool(difficulty_after)
    else:
        in_pool_after = rules.in_pool_after_edit(
            pool_ids,
            question_id,
            stored_difficulty=difficulty_before,
            new_difficulty=difficulty_after,
        )
    return rules.change_impact(
        pool_ids,
        read_at,
        question_id,
        in_pool_after=in_pool_after,
        content_changed=content_changed,
        start=utc_today(),
        days=EDITOR_WINDOW_DAYS,
    )
