"""The game's category lists against the questions' categories, and the count that follows.

The game counts a category by its list (the question-categories index: one entry per category
and question, GAME.md), while a question's own categories decide where players meet it. The
two are written together, but an interrupted write, a hand edit or an old bug can leave them
apart: a question tagged Space missing from the Space list, or a list entry naming no question.
Then no stored count can be right for both, and a repair of the counts alone goes round in
circles. So "Verify now" and the repair first compare the two (:func:`survey`), the repair
puts the lists right, and only then are counts compared, with the lists' figures once right:
one definition of a category's count on every page.

The comparison is bounded: the lists are read in full (as the count check always did), the
questions' categories come from the staff index (SQL), and only the pairs where the two differ
are judged, on the questions re-read from DynamoDB (strongly consistent, 100 a request). A pair
where the question as stored now agrees with the list only means the admin's copy is behind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..data import categories as categories_repo
from ..data import questions as questions_repo
from ..data.models import Category, Question, default_display_name
from ..domain.categories import with_general
from ..staffindex.drift import tagged_pairs
from .wording import Wording

MISSING = "missing"  # the question is tagged with the category; its list lacks it
NOT_TAGGED = "not_tagged"  # the list names a question that isn't tagged with the category
NO_QUESTION = "no_question"  # the list names a question that isn't stored
KINDS = (MISSING, NOT_TAGGED, NO_QUESTION)

PROGRESS_EVERY = 1000
EXAMPLES = 5  # question ids kept per category and kind, to name on the page


@dataclass(frozen=True)
class ListProblem:
    """One (category, question) where the question's categories and the list disagree."""

    category: str
    question_id: str
    kind: str
    question: Question | None = None  # as stored now (None: no such question)

    @property
    def puts(self) -> bool:
        """True: the repair puts the missing entry; False: it deletes the entry."""
        return self.kind == MISSING


def judge(
    tagged: set[tuple[str, str]],
    listed: set[tuple[str, str]],
    questions: dict[str, Question],
) -> tuple[list[ListProblem], set[str]]:
    """The pairs where the index's ``tagged`` and the stored ``listed`` differ, judged on the
    ``questions`` as stored now: the real problems, in (category, question) order, and the
    categories where only the admin's copy was behind (the question now agrees with the list)."""
    problems, behind = [], set()
    for category, question_id in sorted(tagged ^ listed):
        question = questions.get(question_id)
        # with_general: one rule (its own categories and general), the one the staff index's
        # rows (``tagged``) are made by; with a second, their differences are "behind" for good.
        is_tagged = question is not None and category in with_general(question.categories)
        if (category, question_id) in listed:
            if question is None:
                problems.append(ListProblem(category, question_id, NO_QUESTION))
            elif not is_tagged:
                problems.append(ListProblem(category, question_id, NOT_TAGGED, question))
            else:
                behind.add(category)
        elif is_tagged:
            problems.append(ListProblem(category, question_id, MISSING, question))
        else:
            behind.add(category)
    return problems, behind


def differing_question_ids(tagged: set, listed: set) -> set[str]:
    return {question_id for _, question_id in tagged ^ listed}


@dataclass
class Survey:
    """Every category item and every list entry (both strongly consistent), and the problems."""

    items: dict[str, Category]
    listed: Counter  # entries per category in the game's lists as read
    problems: list[ListProblem] = field(default_factory=list)
    behind: set[str] = field(default_factory=set)
    entries_read: int = 0

    @property
    def stored(self) -> dict[str, int | None]:
        return {slug: c.count for slug, c in self.items.items()}

    @property
    def was(self) -> dict[str, object]:
        """Each stored count as stored: a number, or what is stored instead of one ("lots")."""
        return {
            slug: c.unreadable_count if c.count is None else c.count
            for slug, c in self.items.items()
        }

    def counted(self, put_right: Iterable[ListProblem] | None = None) -> Counter:
        """Entries per category once ``put_right`` (default: every problem) are put right."""
        counts = Counter(self.listed)
        for problem in self.problems if put_right is None else put_right:
            counts[problem.category] += 1 if problem.puts else -1
        return +counts  # a category left with no entry has no count to compare

    def display_name(self, slug: str) -> str:
        return self.items[slug].display_name if slug in self.items else default_display_name(slug)

    def summaries(self) -> list[ListSummary]:
        found: dict[str, dict[str, list[str]]] = {}
        for problem in self.problems:
            kinds = found.setdefault(problem.category, {kind: [] for kind in KINDS})
            kinds[problem.kind].append(problem.question_id)
        return [
            ListSummary(
                slug=slug,
                display_name=self.display_name(slug),
                listed=self.listed.get(slug, 0),
                counts={kind: len(ids) for kind, ids in kinds.items()},
                examples={kind: ids[:EXAMPLES] for kind, ids in kinds.items()},
            )
            for slug, kinds in sorted(found.items())
        ]


def survey(progress: Callable[[int], None] | None = None) -> Survey:
    """Read what the comparison needs: the category items before the lists (so that a count
    moved meanwhile fails the repair's condition), then every list entry, both strongly
    consistent; the questions where they differ from the admin's copy are re-read.
    ``progress`` gets the entries read so far every PROGRESS_EVERY entries."""
    items = {c.slug: c for c in categories_repo.list_all(consistent=True)}
    listed: set[tuple[str, str]] = set()
    counts: Counter = Counter()
    for n, entry in enumerate(questions_repo.scan_index(), start=1):
        listed.add((entry.category, entry.question_id))
        counts[entry.category] += 1
        if progress and n % PROGRESS_EVERY == 0:
            progress(n)
    tagged = tagged_pairs()
    # Strongly consistent: the question as stored now decides each entry (GAME.md: its
    # categories, not the list, decide where players meet it).
    questions = questions_repo.get_many(differing_question_ids(tagged, listed), consistent=True)
    problems, behind = judge(tagged, listed, questions)
    return Survey(items, counts, problems, behind, entries_read=sum(counts.values()))


@dataclass(frozen=True)
class ListSummary:
    """What one category's list gets wrong, as counts and a few question ids (JSON-friendly:
    "Verify now" keeps it with its result)."""

    slug: str
    display_name: str
    listed: int  # entries in the list as read
    counts: dict[str, int]
    examples: dict[str, list[str]]

    @property
    def tagged(self) -> int:
        """The list's entries once put right: the questions tagged with the category."""
        return self.listed + self.counts.get(MISSING, 0) - self.removed

    @property
    def removed(self) -> int:
        return self.counts.get(NOT_TAGGED, 0) + self.counts.get(NO_QUESTION, 0)

    @property
    def sentences(self) -> list[Wording]:
        """Each problem in staff words: “2 questions tagged “Space” are missing from the game's
        list for that category (q1, q2)”. The list is the category's, in the game: "the game's
        list for “Art & Painting”", not the game's “Art & Painting” list, a name the game never
        shows (players see the category's key)."""
        said = []
        names = {"name": self.display_name}
        for kind, one, many in (
            (
                MISSING,
                "1 question tagged {name} is missing from the game's list for that category",
                "{n} questions tagged {name} are missing from the game's list for that category",
            ),
            (
                NOT_TAGGED,
                "1 entry in the game's list for {name} names a question not tagged {name}",
                "{n} entries in the game's list for {name} name questions not tagged {name}",
            ),
            (
                NO_QUESTION,
                "1 entry in the game's list for {name} names no question",
                "{n} entries in the game's list for {name} name no question",
            ),
        ):
            n = self.counts.get(kind, 0)
            if not n:
                continue
            text = (one if n == 1 else many).replace("{n}", f"{n:,}")
            ids = list(self.examples.get(kind, []))
            said.append(Wording(text + _examples(ids, n), {**names, **_id_names(ids)}))
        return said

    @property
    def short_text(self) -> str:
        """For a row or a list item: "1 missing from the game's list, 2 naming no question"."""
        parts = []
        if self.counts.get(MISSING):
            parts.append(f"{self.counts[MISSING]:,} missing from the game's list")
        if self.counts.get(NOT_TAGGED):
            parts.append(f"{self.counts[NOT_TAGGED]:,} listed but not tagged")
        if self.counts.get(NO_QUESTION):
            parts.append(f"{self.counts[NO_QUESTION]:,} listed naming no question")
        return ", ".join(parts)

    def as_data(self) -> dict:
        return {
            "slug": self.slug,
            "display_name": self.display_name,
            "listed": self.listed,
            "counts": dict(self.counts),
            "examples": {k: list(v) for k, v in self.examples.items()},
        }

    @classmethod
    def from_data(cls, data: dict) -> ListSummary:
        return cls(
            slug=str(data.get("slug", "")),
            display_name=str(data.get("display_name", "")),
            listed=int(data.get("listed") or 0),
            counts={k: int(v) for k, v in (data.get("counts") or {}).items()},
            examples={k: [str(i) for i in v] for k, v in (data.get("examples") or {}).items()},
        )


def _examples(ids: list[str], n: int) -> str:
    """ " (q1, q2)" naming the questions ("{id0}"…), "… and 3 more" past the first few."""
    if not ids:
        return ""
    named = ", ".join("{id" + str(i) + "}" for i in range(len(ids)))
    more = f" and {n - len(ids):,} more" if n > len(ids) else ""
    return f" ({named}{more})"


def _id_names(ids: list[str]) -> dict[str, str]:
    return {f"id{i}": question_id for i, question_id in enumerate(ids)}
