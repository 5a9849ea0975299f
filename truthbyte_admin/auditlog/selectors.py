"""Read side of the audit log: the staff copy only (SQL, zero DynamoDB requests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse

from ..core import audit_labels as labels
from ..core.clock import utc_now
from ..core.concerning import Concerning
from ..core.errors import BadQuery
from ..core.links import audit_log_url, category_row_url
from ..core.undo import undo_minutes
from ..data import audit
from ..domain.validation import quoted_as_typed
from ..staffindex.listing import page_of, starts_with
from ..staffindex.selectors import Pager, pager
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
class NamedQuestion:
    """A question an entry names besides its own item: its id and its page (None where the
    question page can't open that id)."""

    id: str
    url: str | None


# Ids are at most a DynamoDB key (2 KB): shown whole, only their invisible characters written out.
ID_SHOWN_MAX = 2048


@dataclass(frozen=True)
class AuditRow:
    record: AuditRecord
    item_url: str | None
    actor_url: str  # the log filtered to this staff member
    # For an entry about a staff account: whether an account has that username now (None for
    # anything else). A failed sign-in's username is whatever was typed.
    account_exists: bool | None = None

    @property
    def actor_label(self) -> str:
        return labels.actor_label(quoted_as_typed(self.record.actor, limit=ID_SHOWN_MAX))

    @property
    def entity_id_shown(self) -> str:
        """The id as stored, any invisible character written out (⟨U+202E⟩): a username typed
        at sign-in is anyone's text, and a text-direction control in it would show another
        name ("ok⟨U+202E⟩gnp.exe" read as "okexe.png")."""
        return quoted_as_typed(self.record.entity_id, limit=ID_SHOWN_MAX)

    @property
    def username_typed(self) -> bool:
        """A sign-in attempt naming a username that is no staff account."""
        return self.account_exists is False and self.record.action in labels.TYPED_USERNAME_EVENTS

    @property
    def account_gone(self) -> bool:
        """Any other entry about a staff account that has no account by that name now."""
        return self.account_exists is False and not self.username_typed

    @property
    def command_line_label(self) -> str:
        """For an entry filed under the command line's own name (an address unlocked with
        ``manage.py axes_reset_ip``, filed as an admin's is under theirs): the command line in
        words, not a staff account that never was; "" for anything else."""
        if _filed_under_command_line(self.record):
            return labels.actor_label(labels.COMMAND_LINE)
        return ""

    @property
    def changes(self) -> list[labels.FieldChange]:
        return labels.changed_fields(self.record.before, self.record.after)

    @property
    def subject(self) -> str:
        """What the entry is about, in words: the question's (or submission's) text as it
        recorded it, after the change or else before; "" for anything else (a category's list
        repair records a question's id under "question")."""
        if self.record.entity_type not in ("question", "submission"):
            return ""
        for side in (self.record.after, self.record.before):
            text = side.get("question") if isinstance(side, dict) else None
            if isinstance(text, str) and text.strip():
                return text
        return ""

    @property
    def question_named(self) -> NamedQuestion | None:
        """The question an entry about a category added to or removed from its list (its id and
        page), shown under the category: the row a search for that question found."""
        question_id = self.record.question_id
        if self.record.entity_type != "category" or not question_id:
            return None
        return NamedQuestion(question_id, item_url("question", question_id))

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
    # show what is applied. Who acted without being a staff member (the command line, nobody
    # signed in) is listed apart, as what it is.
    actors: list[tuple[str, str]]
    actions: list[tuple[str, str]]
    other_actors: list[tuple[str, str]] = field(default_factory=list)
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
            f"“{quoted_as_typed(query.action)}” is not an action the audit log records: choose "
            "one from the Action list."
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
    if query.concerning:
        records = records.filter(_concerning(query.concerning))
    if query.start:
        records = records.filter(at__gte=query.start)
    if query.end:
        records = records.filter(at__lt=query.end)
    return records.order_by("-at", "-id")


def _concerning(concerning: Concerning) -> Q:
    """The entries about what "Concerning" names, each read through an index. A question's are
    its own and the list repairs filed under a category that added or removed it (both carry
    its id in ``question_id``): staff looking at a question's history expect those too."""
    if concerning.kind == "question":
        if concerning.ids:
            return Q(question_id__in=concerning.ids)
        if concerning.prefix:
            return starts_with("question_id", concerning.prefix)
        return Q(question_id__gt="")  # every one that has a question (a range: its index)
    if concerning.ids:
        return Q(entity__in=concerning.entities)
    if concerning.kind:
        of_kind = Q(entity_type=concerning.kind)
        return (
            of_kind & starts_with("entity_id", concerning.prefix) if concerning.prefix else of_kind
        )
    # The start of any id: an item's, or the question a category's list repair concerns.
    return starts_with("entity_id", concerning.prefix) | starts_with(
        "question_id", concerning.prefix
    )


def _accounts_among(usernames: Iterable[str] | QuerySet) -> set[str]:
    """Which of these usernames are staff accounts now (one query; a queryset of names is
    matched inside the database)."""
    users = get_user_model()
    name = users.USERNAME_FIELD
    return set(
        users._default_manager.filter(**{f"{name}__in": usernames}).values_list(name, flat=True)
    )


def _rows(records: list[AuditRecord], query: AuditQuery) -> list[AuditRow]:
    staff_names = {r.entity_id for r in records if r.entity_type == SECURITY_TYPE}
    accounts = _accounts_among(staff_names) if staff_names else set()
    return [
        AuditRow(
            record,
            item_url(record.entity_type, record.entity_id),
            query.url(actor=record.actor, page=1),
            (record.entity_id in accounts)
            if record.entity_type == SECURITY_TYPE and not _filed_under_command_line(record)
            else None,
        )
        for record in records
    ]


def _filed_under_command_line(record: AuditRecord) -> bool:
    """An entry the command line filed under its own name ("manage.py", which no account may
    have); a sign-in attempt typing that name is still a username typed."""
    return (
        record.entity_type == SECURITY_TYPE
        and record.entity_id == labels.COMMAND_LINE
        and record.action not in labels.TYPED_USERNAME_EVENTS
    )


def _actor_choices(
    visible: QuerySet, query: AuditQuery
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(staff members, others) for the Staff member filter: see :class:`AuditListing`."""
    seen = set(visible.order_by("actor").values_list("actor", flat=True).distinct())
    names = seen | {query.actor} if query.actor else seen
    accounts = _accounts_among(names)
    staff, others = [], []
    for name in sorted(names):
        entries = "" if name in seen else " (no entries)"
        if name in labels.NOT_STAFF_ACTORS:
            others.append((name, labels.actor_label(name) + entries))
        elif name in accounts or not name:
            staff.append((name, (quoted_as_typed(name, 150) or "unknown") + entries))
        else:
            # An <option> can't isolate its text: an invisible character is written out, or a
            # typed U+202E would reverse the label's own words.
            staff.append((name, f"{quoted_as_typed(name, 150)} (no account now){entries}"))
    return staff, others


def audit_page(query: AuditQuery, *, include_security: bool) -> AuditListing:
    check_action(query)
    action_hidden = query.action in labels.SIGN_IN_EVENTS and not include_security
    paginator = Paginator(_matching(query, include_security), PAGE_SIZE)
    total = paginator.count
    page = page_of(paginator, query.page)
    visible = _visible(include_security)
    actors, other_actors = _actor_choices(visible, query)
    codes = set(visible.order_by("action").values_list("action", flat=True).distinct())
    actions = [(code, labels.action_label(code)) for code in codes]
    if query.action and query.action not in codes:
        shown = "shown to admins only" if action_hidden else "no entries"
        actions.append((query.action, f"{labels.action_label(query.action)} ({shown})"))
    return AuditListing(
        rows=_rows(list(page.object_list), query),
        page=page,
        total=total,
        pager=pager(page, query),
        actors=actors,
        other_actors=other_actors,
        actions=sorted(actions, key=lambda choice: choice[1]),
        action_hidden=action_hidden,
    )


def export_records(query: AuditQuery, *, include_security: bool) -> Iterator[AuditRecord]:
    """Every entry matching the query, newest first (all pages), read in chunks."""
    check_action(query)
    if query.dates_reversed:  # a file of no rows would not say why it has none
        raise BadQuery("“From” must be on or before “To”.")
    return _matching(query, include_security).iterator(chunk_size=2000)


@dataclass(frozen=True)
class EntriesAbout:
    records: list[AuditRecord]  # newest first
    more: bool  # older entries exist beyond these
    log_url: str | None  # the audit log filtered to this one thing (core.links.audit_log_url)


def entries_about(entity: str, *, limit: int) -> EntriesAbout:
    """The latest ``limit`` entries about one thing (e.g. a player), for the page that shows
    it: one SQL query."""
    records = list(AuditRecord.objects.filter(entity=entity).order_by("-at", "-id")[: limit + 1])
    return EntriesAbout(records[:limit], len(records) > limit, audit_log_url(entity))


def entries_since(
    *, entity_type: str, actions: Iterable[str], since: dt.datetime, limit: int = 50
) -> list[AuditRecord]:
    """The latest entries of ``actions`` about things of one kind since ``since``, newest
    first (one SQL query): what a page offers to undo."""
    records = AuditRecord.objects.filter(
        entity_type=entity_type, action__in=list(actions), at__gte=since
    )
    return list(records.order_by("-at", "-id")[:limit])


def categories_deleted_lately() -> list[AuditRecord]:
    """The deletion entry of each category deleted within the undo time and not put back since
    (its latest deletion or put back is a deletion), newest first (one SQL query). A question
    put in it since may have made it again: the callers say what is stored."""
    latest: dict[str, AuditRecord] = {}
    for record in entries_since(
        entity_type="category",
        actions=(audit.CATEGORY_DELETED, audit.CATEGORY_PUT_BACK),
        since=utc_now() - dt.timedelta(minutes=undo_minutes()),
    ):
        latest.setdefault(record.entity_id, record)  # newest first
    return [r for r in latest.values() if r.action == audit.CATEGORY_DELETED]


def how_categories_were_deleted_lately() -> dict[str, str]:
    """Each category deleted within the undo time and not put back since, with how (slug ->
    "deleted by mona at 16:53 UTC"): a form that names one without a display name says so,
    not only that it needs one (one SQL query, no DynamoDB request)."""
    return {
        gone.entity_id: f"deleted by {gone.actor} at {gone.at:%H:%M} UTC"
        for gone in categories_deleted_lately()
    }


def recent_actions(*, limit: int, include_security: bool) -> list[AuditRow]:
    """The latest ``limit`` entries (for the home page)."""
    everything = AuditQuery()
    return _rows(list(_matching(everything, include_security)[:limit]), everything)
