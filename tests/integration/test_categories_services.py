"""Categories dashboard, rename and reconcile against moto, with both key schemas of the
categories table and without one."""

from __future__ import annotations

import pytest

from tests.support.questions import (
    assert_invariants,
    game_question_item,
    make_question,
    put_game_index,
    put_game_question,
    seed,
    set_stored_count,
    stored_counts,
)
from truthbyte_admin.categories import selectors, services
from truthbyte_admin.data import audit, client, tables
from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data.transactions import Transaction
from truthbyte_admin.staffindex import sync
from truthbyte_admin.staffindex.build import rebuild

# Reconcile updates the staff index after its commit, and the dashboard reads it.
pytestmark = pytest.mark.django_db


def _tables(schema: str | None) -> None:
    kinds = [tables.QUESTIONS, tables.QUESTION_CATEGORIES, tables.AUDIT]
    if schema:
        kinds.append(tables.CATEGORIES)
    tables.create_missing_tables(schema or "category_id", only=kinds, wait=False)


def _pool() -> None:
    seed(
        *[make_question(f"s{n}", ["science"], 1 + n % 5) for n in range(12)],
        *[make_question(f"h{n}", ["history"], 2) for n in range(3)],
    )


@pytest.fixture(params=["category_id", "name"])
def schema_tables(request, dynamodb):
    _tables(request.param)
    _pool()
    return request.param


def test_dashboard_counts_drift_low_and_difficulty_in_either_schema(schema_tables):
    set_stored_count("science", 15)  # drift +3
    rebuild()
    sync.sync_once()  # the sync computes the drift the dashboard shows
    board = selectors.dashboard()
    assert board.schema == schema_tables
    rows = {r.slug: r for r in board.rows}
    assert rows["science"].stored == 15
    assert rows["science"].actual == 12
    assert rows["science"].drift == 3
    assert rows["science"].drifting
    assert rows["history"].low
    assert not rows["science"].low
    assert rows["general"].actual == 15
    assert board.questions_in_general == 15
    assert rows["science"].by_difficulty == {1: 3, 2: 3, 3: 2, 4: 2, 5: 2}
    assert [r.slug for r in board.drifting] == ["science"]
    assert rows["science"].display_name == "Science"
    bar = next(b for b in board.chart.bars if b.row.slug == "science")
    assert bar.css_class == "bar drift"
    assert bar.stored_width > bar.width


def test_reconcile_sets_stored_counts_to_actual_and_audits(schema_tables):
    set_stored_count("science", 40)
    set_stored_count("history", 1)
    result = services.reconcile_counts(actor="eddie")
    assert result.ok
    assert result.fixed == {"science": (40, 12), "history": (1, 3)}
    assert stored_counts()["science"] == 12
    assert stored_counts()["history"] == 3
    [entry] = audit.history("category#science")
    assert entry.action == "reconcile"
    assert entry.before == {"count": 40}
    assert entry.after == {"count": 12}
    assert services.reconcile_counts(actor="eddie").fixed == {}
    assert_invariants()


def test_reconcile_creates_a_count_for_a_category_only_in_the_index(schema_tables):
    # A question the game approved under a category nobody created an item for: its list
    # entries exist, its count does not.
    put_game_question(game_question_item("g1", ["geology"], 2))
    put_game_index("g1", ["geology", "general"], 2)
    rebuild()
    result = services.reconcile_counts(actor="eddie")
    assert result.fixed["geology"] == (None, 1)
    assert stored_counts()["geology"] == 1


# A count changed between the repair's reads and its writes is refused, and said as it was and
# as it is stored: tests/integration/test_categories_lists_repair.py (the repair reads the lists
# once, for the lists and the counts together).


def test_reconcile_is_chunked_within_the_transaction_limit(schema_tables, monkeypatch):
    monkeypatch.setattr(services, "RECONCILE_CATEGORIES_PER_TRANSACTION", 1)
    set_stored_count("science", 40)
    set_stored_count("history", 7)
    result = services.reconcile_counts(actor="eddie")
    assert result.ok
    assert len(result.fixed) == 2


def test_rename_is_conditional_on_the_old_name_and_audited(schema_tables):
    done = services.rename_category(
        slug="science", old_name="Science", new_name="Natural Science", actor="eddie"
    )
    assert done.name == "Natural Science"
    assert categories_repo.get("science").display_name == "Natural Science"
    [entry] = audit.history("category#science")
    assert entry.before == {"display_name": "Science"}
    assert entry.after == {"display_name": "Natural Science"}
    with pytest.raises(services.CategoryServiceError, match="Natural Science"):
        services.rename_category(
            slug="science", old_name="Science", new_name="Sciences", actor="other"
        )
    assert categories_repo.get("science").display_name == "Natural Science"


def test_a_rename_offers_to_rename_back_only_to_a_stored_name_it_changed(schema_tables):
    done = services.rename_category(
        slug="science", old_name="Science", new_name="Natural Science", actor="eddie"
    )
    assert done.back == ("Natural Science", "Science")
    # The same name again: nothing changed, nothing to go back to.
    same = services.rename_category(
        slug="science", old_name="Natural Science", new_name="Natural Science", actor="eddie"
    )
    assert same.name == "Natural Science"
    assert same.back is None


def test_a_rename_of_the_game_computed_name_offers_no_rename_back(schema_tables):
    # No name stored (the page sent old_name ""): "back" would have to store "none".
    client.call(  # only the game's list knows history: no item, no stored name
        "delete_item",
        TableName=tables.name(tables.CATEGORIES),
        Key={schema_tables: {"S": "history"}},
    )
    done = services.rename_category(slug="history", old_name="", new_name="Past", actor="e")
    assert done.name == "Past"
    assert done.back is None


def test_rename_validates_the_display_name(schema_tables):
    # Each message names the category it is about: it is shown, and read out, on its own.
    with pytest.raises(
        services.CategoryServiceError, match="^Display name of “science”: enter a display name"
    ):
        services.rename_category(slug="science", old_name="Science", new_name="  ", actor="e")
    with pytest.raises(services.CategoryServiceError, match="single line"):
        services.rename_category(slug="science", old_name="Science", new_name="a\nb", actor="e")
    with pytest.raises(
        services.CategoryServiceError, match="contains an invisible text-direction character"
    ):
        services.rename_category(
            slug="science", old_name="Science", new_name="Science\u202eevil", actor="e"
        )
    assert categories_repo.get("science").display_name == "Science"


def test_missing_categories_table_computes_from_the_index(dynamodb):
    _tables(None)
    _pool()
    board = selectors.dashboard()
    assert board.table_missing
    rows = {r.slug: r for r in board.rows}
    assert rows["science"].actual == 12
    assert rows["science"].stored is None
    assert rows["science"].display_name == "Science"
    assert board.drifting == []
    with pytest.raises(services.CategoryServiceError, match="stores no category names or counts"):
        services.reconcile_counts(actor="e")
    with pytest.raises(services.CategoryServiceError, match="stores no category names or counts"):
        services.rename_category(slug="science", old_name="Science", new_name="X", actor="e")


def test_display_name_for_multiword_slugs_follows_the_game(dynamodb):
    _tables(None)
    seed(make_question("x1", ["pop_culture"], 2))
    rows = {r.slug: r for r in selectors.dashboard().rows}
    assert rows["pop_culture"].display_name == "Pop Culture"


def test_editor_save_moves_counts_in_either_schema(schema_tables):
    from truthbyte_admin.questions import services as question_services

    loaded = questions_repo.get("h0")
    question_services.update_question(
        question_id="h0",
        loaded_version=loaded.version,
        actor="eddie",
        edits=question_services.QuestionEdits(
            question=loaded.question,
            title=loaded.title,
            passage=loaded.passage,
            answer=loaded.answer,
            categories=["science", "brand_new"],
            difficulty=5,
        ),
        display_names={"brand_new": "Brand New"},
    )
    counts = stored_counts()
    assert counts["history"] == 2
    assert counts["science"] == 13
    assert counts["brand_new"] == 1
    assert categories_repo.get("brand_new").display_name == "Brand New"
    assert_invariants()


def _raw_category(slug: str) -> dict:
    key = categories_repo.schema()
    response = client.call(
        "get_item",
        TableName=tables.name(tables.CATEGORIES),
        Key={key: {"S": slug}},
        ConsistentRead=True,
    )
    from truthbyte_admin.data.serialization import from_item

    return from_item(response["Item"])


def _replace_count_field(slug: str, value) -> None:
    """The item carries its count in the OTHER shape's field only (read, but not the schema's)."""
    key = categories_repo.schema()
    own, other = (
        ("question_count", "count") if key == "category_id" else ("count", "question_count")
    )
    tx = Transaction()
    tx.update(
        "c",
        tables.name(tables.CATEGORIES),
        {key: slug},
        "SET #o = :v REMOVE #own",
        names={"#o": other, "#own": own},
        values={":v": value},
    )
    tx.execute()


def test_category_remembers_which_attribute_its_count_came_from(schema_tables):
    own = "question_count" if schema_tables == "category_id" else "count"
    assert categories_repo.get("science").count_attr == own
    _replace_count_field("science", 40)
    science = categories_repo.get("science")
    assert science.count == 40
    assert science.count_attr != own


def test_reconcile_of_a_count_in_the_other_shapes_field_moves_it_and_is_not_stuck(schema_tables):
    own, other = (
        ("question_count", "count")
        if schema_tables == "category_id"
        else ("count", "question_count")
    )
    _replace_count_field("science", 40)
    result = services.reconcile_counts(actor="eddie")
    assert result.ok
    assert result.fixed == {"science": (40, 12)}
    item = _raw_category("science")
    assert item[own] == 12
    assert other not in item
    assert services.reconcile_counts(actor="eddie").fixed == {}
    assert_invariants()


def test_reconcile_of_a_count_stored_as_text_is_not_stuck(schema_tables):
    set_stored_count("science", "40")
    result = services.reconcile_counts(actor="eddie")
    assert result.ok
    assert result.fixed == {"science": (40, 12)}
    assert services.reconcile_counts(actor="eddie").fixed == {}
    assert_invariants()


def test_a_count_stored_as_a_word_is_read_as_stored_and_the_repair_keeps_it_in_the_audit(
    schema_tables,
):
    from truthbyte_admin.auditlog.models import AuditRecord

    set_stored_count("science", "lots")
    science = categories_repo.get("science")
    assert (science.count, science.unreadable_count) == (None, "lots")
    rebuild()
    rows = {r.slug: r for r in selectors.dashboard().rows}
    assert (rows["science"].stored, rows["science"].unreadable_count) == (None, "lots")

    result = services.reconcile_counts(actor="eddie")
    assert result.fixed == {"science": ("lots", 12)}
    [entry] = audit.history("category#science")
    assert (entry.before, entry.after) == ({"count": "lots"}, {"count": 12})
    copied = AuditRecord.objects.get(entity="category#science")
    assert (copied.before, copied.after) == ({"count": "lots"}, {"count": 12})
    assert categories_repo.get("science").unreadable_count is None
    rows = {r.slug: r for r in selectors.dashboard().rows}  # the copy caught up
    assert (rows["science"].stored, rows["science"].unreadable_count) == (12, None)
    assert_invariants()


def test_a_count_that_is_a_number_or_absent_has_nothing_unreadable(schema_tables):
    set_stored_count("science", 40)
    set_stored_count("history", "7")  # a number stored as text still reads as 7
    assert categories_repo.get("science").unreadable_count is None
    history = categories_repo.get("history")
    assert (history.count, history.unreadable_count) == (7, None)


def test_legacy_categories_with_spaces_capitals_and_slashes_can_be_renamed(schema_tables):
    legacy = ["sci/fi", "Science Fiction", "general"]
    put_game_question(game_question_item("l1", legacy, 2))  # as the game's approval writes it
    put_game_index("l1", legacy)
    rebuild()
    board = selectors.dashboard()
    rows = {r.slug: r for r in board.rows}
    assert rows["sci/fi"].actual == 1
    assert rows["Science Fiction"].actual == 1
    assert rows["sci/fi"].html_id.startswith("cat-x-")
    assert rows["science"].html_id == "cat-science"
    services.rename_category(slug="sci/fi", old_name="Sci/Fi", new_name="Sci-fi", actor="e")
    assert categories_repo.get("sci/fi").display_name == "Sci-fi"
    with pytest.raises(services.CategoryServiceError):
        services.rename_category(slug="x" * 101, old_name="", new_name="X", actor="e")


def test_a_recount_by_an_import_settles_the_drift_the_dashboard_shows(schema_tables):
    """The sync's last check listed science as drifting; an import's recount then set its count
    right: the dashboard no longer calls it drifting beside two equal numbers, and a category
    still off stays listed."""
    from truthbyte_admin.data import bulk

    set_stored_count("science", 15)
    set_stored_count("history", 9)
    rebuild()
    sync.sync_once()
    assert {r.slug for r in selectors.dashboard().rows if r.drifting} == {"science", "history"}
    bulk.recount_categories(["science"])
    rows = {r.slug: r for r in selectors.dashboard().rows}
    assert (rows["science"].stored, rows["science"].actual) == (12, 12)
    assert not rows["science"].drifting
    assert rows["history"].drifting
