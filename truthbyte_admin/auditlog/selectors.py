"""Read side of the audit log: the staff copy only (SQL, zero DynamoDB requests)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse

from ..core.errors import BadQuery
from ..core.links import category_row_url
from ..staffindex.listing import page_of
from ..staffindex.selectors import Pager, pager
from . import labels
from .models import AuditRecord
from .queries import PAGE_SIZE, AuditQuery

# Staff sign-in events (entity "staff#<username>") carry addresses and failed attempts:
# only those who may see them (admins) get them, on the page, in the export and on the home.
SECURITY_TYPE = "staff"

_ITEM_PAGES = {
    "question": ("questions:detail", "question_id"),
    "submission": ("moderation:review", "submission_id"),
    "user": ("players:detail", "user_id"),
}


@dataclass(frozen=True)
class AuditRow:
    record: AuditRecord
    item_url: str | None
    actor_url: str  # the log filtered to this staff member

    @property
    def changes(self) -> list[labels.FieldChange]:
        return labels.changed_fields(self.record.before, self.record.after)

    @property
    def subject(self) -> str:
        """What the entry is about, in words: the question's (or submission's) text as it
        recorded it, after the change or else before; "" for anything else."""
        for side in (self.record.after, self.record.before):
            text = side.get("question") if isinstance(side, dict) else None
            if isinstance(text, str) and text.strip():
                return text
        return ""

    @property
    def sign_in_address(self) -> str:
        """Where a staff sign-in event came from (the network address it recorded)."""
        after = self.record.after
        if self.record.entity_type != SECURITY_TYPE or not isinstance(after, dict):
            return ""
        address = after.get("address")
        return address if isinstance(address, str) else ""

    @property
    def failures_cleared(self) -> int | None:
        """How many failed sign-ins an admin's unlock forgot (None for any other entry)."""
        after = self.record.after
        if self.record.entity_type != SECURITY_TYPE or not isinstance(after, dict):
            return None
        cleared = after.get("failures_cleared")
        return cleared if isinstance(cleared, int) and not isinstance(cleared, bool) else None


@dataclass
class AuditListing:
    rows: list[AuditRow]
    page: Page
    total: int
    pager: Pager
    # The filters' choices, (value, staff words): every staff member and action with an entry
    # this viewer may see, and the one filtered on even when it has none, so the controls always
    # show what is applied.
    actors: list[tuple[str, str]]
    actions: list[tuple[str, str]]
    # The action filtered on is a staff sign-in event, which this viewer may not see.
    action_hidden: bool = False


def item_url(entity_type: str, entity_id: str) -> str | None:
    """The page that shows the item an entry is about (None where there is none)."""
    if entity_type == "category":
        return category_row_url(entity_id) if entity_id else None
    target = _ITEM_PAGES.get(entity_type)
    if target is None or not entity_id:
        return None
    try:
        return reverse(target[0], kwargs={target[1]: entity_id})
    except NoReverseMatch:
        return None  # an id the page can't open (e.g. a malformed legacy id)


def check_action(query: AuditQuery) -> None:
    """BadQuery (the 400 page) for an action that is neither one this admin records nor one
    an entry in the log has (a code from a newer version of the admin is still filterable)."""
    if (
        query.action
        and query.action not in labels.ACTIONS
        and not AuditRecord.objects.filter(action=query.action).exists()
    ):
        raise BadQuery(
            f"“{query.action}” is not an action the audit log records: choose one from the "
            "Action list."
        )


def _visible(include_security: bool) -> QuerySet:
    records = AuditRecord.objects.all()
    return records if include_security else records.exclude(entity_type=SECURITY_TYPE)


def _matching(query: AuditQuery, include_security: bool) -> QuerySet:
    records = _visible(include_security)
    if query.actor:
        records = records.filter(actor=query.actor)
    if query.action:
        records = records.filter(action=query.action)
    if query.item:
        # "question#q_1": exactly that item; otherwise every item whose id starts so.
        records = records.filter(Q(entity=query.item) | _id_starts_with(query.item))
    if query.start:
        records = records.filter(at__gte=query.start)
    if query.end:
        records = records.filter(at__lt=query.end)
    return records.order_by("-at", "-id")


def _id_starts_with(prefix: str) -> Q:
    """Entries whose item id starts with ``prefix`` (case as typed), read through the item id's
    index on either staff database. PostgreSQL serves ``LIKE 'prefix%'`` from the pattern index
    Django adds beside it. SQLite's LIKE ignores case and can't use a plain index, so there it is
    the range from ``prefix`` to ``prefix`` + the last code point: SQLite orders text by its
    UTF-8 bytes, i.e. by code point, so the range holds exactly the ids starting with ``prefix``
    (bar one with U+10FFFF, a noncharacter, right after it)."""
    if connection.vendor == "sqlite":
        return Q(entity_id__gte=prefix, entity_id__lt=prefix + "\U0010ffff")
    return Q(entity_id__startswith=prefix)


def _row(record: AuditRecord, query: AuditQuery) -> AuditRow:
    return AuditRow(
        record,
        item_url(record.entity_type, record.entity_id),
        query.url(actor=record.actor, page=1),
    )


def audit_page(query: AuditQuery, *, include_security: bool) -> AuditListing:
    check_action(query)
    action_hidden = query.action in labels.SIGN_IN_EVENTS and not include_security
    paginator = Paginator(_matching(query, include_security), PAGE_SIZE)
    total = paginator.count
    page = page_of(paginator, query.page)
    visible = _visible(include_security)
    actors = [
        (actor, actor)
        for actor in visible.order_by("actor").values_list("actor", flat=True).distinct()
    ]
    if query.actor and query.actor not in {actor for actor, _ in actors}:
        actors = sorted([*actors, (query.actor, f"{query.actor} (no entries)")])
    codes = set(visible.order_by("action").values_list("action", flat=True).distinct())
    actions = [(code, labels.action_label(code)) for code in codes]
    if query.action and query.action not in codes:
        shown = "shown to admins only" if action_hidden else "no entries"
        actions.append((query.action, f"{labels.action_label(query.action)} ({shown})"))
    return AuditListing(
        rows=[_row(r, query) for r in page.object_list],
        page=page,
        total=total,
        pager=pager(page, query),
        actors=actors,
        actions=sorted(actions, key=lambda choice: choice[1]),
        action_hidden=action_hidden,
    )


def export_records(query: AuditQuery, *, include_security: bool) -> Iterator[AuditRecord]:
    """Every entry matching the query, newest first (all pages), read in chunks."""
    check_action(query)
    return _matching(query, include_security).iterator(chunk_size=2000)


def recent_actions(*, limit: int, include_security: bool) -> list[AuditRow]:
    """The latest ``limit`` entries (for the home page)."""
    everything = AuditQuery()
    return [_row(r, everything) for r in _matching(everything, include_security)[:limit]]
