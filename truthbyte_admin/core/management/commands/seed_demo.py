"""manage.py seed_demo [--questions N --players N --submissions N --days N --seed N
--today YYYY-MM-DD --scale F] [--yes-really]

Writes a deterministic demo world (truthbyte_admin.demo) into the configured tables: questions
with their category index and counts, players with daily progress, answers, sessions and
submissions. Safe to re-run with the same options (it converges to the same items).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from ....data import questions as questions_repo
from ....data import tables
from ....data.batch import batch_write
from ....data.bulk import recount_categories, upsert_questions
from ....demo import special
from ....demo.generate import DemoOptions, DemoWorld, add_players, build_content

WRITE_GROUP = 250  # items per task (batch_write still sends 25 a request)
# Player items carry whole histories (tens of KB): smaller groups keep each request short.
USER_GROUP = 5
# Interactive pages use short timeouts; a seed's big batches on a busy emulator need longer.
SEED_TIMEOUT_SECONDS = 120.0


def _date(value: str) -> dt.date:
    """An argparse ``type``: a usage error (exit 2) for anything else than a day whose
    histories, years long, fit the calendar."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or not dt.date(2000, 1, 1) <= day <= dt.date(9000, 12, 31):
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a day written YYYY-MM-DD from 2000-01-01 to 9000-12-31"
        )
    return day


def _scale(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and 0 < number <= 100):
        raise argparse.ArgumentTypeError(f"{value!r} is not a number above 0, at most 100")
    return number


class Command(BaseCommand):
    help = "Generate a deterministic demo world (no third-party data) into the DynamoDB tables."

    def add_arguments(self, parser):
        defaults = DemoOptions()
        parser.add_argument("--questions", type=int, default=defaults.questions)
        parser.add_argument("--players", type=int, default=defaults.players)
        parser.add_argument(
            "--submissions",
            type=int,
            default=defaults.submissions,
            help="Pending submissions; 10%% more approved and 10%% rejected.",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=defaults.days,
            help="Longest daily_progress history of an ordinary player.",
        )
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help="Last day of the histories (default: today, UTC).",
        )
        parser.add_argument(
            "--scale",
            type=_scale,
            default=1.0,
            help="Multiply questions, players and submissions (benchmarks: 10).",
        )
        parser.add_argument(
            "--answer-days",
            type=int,
            default=defaults.answer_days,
            help="Answers table: each player's last N played days.",
        )
        parser.add_argument(
            "--max-answers",
            type=int,
            default=defaults.max_answers,
            help="Fewer answer days per player if the total would exceed this.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=8,
            help="Concurrent batch writers (each request still carries <= 25).",
        )
        parser.add_argument(
            "--yes-really",
            action="store_true",
            help="Allow writing to real AWS (no DYNAMODB_ENDPOINT_URL set).",
        )

    def handle(self, *args, **options):
        if not settings.DYNAMODB_ENDPOINT_URL and not options["yes_really"]:
            raise CommandError(
                "DYNAMODB_ENDPOINT_URL is not set, so this would write demo data to real AWS "
                f"tables ({tables.name('questions')} ...). Pass --yes-really if you mean it."
            )
        for name in ("questions", "players", "submissions", "days", "answer_days", "workers"):
            if options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be at least 1.")
        demo = DemoOptions(
            questions=options["questions"],
            players=options["players"],
            submissions=options["submissions"],
            days=options["days"],
            seed=options["seed"],
            today=options["today"] or dt.datetime.now(dt.UTC).date(),
            answer_days=options["answer_days"],
            max_answers=options["max_answers"],
        ).scaled(options["scale"])

        self.workers = options["workers"]
        timeout = max(settings.DYNAMODB_TIMEOUT_SECONDS, SEED_TIMEOUT_SECONDS)
        # No item-by-item staff-index updates from the seed's writer threads: the index is
        # rebuilt in one pass afterwards (make run does), far faster than 50,000 single updates.
        with override_settings(DYNAMODB_TIMEOUT_SECONDS=timeout, STAFF_INDEX_LIVE_UPDATES=False):
            self.seed(demo)

    def seed(self, demo: DemoOptions) -> None:
        started = time.monotonic()
        created = tables.create_missing_tables(wait=True)
        if created:
            self.stdout.write(f"created {len(created)} tables")
        content = build_content(demo)
        self.write_questions(content)
        # The players' days must be the sets the game really serves: its pool is a Scan in
        # whatever order this endpoint returns (GAME.md step 1), so read it back, as the game does.
        world = add_players(content, questions_repo.scan_daily_pool())
        self.stdout.write(
            f"generated in {time.monotonic() - started:.1f}s: {len(world.questions)} questions, "
            f"{len(world.users)} players, {len(world.answers)} answers, "
            f"{len(world.sessions)} sessions, {len(world.submissions)} submissions "
            f"(seed {demo.seed}, today {demo.today.isoformat()})"
        )
        self.write_items("players", tables.USERS, world.users, group=USER_GROUP)
        self.write_items("answers", tables.ANSWERS, world.answers)
        self.write_items("sessions", tables.SESSIONS, world.sessions)
        self.write_items("submissions", tables.SUBMISSIONS, world.submissions)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo world ready in {time.monotonic() - started:.1f}s. Special players: "
                + ", ".join(special.SPECIAL_PLAYERS)
            )
        )

    def write_questions(self, world: DemoWorld) -> None:
        key_attr = tables.categories_key()
        if key_attr:  # display names first, so the counts written next land on nice items
            batch_write(
                tables.name(tables.CATEGORIES), puts=[c.to_item(key_attr) for c in world.categories]
            )
        total = len(world.questions)
        report = upsert_questions(world.questions, progress=self._progress("questions", total))
        # Older items carry `tags` instead of `categories`; the index above already holds
        # tags + general for them, so only the stored shape changes.
        batch_write(tables.name(tables.QUESTIONS), puts=world.legacy_question_items())
        # The upsert recounted the categories it touched; a re-run touches none but has just
        # rewritten every metadata item, so recount the rest too.
        counts = dict(report.categories)
        counts.update(recount_categories(c.slug for c in world.categories if c.slug not in counts))
        self.stdout.write(f"categories {len(counts)}: general={counts.get('general', 0)}")

    def write_items(
        self, label: str, kind: str, items: list[dict], group: int = WRITE_GROUP
    ) -> None:
        """Batch writes, several in flight at once: each request waits on a round trip, and
        overlapping them is what keeps the default seed well under two minutes."""
        report = self._progress(label, len(items))
        table = tables.name(kind)
        groups = [items[start : start + group] for start in range(0, len(items), group)]
        done = 0
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            futures = [pool.submit(batch_write, table, puts=group) for group in groups]
            for future in as_completed(futures):
                done += future.result()  # re-raises a failed group's error
                report(done)

    def _progress(self, label: str, total: int) -> Callable[[int], None]:
        started = time.monotonic()
        step = max(1, total // 5)
        last = [0]

        def report(done: int) -> None:
            if done - last[0] >= step or done == total:
                last[0] = done
                self.stdout.write(f"{label} {done}/{total} ({time.monotonic() - started:.1f}s)")

        return report
