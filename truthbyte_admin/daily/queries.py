"""The daily pages' request parameters, parsed and validated once (bad ones → a 400 page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import QueryDict

from ..core.errors import BadQuery
from ..core.params import date_param, not_a_question_id, shown, typed_value
from ..domain.daily_set import GAME_FIRST_DAY
from ..domain.ids import is_question_id
from ..domain.validation import DIFFICULTIES, DIFFICULTY_MAX, DIFFICULTY_MIN, normalise_text

RANGE_LENGTHS = (14, 30)


def _step(day: dt.date, days: int) -> dt.date | None:
    """``days`` days on from ``day``, if the pages show that day (None past either end)."""
    try:
        stepped = day + dt.timedelta(days=days)
    except OverflowError:
        return None
    return stepped if stepped >= GAME_FIRST_DAY else None


def _fits(start: dt.date, days: int) -> bool:
    """Whether ``days`` days from ``start`` (included) are all dates the calendar has."""
    return _step(start, days - 1) is not None


@dataclass(frozen=True)
class DayQuery:
    day: dt.date

    @classmethod
    def from_params(cls, params: QueryDict, *, today: dt.date) -> DayQuery:
        return cls(date_param(params.get("date"), label="Date", game_day=True) or today)

    @property
    def previous(self) -> dt.date | None:
        return _step(self.day, -1)

    @property
    def next(self) -> dt.date | None:
        return _step(self.day, 1)

    @property
    def range_fits(self) -> bool:
        """Whether the shortest range from this day ends before the calendar does."""
        return _fits(self.day, RANGE_LENGTHS[0])


@dataclass(frozen=True)
class RangeQuery:
    start: dt.date
    days: int

    @classmethod
    def from_params(cls, params: QueryDict, *, today: dt.date) -> RangeQuery:
        start = date_param(params.get("start"), label="From", game_day=True) or today
        raw_days = typed_value(params.get("days")) or str(RANGE_LENGTHS[0])
        if raw_days not in {str(n) for n in RANGE_LENGTHS}:
            choices = " or ".join(str(n) for n in RANGE_LENGTHS)
            typed = shown(params["days"].strip())
            raise BadQuery(f"“Days” must be {choices}, not “{typed}”.")
        days = int(raw_days)
        if not _fits(start, days):
            raise BadQuery("That range runs past the last date the calendar can show.")
        return cls(start, days)

    @property
    def previous(self) -> dt.date | None:
        """The range before this one; one that would start before GAME_FIRST_DAY starts on it
        (the first days stay reachable)."""
        if self.start <= GAME_FIRST_DAY:
            return None
        return _step(self.start, -self.days) or GAME_FIRST_DAY

    @property
    def next(self) -> dt.date | None:
        following = _step(self.start, self.days)
        return following if following and _fits(following, self.days) else None


_FIELD_LIMIT = 20_000


@dataclass(frozen=True)
class CandidateChange:
    """What the question form would change, as far as the daily sets care; parsed from its
    POST (the editor's and the create form's "Check daily-set impact")."""

    question_id: str | None  # None: a question being created
    difficulty: int
    fields: dict  # question, title, passage, answer as typed

    @classmethod
    def from_post(cls, params: QueryDict) -> CandidateChange:
        raw_id = (params.get("question_id") or "").strip()
        if raw_id in ("", "new"):
            question_id = None
        elif is_question_id(raw_id):
            question_id = raw_id
        else:
            raise BadQuery(not_a_question_id(raw_id))
        difficulty = (params.get("difficulty") or "").strip()
        if difficulty not in DIFFICULTIES:
            raise BadQuery(
                f"Choose a difficulty from {DIFFICULTY_MIN} to {DIFFICULTY_MAX} to see the "
                "daily-set impact" + (f", not “{shown(difficulty)}”." if difficulty else ".")
            )
        fields: dict = {}
        for name in ("question", "title", "passage"):
            value = params.get(name)
            if value is None:
                continue
            if len(value) > _FIELD_LIMIT:
                raise BadQuery(f"The {name} is too long to check.")
            value = normalise_text(value)
            # As the form cleans them: question and title stripped, the passage verbatim.
            fields[name] = value if name == "passage" else value.strip()
        if params.get("answer") in ("true", "false"):
            fields["answer"] = params.get("answer") == "true"
        return cls(question_id=question_id, difficulty=int(difficulty), fields=fields)
