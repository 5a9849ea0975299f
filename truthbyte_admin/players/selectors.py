"""Read side of player support: one player's record as stored, as the game computes it, and as
documented — with the day-by-day facts in between.

Request budget (independent of how many days or answers a player has):
- profile: 1 GetItem (the user item, daily_progress included) + 1 Query page of answers;
- day detail: 1 GetItem + 1 BatchGetItem (the day's questions);
- answers history: the player's answers read in Query pages up to ANSWERS_READ_CAP items
  (one Query for almost every player), sorted newest first here, + 1 BatchGetItem (question
  texts for the page shown).
The lists of players (recent, found by id) come from the staff index: no DynamoDB request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..auditlog import selectors as audit_log
from ..core import audit_labels
from ..core.clock import utc_now, utc_today
from ..core.params import MAX_PAGE
from ..core.undo import undo_deadline
from ..data import audit as audit_repo
from ..data import players as players_repo
from ..data import questions as questions_repo
from ..data.errors import NotFound, TableMissing
from ..data.models import Answer, DayRecord, Question, User
from ..data.players import PlayerRecord, StoredValue
from ..domain.daily_set import GAME_FIRST_DAY
from ..domain.player_days import (
    Calendar,
    DayFact,
    FactsPage,
    build_calendar,
    calendar_window,
    day_fact,
    day_facts,
    facts_page,
    first_day,
    in_future,
    newest_first,
    played_days,
    record_warnings,
)
from ..domain.streaks import (
    StaffStore,
    StreakComparison,
    StreakUpdate,
    break_cause,
    compare_player_streaks,
    streaks_to_store,
    worth_storing,
)
from ..staffindex import selectors as index_selectors
from .queries import AnswersFilter, ProfileQuery
from .reviewed import STORE_ACTION, STREAK_ATTRIBUTES, UNDO_ACTION, stored_streaks_token
from .streak_text import streak_text

STAFF_CHANGES = 5  # the profile's latest staff changes (one bounded query of the staff copy)
PROFILE_ANSWERS = 10
HISTORY_ANSWERS = 50
ANSWERS_READ_CAP = 2000  # answers read to sort by time; stated on the page when reached
ANSWERS_QUERY_PAGES = 4  # at most this many Query requests per page view
MAX_DAY_ANSWERS = 100  # one BatchGetItem; the game's daily has 10


def has_not_played(record: PlayerRecord) -> bool:
    """No daily challenge stored at all, not even an unreadable one: the player has simply not
    played one yet (a missing or empty list of days is how the game leaves a new player)."""
    return record.days_stored == 0 and record.unreadable_progress is None


# --- an id with no player: the ones it could be (staff index, no DynamoDB request) -----------

SUGGESTIONS = 10


@dataclass
class IdSuggestions:
    """Players an id that matches none could have meant: those whose id starts with exactly
    what was typed, and, when it has capitals, those whose id starts with it in lower case (the
    game writes lower-case ids; ids are case-sensitive, so that is a different id)."""

    typed: str
    starting: list = field(default_factory=list)
    total: int = 0  # players whose id starts with it (more than shown: a link to them all)
    lower: str = ""  # the typed id in lower case ("" when it has no capitals)
    in_lower_case: list = field(default_factory=list)

    @property
    def lower_is_a_player(self) -> bool:
        """The typed id in lower case is a player's whole id (not only the start of one)."""
        return any(player.user_id == self.lower for player in self.in_lower_case)


def _starting_exactly(prefix: str) -> tuple[list, int]:
    """Players whose id starts with ``prefix``, case as typed, and how many there are."""
    listing = index_selectors.players_starting_with(prefix, limit=SUGGESTIONS)
    if listing is None:
        return [], 0
    return list(listing.page.object_list), listing.total


@dataclass(frozen=True)
class InLowerCase:
    """A prefix typed with capitals that starts no id, in lower case, and how many ids it
    starts (the game writes lower-case ids)."""

    prefix: str
    total: int


def prefix_in_lower_case(prefix: str) -> InLowerCase | None:
    """For an id prefix with capitals that starts no player's id: the same in lower case, when
    it starts some (None otherwise). Staff index, no DynamoDB request."""
    lower = prefix.lower()
    if lower == prefix:
        return None
    total = _starting_exactly(lower)[1]
    return InLowerCase(lower, total) if total else None


def id_suggestions(user_id: str) -> IdSuggestions:
    starting, total = _starting_exactly(user_id)
    suggestions = IdSuggestions(user_id, starting, total)
    lower = user_id.lower()
    if lower != user_id:
        suggestions.lower = lower
        suggestions.in_lower_case = _starting_exactly(lower)[0]
    return suggestions


# --- staff changes (the audit log's staff copy: SQL, no DynamoDB request) ---------------------


@dataclass(frozen=True)
class StaffChange:
    """One audit log entry about this player, in staff words."""

    event: str  # the entry's event id (what an undo names)
    at: dt.datetime
    actor: str
    action: str
    note: str
    before: dict
    after: dict
    undo_until: dt.datetime | None = None  # set on the latest store while it can be undone

    @property
    def label(self) -> str:
        return audit_labels.action_label(self.action)

    @property
    def changes(self) -> list[str]:
        """'best streak 37 → 21' for each streak the entry changed."""
        out = []
        for name in STREAK_ATTRIBUTES:
            if name in self.before or name in self.after:
                old, new = self.before.get(name), self.after.get(name)
                if old != new:
                    label = audit_labels.field_label(name)
                    out.append(f"{label} {streak_text(old)} → {streak_text(new)}")
        return out


@dataclass
class StaffChanges:
    changes: list[StaffChange]
    more: bool  # older entries exist beyond those shown
    log_url: str | None  # the audit log filtered to this player (None: an id it can't filter)

    @property
    def latest_store(self) -> StaffStore | None:
        """The latest store, unless an undo (or nothing) is more recent."""
        for change in self.changes:
            if change.action == UNDO_ACTION:
                return None
            if change.action == STORE_ACTION:
                return StaffStore(
                    actor=change.actor,
                    at=change.at,
                    current=_whole(change.after.get("current_daily_streak")),
                    best=_whole(change.after.get("best_daily_streak")),
                )
        return None


def _whole(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def staff_changes(user_id: str, *, limit: int = STAFF_CHANGES) -> StaffChanges:
    """The latest ``limit`` audit entries about this player, newest first (one SQL query)."""
    entity = audit_repo.player_entity(user_id)
    latest = audit_log.entries_about(entity, limit=limit)
    now = utc_now()
    changes = []
    for n, record in enumerate(latest.records):
        until = undo_deadline(record.at)
        undoable = n == 0 and record.action == STORE_ACTION and until > now
        changes.append(
            StaffChange(
                event=record.event_id,
                at=record.at,
                actor=record.actor,
                action=record.action,
                note=record.note,
                before=record.before if isinstance(record.before, dict) else {},
                after=record.after if isinstance(record.after, dict) else {},
                undo_until=until if undoable else None,
            )
        )
    return StaffChanges(changes, latest.more, latest.log_url)


# --- the profile ----------------------------------------------------------------------------


@dataclass
class AnswerRow:
    answer: Answer
    question: Question | None = None  # None: not looked up, or deleted (see `looked_up`)
    looked_up: bool = False

    @property
    def response_seconds(self) -> str | None:
        ms = self.answer.response_time_ms
        return None if ms is None else f"{ms / 1000:.1f}"

    @property
    def in_future(self) -> bool:
        return in_future(self.answer.timestamp, utc_now())


@dataclass
class AnswersPage:
    rows: list[AnswerRow]
    next_cursor: str | None
    is_first: bool
    total: int = 0
    truncated: bool = False


@dataclass
class PlayerProfile:
    user: User
    today: dt.date
    stored: dict[str, StoredValue]
    comparison: StreakComparison
    calendar: Calendar
    facts: FactsPage
    answers: AnswersPage | None
    days_stored: int
    days_played: int
    first_played: dt.date | None
    last_played: dt.date | None
    warnings: list[str] = field(default_factory=list)
    days_not_dates: int = 0  # of days_stored, under keys that are not dates (in the warnings)
    first_day: dt.date | None = None  # created, or first stored day if earlier (None: unknown)
    never_played: bool = False  # see has_not_played
    staff: StaffChanges | None = None  # None: not read (a refresh of the calendar or facts)

    @property
    def no_days(self) -> bool:
        """No day can be read: the profile shows no day-by-day table of "missed" days."""
        return not self.user.days

    @property
    def last_active_future(self) -> bool:
        return in_future(self.user.last_active, utc_now())

    @property
    def created_future(self) -> bool:
        return in_future(self.user.created_at, utc_now())

    @property
    def earlier_break_cause(self) -> str | None:
        """While a documented streak is going: what ended the one before it ("scored 60%
        (< 70%)"), or None when there was none."""
        broken_on = self.comparison.documented.earlier_broken_on
        return None if broken_on is None else break_cause(self.user.days, broken_on)

    @property
    def streaks_note(self) -> str | None:
        """What the profile says instead of "they agree" when nothing disagrees but something is
        missing (None: every value is stored and they all agree)."""
        missing = [
            word
            for word, name in zip(("current", "best"), STREAK_ATTRIBUTES, strict=True)
            if not self.stored[name].present
        ]
        if self.never_played:
            if len(missing) == 2:
                return (
                    "Has not played a daily challenge yet: no streak is stored, and the game's "
                    "count and the documented rule both give 0."
                )
            return "Has not played a daily challenge yet: every streak is 0."
        if len(missing) == 2:
            return (
                "No streak is stored on the record yet; the game's count and the documented rule "
                "both give 0."
            )
        if missing:
            return (
                f"No {missing[0]} streak is stored on the record yet (it recounts to 0); the "
                "other values agree."
            )
        return None

    @property
    def streaks_differ(self) -> bool:
        """The stored streaks differ from the recomputed ones (a streak not stored reads as 0):
        "store the recomputed streaks" has something to offer."""
        return worth_storing(self.comparison)


def load_player(user_id: str) -> PlayerRecord:
    """The player's record, typed (NotFound when there is none)."""
    return players_repo.get_player(user_id)


def player_profile(
    query: ProfileQuery, *, today: dt.date | None = None, whole_page: bool = True
) -> PlayerProfile:
    """Everything the profile shows, from 1 GetItem (+ 1 answers Query page and the staff
    changes' one SQL query for the whole page). ``whole_page=False``: only what an htmx refresh
    of the calendar or the facts table shows (neither the answers nor the staff changes, nor
    the streak reasons that name a staff store), so neither is read."""
    today = today or utc_today()
    record = load_player(query.user_id)
    user = record.user
    staff = staff_changes(query.user_id) if whole_page else None
    comparison = compare_player_streaks(
        user, today, staff_store=staff.latest_store if staff else None
    )
    start, end = calendar_window(query.end_month)
    first = first_day(user.created_at, user.days, utc_now())
    facts = day_facts(user.days, start, end, comparison, today, first=first)
    calendar = build_calendar(facts, query.end_month, today, first_day=first)
    played = played_days(user.days, today)
    answers = latest_answers(query.user_id) if whole_page else None
    return PlayerProfile(
        user=user,
        today=today,
        stored=record.stored,
        comparison=comparison,
        calendar=calendar,
        facts=facts_page(facts, calendar, today, query.facts_page),
        answers=answers,
        days_stored=record.days_stored,
        days_not_dates=len(user.unreadable_days),
        days_played=len(played),
        first_played=min(played) if played else None,
        last_played=max(played) if played else None,
        warnings=record_warnings(
            stamps=(("Last active", user.last_active), ("Account created", user.created_at)),
            unreadable_progress=record.unreadable_progress,
            unreadable_keys=user.unreadable_days,
            days=user.days,
            today=today,
            now=utc_now(),
        ),
        first_day=first,
        never_played=has_not_played(record),
        staff=staff,
    )


# --- one day --------------------------------------------------------------------------------


@dataclass
class DayAnswerRow:
    number: int
    question_id: str
    question: Question | None
    answer: bool | None
    correct_answer: bool | None
    is_correct: bool | None
    correctness_computed: bool  # the day stored no is_correct; compared with today's answer key
    answered_at: dt.datetime | None

    @property
    def deleted(self) -> bool:
        return self.question is None and bool(self.question_id)

    @property
    def right_today(self) -> bool | None:
        """Whether the player's answer matches the question's answer as stored today (None:
        either is unknown)."""
        if self.answer is None or self.correct_answer is None:
            return None
        return self.answer == self.correct_answer

    @property
    def result_disagrees(self) -> bool:
        """The game stored a result that today's answer gives the other way: the question's
        answer was corrected since ("my score for Tuesday is wrong")."""
        return (
            not self.correctness_computed
            and self.is_correct is not None
            and self.right_today is not None
            and self.right_today != self.is_correct
        )


@dataclass
class DayDetail:
    user_id: str
    date: dt.date
    fact: DayFact
    rows: list[DayAnswerRow]
    more_answers: int
    stored_json: str | None
    today: dt.date | None = None
    first_day: dt.date | None = None  # the player's (created, or first day stored if earlier)

    @property
    def previous_day(self) -> dt.date | None:
        """The day before; None on the player's first day, or before it (days before it hold
        nothing of theirs), and on GAME_FIRST_DAY, the first day any page shows."""
        first = max(GAME_FIRST_DAY, self.first_day or GAME_FIRST_DAY)
        return None if self.date <= first else self.date - dt.timedelta(days=1)

    @property
    def next_day(self) -> dt.date | None:
        """The day after, up to today (UTC): later days have not been played yet."""
        if (self.today is not None and self.date >= self.today) or self.date == dt.date.max:
            return None
        return self.date + dt.timedelta(days=1)

    @property
    def record(self) -> DayRecord | None:
        return self.fact.record

    @property
    def disagreeing(self) -> int:
        """Rows whose stored result today's answers give the other way."""
        return sum(row.result_disagrees for row in self.rows)

    @property
    def right_with_todays_answers(self) -> tuple[int, int]:
        """(right, of) among the rows whose answer and today's answer are both known."""
        known = [row.right_today for row in self.rows if row.right_today is not None]
        return sum(known), len(known)

    @property
    def rank_differs(self) -> bool:
        record = self.record
        return bool(
            record
            and record.stored_rank
            and self.fact.rank
            and record.stored_rank != self.fact.rank
        )

    @property
    def score_differs(self) -> bool:
        record = self.record
        return bool(
            record
            and record.stored_score is not None
            and self.fact.score is not None
            and record.stored_score != self.fact.score
        )


def day_detail(user_id: str, day: dt.date, *, today: dt.date | None = None) -> DayDetail:
    """One day of one player: 1 GetItem + 1 BatchGetItem (none when the day has no answers)."""
    today = today or utc_today()
    player = load_player(user_id)
    user = player.user
    first = first_day(user.created_at, user.days, utc_now())
    fact = day_fact(user.days, day, compare_player_streaks(user, today), today, first=first)
    record = fact.record
    answers = record.answers[:MAX_DAY_ANSWERS] if record else []
    found = questions_repo.get_many(a.question_id for a in answers) if answers else {}
    rows = []
    for number, given in enumerate(answers, start=1):
        question = found.get(given.question_id)
        correct = question.answer if question else None
        is_correct = given.is_correct
        computed = False
        if is_correct is None and correct is not None and given.answer is not None:
            is_correct, computed = given.answer == correct, True
        rows.append(
            DayAnswerRow(
                number,
                given.question_id,
                question,
                given.answer,
                correct,
                is_correct,
                computed,
                given.timestamp,
            )
        )
    return DayDetail(
        user_id=user_id,
        date=day,
        fact=fact,
        rows=rows,
        more_answers=max(0, len(record.answers) - MAX_DAY_ANSWERS) if record else 0,
        stored_json=player.stored_day_json(day),
        today=today,
        first_day=first,
    )


# --- answers history ------------------------------------------------------------------------


@dataclass
class AnswersHistory:
    rows: list[AnswerRow]
    page: int
    pages: int
    matching: int
    read: int
    truncated: bool  # the read stopped at ANSWERS_READ_CAP: older answers are not included
    modes: list[str]
    filter: AnswersFilter
    now: dt.datetime

    @property
    def cap(self) -> int:
        return ANSWERS_READ_CAP

    # What staffindex/_past_the_end.html reads, as of the index-served lists' pager: a page
    # past the end shows the last page and says so.
    @property
    def past_the_end(self) -> int | None:
        return self.filter.page if self.filter.page > self.page else None

    @property
    def asked_beyond_any(self) -> bool:
        return self.filter.page >= MAX_PAGE

    @property
    def num_pages(self) -> int:
        return self.pages

    @property
    def previous_query(self) -> str | None:
        return self.filter.query_string(self.page - 1) if self.page > 1 else None

    @property
    def next_query(self) -> str | None:
        return self.filter.query_string(self.page + 1) if self.page < self.pages else None


def read_answers(user_id: str, *, cap: int = ANSWERS_READ_CAP) -> tuple[list[Answer], bool]:
    """Up to `cap` of the player's answers (at most ANSWERS_QUERY_PAGES Query requests) and
    whether more are stored than were read."""
    return players_repo.read_answers(user_id, cap=cap, pages=ANSWERS_QUERY_PAGES)


def answers_history(
    user_id: str, filter_: AnswersFilter | None = None, *, now: dt.datetime | None = None
) -> AnswersHistory:
    """The player's answers newest first, filtered, one page of HISTORY_ANSWERS with texts.
    NotFound when there is no such player: no answer stored and no record (an id mistyped, or
    a link to a player since removed) is the profile's "no such player", not "no answers"."""
    filter_ = filter_ or AnswersFilter()
    now = now or utc_now()
    answers, truncated = read_answers(user_id)
    if not answers and not _player_known(user_id):
        raise NotFound(f"No player {user_id!r}.")
    modes = sorted({a.mode for a in answers if a.mode})
    matching = newest_first([a for a in answers if filter_.matches(a)])
    pages = max(1, -(-len(matching) // HISTORY_ANSWERS))
    page = min(filter_.page, pages)
    chosen = matching[(page - 1) * HISTORY_ANSWERS : page * HISTORY_ANSWERS]
    found = questions_repo.get_many(a.question_id for a in chosen) if chosen else {}
    return AnswersHistory(
        rows=[AnswerRow(a, found.get(a.question_id), True) for a in chosen],
        page=page,
        pages=pages,
        matching=len(matching),
        read=len(answers),
        truncated=truncated,
        modes=modes,
        filter=filter_,
        now=now,
    )


def _player_known(user_id: str) -> bool:
    """Whether a record of the player is stored; True when that can't be told (no players
    table in this environment): then the page says no answers are stored, which is true."""
    try:
        return players_repo.player_exists(user_id)
    except TableMissing:
        return True


def latest_answers(user_id: str, limit: int = PROFILE_ANSWERS) -> AnswersPage:
    """The profile's newest answers (same bounded read as the history, no question texts)."""
    answers, truncated = read_answers(user_id)
    rows = [AnswerRow(a) for a in newest_first(answers)[:limit]]
    return AnswersPage(
        rows=rows, next_cursor=None, is_first=True, total=len(answers), truncated=truncated
    )


# --- the streak review ---------------------------------------------------------------------


@dataclass
class StreakReview:
    """What "store the recomputed streaks" would change, for the confirmation page: by default
    (`update`) the stored best is kept when it is higher; `lowered` is the explicit choice."""

    user: User
    stored: dict[str, StoredValue]
    comparison: StreakComparison
    seen_last_active: str
    seen_stored: str
    never_played: bool = False  # see has_not_played

    @property
    def update(self) -> StreakUpdate:
        return streaks_to_store(self.comparison)

    @property
    def lowered(self) -> StreakUpdate:
        return streaks_to_store(self.comparison, lower_best=True)

    @property
    def new_current(self) -> int:
        return self.comparison.documented.current

    @property
    def recomputed_best(self) -> int:
        return self.comparison.documented.best

    @property
    def new_best(self) -> int:
        """The best streak stored by default: never lower than the stored one."""
        return self.update.best

    @property
    def best_drop(self) -> int:
        return self.update.best_drop

    @property
    def changes_anything(self) -> bool:
        return self.update.changes_anything


def streak_review(user_id: str, *, today: dt.date | None = None) -> StreakReview:
    today = today or utc_today()
    record = load_player(user_id)
    return StreakReview(
        user=record.user,
        stored={n: record.stored[n] for n in STREAK_ATTRIBUTES},
        comparison=compare_player_streaks(record.user, today),
        seen_last_active=record.last_active_token,
        seen_stored=stored_streaks_token(record),
        never_played=has_not_played(record),
    )
