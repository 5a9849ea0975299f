"""The global audit log page: every staff action from the staff copy of the audit table,
filtered, paged and exported as spreadsheet-safe CSV, with zero DynamoDB requests."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.support import game_writes
from tests.support.exports import csv_rows
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.auditlog import copy
from truthbyte_admin.auditlog.models import AuditRecord
from truthbyte_admin.auditlog.queries import PAGE_SIZE
from truthbyte_admin.core.links import category_row_id as row_id
from truthbyte_admin.data import audit
from truthbyte_admin.staffindex.build import rebuild

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)


def _record(entity, actor, action, *, at, note="", before=None, after=None):
    audit.record(
        audit.new_entry(
            entity, actor=actor, action=action, at=at, note=note, before=before, after=after
        )
    )


@pytest.fixture
def entries(game_tables, make_staff):
    make_staff("mona", "moderator")
    make_staff("eddie", "editor")
    _record(
        "question#q_1", "eddie", "edit", at=DAY, before={"question": "A?"}, after={"question": "B?"}
    )
    _record("submission#q_00000001", "mona", "approve", at=DAY + dt.timedelta(days=1))
    _record(
        "submission#q_00000002", "mona", "reject", at=DAY + dt.timedelta(days=2), note="Off-topic"
    )
    _record(
        "category#science",
        "eddie",
        "rename",
        at=DAY + dt.timedelta(days=3),
        before={"display_name": "Science"},
        after={"display_name": "Science 🚀"},
    )
    _record(
        "staff#mona",
        "mona",
        "sign_in",
        at=DAY + dt.timedelta(days=4),
        after={"address": "10.0.0.9"},
    )


def _text(response) -> str:
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def _rows(html: str) -> int:
    return html.count('data-testid="audit-row"')


def test_every_entry_is_copied_as_it_is_written_and_listed_newest_first(support_client, entries):
    assert AuditRecord.objects.count() == 5

    with assert_dynamodb_requests(0):
        html = _text(support_client.get("/audit/"))

    assert _rows(html) == 4  # the sign-in event is for admins only
    table = html[html.index('id="results"') :]
    assert (
        table.index("<td>Renamed</td>")
        < table.index("<td>Rejected</td>")
        < table.index("<td>Approved</td>")
        < table.index("<td>Edited</td>")
    )
    assert "10.0.0.9" not in html
    assert "<td>Signed in</td>" not in html
    assert 'href="/questions/q_1/"' in html
    assert 'href="/queue/q_00000001/"' in html
    assert "Changed:</span> question text" in html
    assert "Time (UTC)" in html
    # Staff words, not the stored codes, in the rows and in the action filter (whose values
    # stay the codes the URL carries).
    assert '<option value="approve">Approved</option>' in html
    assert "Question <a" in table
    assert "Submission <a" in table


def test_admins_also_see_staff_sign_in_events(admin_client, entries):
    html = _text(admin_client.get("/audit/"))

    assert _rows(html) == 5
    assert "<td>Signed in</td>" in html
    assert "Staff account <" in html
    assert "From</span> <code>10.0.0.9</code>" in html  # where it came from, not only in the CSV


def test_filters_by_staff_action_item_and_utc_dates(support_client, entries):
    assert _rows(_text(support_client.get("/audit/", {"actor": "mona"}))) == 2
    assert _rows(_text(support_client.get("/audit/", {"action": "rename"}))) == 1
    assert _rows(_text(support_client.get("/audit/", {"item": "q_00000002"}))) == 1
    assert _rows(_text(support_client.get("/audit/", {"item": "question#q_1"}))) == 1
    html = _text(support_client.get("/audit/", {"since": "2025-03-11", "until": "2025-03-12"}))
    assert _rows(html) == 2
    assert "<td>Approved</td>" in html
    assert "<td>Rejected</td>" in html
    html = _text(support_client.get("/audit/", {"actor": "mona", "action": "approve"}))
    assert _rows(html) == 1
    html = _text(support_client.get("/audit/", {"actor": "nobody"}))
    assert "No entry matches these filters" in html
    assert 'data-testid="export-csv"' not in html  # no file of nothing offered
    assert 'data-testid="export-csv"' in _text(support_client.get("/audit/", {"actor": "mona"}))


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"since": "yesterday"}, "“From” must be a date written YYYY-MM-DD"),
        ({"since": "2025-02-30"}, "2025-02-30 is not a real date"),
        ({"page": "0"}, "“Page” must be a whole number"),
        ({"item": "x" * 2101}, "at most 2100 characters"),
        ({"action": "bogus"}, "“bogus” is not an action the audit log records"),
        ({"item": "plyer#5eed"}, "“plyer” is not something the audit log records"),
    ],
)
def test_bad_filters_are_a_400_with_the_reason(support_client, entries, params, reason):
    response = support_client.get("/audit/", params)

    assert response.status_code == 400
    assert reason in response.content.decode().replace("&#x27;", "'").replace("&ldquo;", "“")


def test_an_unknown_action_is_a_400_in_the_export_too(support_client, entries):
    response = support_client.get("/audit/export.csv", {"action": "bogus"})

    assert response.status_code == 400
    assert "choose one from the Action list" in response.content.decode()


def test_an_action_code_from_a_newer_admin_in_the_log_can_still_be_filtered(
    support_client, entries
):
    _record("question#q_9", "eddie", "bulk_retag", at=DAY)  # a code this version doesn't know
    html = _text(support_client.get("/audit/", {"action": "bulk_retag"}))
    assert _rows(html) == 1
    assert '<option value="bulk_retag" selected>Bulk retag</option>' in html


def _selected(html: str, select_id: str) -> str:
    select = html[html.index(f'<select id="{select_id}"') :]
    select = select[: select.index("</select>")]
    chosen = re.findall(r"<option [^>]*selected>([^<]*)</option>", select)
    assert len(chosen) == 1, select
    return chosen[0]


def test_the_filters_always_show_what_is_applied(support_client, make_staff, entries):
    make_staff("nora", "moderator")  # a real account that has done nothing yet
    html = _text(support_client.get("/audit/", {"actor": "nora"}))
    assert _selected(html, "audit-actor") == "nora (no entries)"
    assert "0 entries matching the filters" in html
    # A known action nobody has taken yet.
    html = _text(support_client.get("/audit/", {"action": "retire"}))
    assert _selected(html, "audit-action") == "Retired (no entries)"
    # And one with entries, with nothing added to its name.
    html = _text(support_client.get("/audit/", {"actor": "mona", "action": "approve"}))
    assert (_selected(html, "audit-actor"), _selected(html, "audit-action")) == (
        "mona",
        "Approved",
    )
    assert _selected(_text(support_client.get("/audit/")), "audit-actor") == "Anyone"


def test_a_sign_in_action_says_only_admins_see_it_instead_of_zero_entries(support_client, entries):
    html = _text(support_client.get("/audit/", {"action": "sign_in"}))

    assert _selected(html, "audit-action") == "Signed in (shown to admins only)"
    results = html[html.index('id="results"') :]
    assert '<h2 data-testid="audit-count">Sign-in events are shown to admins only</h2>' in results
    assert "0 entries" not in results
    assert "No entry matches" not in results
    assert 'href="/audit/">Show the other actions</a>' in results
    assert _rows(html) == 0
    assert "10.0.0.9" not in html


def test_admins_filter_sign_in_events_like_any_other_action(admin_client, entries):
    html = _text(admin_client.get("/audit/", {"action": "sign_in"}))
    assert _selected(html, "audit-action") == "Signed in"
    assert _rows(html) == 1
    assert "shown to admins only</h2>" not in html


PLAYER = "5eed0000-0000-4000-8000-000000000007"


def test_concerning_finds_every_item_whose_id_starts_with_what_was_typed(support_client, entries):
    _record(f"user#{PLAYER}", "ada", "store_streaks", at=DAY)
    _record("user#5eed0001-0000-4000-8000-000000000007", "ada", "store_streaks", at=DAY)
    _record("question#q_10", "eddie", "edit", at=DAY)

    assert _rows(_text(support_client.get("/audit/", {"item": "5eed0000"}))) == 1
    assert _rows(_text(support_client.get("/audit/", {"item": "5eed000"}))) == 2
    assert _rows(_text(support_client.get("/audit/", {"item": PLAYER}))) == 1  # a whole id too
    assert _rows(_text(support_client.get("/audit/", {"item": "q_0000000"}))) == 2
    assert _rows(_text(support_client.get("/audit/", {"item": "q_1"}))) == 2  # q_1 and q_10
    # type#id is exactly one item (what links from other pages use).
    assert _rows(_text(support_client.get("/audit/", {"item": "question#q_1"}))) == 1
    # As typed: the same on SQLite and PostgreSQL; "_" and "%" are characters, not wildcards.
    assert _rows(_text(support_client.get("/audit/", {"item": "Q_1"}))) == 0
    assert _rows(_text(support_client.get("/audit/", {"item": "q%"}))) == 0
    assert _rows(_text(support_client.get("/audit/", {"item": "5eed_000"}))) == 0
    # The export has the same rows.
    response = support_client.get("/audit/export.csv", {"item": "5eed000"})
    exported = csv_rows(response)
    assert sorted(row[5][:8] for row in exported[1:]) == ["5eed0000", "5eed0001"]
    html = _text(support_client.get("/audit/"))
    assert '<label for="audit-item">Concerning</label>' in html
    assert "finds every question, submission, player or category whose id starts so" in html
    assert 'aria-describedby="audit-item-help"' in html
    help_text = html[html.index('id="audit-item-help">') :]
    help_text = help_text[: help_text.index("</p>")]
    assert " item" not in help_text  # staff words: question, player…, not storage's "item"


def test_concerning_finds_what_staff_copy_from_the_page(support_client, entries):
    _record(f"user#{PLAYER}", "ada", "store_streaks", at=DAY)
    _record("user#5eed0001-0000-4000-8000-000000000007", "ada", "store_streaks", at=DAY)
    _record("question#dq00004", "eddie", "edit", at=DAY)
    _record("category#space", "eddie", "rename", at=DAY)
    _record("category#science_fiction", "eddie", "rename", at=DAY)

    # As the page shows it: that one only.
    for typed in (f"Player {PLAYER}", f"player#{PLAYER}", f"user#{PLAYER}"):
        html = _text(support_client.get("/audit/", {"item": typed}))
        assert _rows(html) == 1, typed
        assert PLAYER in html[html.index('id="results"') :]
        assert f'value="{typed}"' in html  # the box keeps what was typed
    assert _rows(_text(support_client.get("/audit/", {"item": "Player 5eed…"}))) == 2
    assert _rows(_text(support_client.get("/audit/", {"item": "Question dq00004"}))) == 1
    # A category by the name the game shows, or by its key; not another that starts so.
    for typed in ("Category Space", "category space", "category#space", "space"):
        assert _rows(_text(support_client.get("/audit/", {"item": typed}))) == 1, typed
    assert _rows(_text(support_client.get("/audit/", {"item": "Category Science Fiction"}))) == 1
    assert _rows(_text(support_client.get("/audit/", {"item": "Category science"}))) == 1
    # A kind with part of an id finds nothing, and says how to find every one starting so.
    html = _text(support_client.get("/audit/", {"item": "Player 5eed"}))
    assert _rows(html) == 0
    # Worded for a whole id with nothing to its name (the player page's link) as well.
    assert (
        "This looked for that whole id. For every player whose id starts so, end it with “…”: "
        '<code dir="auto">Player 5eed…</code>'
    ) in html
    # Every entry of a kind, as the home page links the staff accounts' entries.
    assert _rows(_text(support_client.get("/audit/", {"item": "player#"}))) == 2
    lede = html[html.index('class="lede"') :]
    assert "item" not in lede[: lede.index("</p>")]
    # The export reads it the same way.
    exported = csv_rows(support_client.get("/audit/export.csv", {"item": "Player 5eed…"}))
    assert len(exported) == 3


def test_every_entry_about_staff_accounts_for_admins(admin_client, entries):
    html = _text(admin_client.get("/audit/", {"item": "staff#"}))
    assert _rows(html) == 1
    assert "<td>Signed in</td>" in html
    assert _rows(_text(admin_client.get("/audit/", {"item": "Staff account mona"}))) == 1


def _plan_over_a_log_of_many_items(matching) -> str:
    """The query plan as PostgreSQL would choose it for a log of entries about many items. On
    an empty table its choice between two indexes is a tie that the statistics left by earlier
    tests decide (the time index with a filter, now and then), so it is given a log to plan for.
    SQLite plans by the indexes alone."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return matching.explain()
    if not AuditRecord.objects.filter(entity_id="zz00000").exists():
        _fill_the_log_with_many_items()
    return matching.explain()


def _fill_the_log_with_many_items() -> None:
    from django.db import connection

    AuditRecord.objects.bulk_create(
        AuditRecord(
            entity=f"question#zz{n:05}",
            entity_type="question",
            entity_id=f"zz{n:05}",
            question_id=f"zz{n:05}",
            event=f"{n}",
            at=DAY + dt.timedelta(minutes=n),
            actor="eddie",
            action="edit",
        )
        for n in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE auditlog_auditrecord")
        cursor.execute("SET LOCAL enable_seqscan = off")


def test_an_id_prefix_is_found_through_the_item_id_index(db):
    from truthbyte_admin.auditlog import selectors
    from truthbyte_admin.auditlog.queries import AuditQuery

    matching = selectors._matching(AuditQuery(item="5eed0000"), include_security=False)
    plan = _plan_over_a_log_of_many_items(matching)
    assert "auditlog_auditrecord_entity_id" in plan, plan
    # Not the whole table: SQLite's "SCAN" (vs "SEARCH"), PostgreSQL's "Seq Scan".
    assert not re.search(r"\bSCAN auditlog_auditrecord\b|Seq Scan", plan), plan


def test_the_calendars_first_and_last_days_are_dates_like_any_other(support_client, entries):
    # "To" includes its whole day: the last date there is has no day after it to stop at.
    for path in ("/audit/", "/audit/export.csv"):
        response = support_client.get(path, {"since": "0001-01-01", "until": "9999-12-31"})
        assert response.status_code == 200
    assert _rows(_text(support_client.get("/audit/", {"until": "9999-12-31"}))) == 4


def test_a_page_past_the_end_shows_the_last_page(support_client, entries):
    response = support_client.get("/audit/", {"page": "99999"})

    assert response.status_code == 200
    assert _rows(_text(response)) == 4  # everything, on the one page there is


def test_pages_of_fifty_keep_the_filters(support_client, game_tables):
    for n in range(PAGE_SIZE + 3):
        _record(f"question#q_{n}", "eddie", "edit", at=DAY + dt.timedelta(minutes=n))

    first = _text(support_client.get("/audit/", {"actor": "eddie"}))
    second = _text(support_client.get("/audit/", {"actor": "eddie", "page": "2"}))

    assert _rows(first) == PAGE_SIZE
    assert _rows(second) == 3
    assert 'href="/audit/?actor=eddie&amp;page=2"' in first
    assert f"{PAGE_SIZE + 3} entries" in first


def test_csv_export_has_the_same_filters_and_every_page(support_client, entries):
    with assert_dynamodb_requests(0):
        response = support_client.get("/audit/export.csv", {"actor": "mona"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][:6] == ["time_utc", "staff", "action", "action_label", "item_type", "item_id"]
    assert [r[2] for r in rows[1:]] == ["reject", "approve"]  # no sign-in: not an admin
    assert [r[3] for r in rows[1:]] == ["Rejected", "Approved"]  # the page's words beside
    assert rows[1][0] == "2025-03-12T12:00:00Z"
    assert rows[1][6] == "Off-topic"


def test_a_category_entry_links_to_its_row_on_the_dashboard(support_client, game_tables):
    _record("category#Sci/Fi", "eddie", "rename", at=DAY)  # a legacy key no element id can hold
    html = _text(support_client.get("/audit/"))
    assert f'href="/categories/#{row_id("Sci/Fi")}"' in html
    assert row_id("Sci/Fi") != "cat-Sci/Fi"
    assert 'class="subject"' not in html  # a category has no text to quote


def test_a_long_question_is_quoted_short_with_the_whole_text_on_hover(support_client, game_tables):
    text = "Is " + "very " * 40 + "long?"
    _record("question#q_long", "eddie", "edit", at=DAY, after={"question": text})
    html = _text(support_client.get("/audit/"))
    assert f'class="subject" dir="auto" title="{text}">{text[:89]}…</span>' in html


def test_the_log_shows_what_a_change_changed_from_and_to(support_client, entries):
    html = _text(support_client.get("/audit/", {"action": "rename"}))
    assert (
        'Changed:</span> display name: <span class="value" dir="auto">Science</span> → '
        '<span class="value" dir="auto">Science 🚀</span>'
    ) in html
    # The export keeps player and staff text as written, not as \u escapes.
    response = support_client.get("/audit/export.csv", {"action": "rename"})
    rows = csv_rows(response)
    assert rows[1][-2:] == ["display name: Science", "display name: Science 🚀"]


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(
    support_client, game_tables
):
    _record("question#q_9", "=cmd|' /C calc'!A0", "edit", at=DAY, note="+SUM(A1:A9)")
    _record("question#q_10", "@evil", "edit", at=DAY, note="-2+3")

    response = support_client.get("/audit/export.csv")
    rows = csv_rows(response)

    cells = [cell for row in rows[1:] for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert "'+SUM(A1:A9)" in cells
    assert "'@evil" in cells
    assert "'-2+3" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_an_approval_in_the_queue_appears_in_the_log_at_once(moderator_client, game_tables):
    game_writes.game_submission(
        "q_a0d17001", "Is the audit log live?", author="p1", at=1_764_000_000
    )
    rebuild()

    response = moderator_client.post("/queue/q_a0d17001/approve/", {"next": "/queue/"})
    assert response.status_code == 302

    html = _text(moderator_client.get("/audit/", {"actor": "mona"}))
    assert "<td>Approved</td>" in html
    assert "q_a0d17001" in html
    # Approved as submitted: the submission's status changed, nothing was edited (the new
    # question the entry carries is not a change of the submission's text).
    row = html[html.index("Submission <a") :]
    row = row[: row.index("</tr>")]
    assert "Changed:</span> status" in row
    assert "question text" not in row
    # Which submission, in words: its text under its id.
    assert '<span class="subject" dir="auto">Is the audit log live?</span>' in row


def test_rebuild_copies_the_whole_audit_table_again(entries):
    AuditRecord.objects.all().delete()

    assert copy.rebuild() == 5
    assert AuditRecord.objects.filter(actor="mona").count() == 3


def test_the_nav_links_the_audit_log_for_every_role(support_client, game_tables):
    html = _text(support_client.get("/audit/"))

    assert 'href="/audit/" aria-current="page"' in html
    assert "No staff action has been recorded yet" in html


def test_a_rejection_lists_what_it_changed_not_every_field_of_the_submission(
    moderator_client, game_tables
):
    game_writes.game_submission(
        "q_a0d17002", "Is every field listed?", author="p1", at=1_764_000_000
    )
    rebuild()

    response = moderator_client.post(
        "/queue/q_a0d17002/reject/", {"reason": "spam", "next": "/queue/"}
    )
    assert response.status_code == 302, response.content[:500]

    html = _text(moderator_client.get("/audit/", {"item": "q_a0d17002"}))
    row = html[html.index('data-testid="audit-row"') :]
    row = row[: row.index("</tr>")]
    assert "<td>Rejected</td>" in row
    assert "Changed:</span> status" in row
    for stored_name in ("passage", "submitted_at", "author", "reviewed_at", "categories"):
        assert stored_name not in row


def test_a_bad_filter_page_offers_the_list_without_its_filters(support_client, entries):
    response = support_client.get("/audit/", {"since": "yesterday", "actor": "mona"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "must be a date written YYYY-MM-DD" in html
    assert '<a href="/audit/" data-testid="without-parameters">' in html


def test_dates_the_wrong_way_round_are_said_beside_them_with_the_other_filters_kept(
    support_client, entries
):
    # It was the 400 page, the form gone: its one way back dropped the other filters too.
    params = {"actor": "mona", "since": "2025-03-12", "until": "2025-03-11"}
    response = support_client.get("/audit/", params)

    assert response.status_code == 200
    html = _text(response)
    said = html[html.index('data-testid="dates-reversed"') :]
    assert said.startswith(
        'data-testid="dates-reversed">“From” (2025-03-12) is after “To” (2025-03-11), so no '
        'entry can match. <a href="/audit/?actor=mona&amp;since=2025-03-11&amp;until=2025-03-12">'
    )
    assert html.count('aria-invalid="true"') == 2
    # Said once, beside the dates: the empty list only points there.
    assert html.count("is after “To”") == 1
    assert "No entries listed for these dates (see the dates above)." in html
    assert '<option value="mona" dir="auto" selected>' in html
    assert _rows(html) == 0
    assert 'data-testid="export-csv"' not in html
    swapped = _text(
        support_client.get("/audit/", {**params, "since": "2025-03-11", "until": "2025-03-12"})
    )
    assert 'data-testid="dates-reversed"' not in swapped
    # A download is a file of no rows, which would not say why: the 400 page says it.
    export = support_client.get("/audit/export.csv", params)
    assert export.status_code == 400
    assert "must be on or before" in export.content.decode()


def test_an_entry_about_a_long_category_key_is_copied_and_found_whole(support_client, game_tables):
    key = "k" * 1000  # the game stores keys verbatim; DynamoDB allows 2 KB
    _record(f"category#{key}", "eddie", "rename", at=DAY, after={"name": "Long"})

    html = _text(support_client.get("/audit/", {"item": f"category#{key}"}))

    assert 'data-testid="audit-row"' in html
    assert key in html


def test_the_date_filters_say_they_are_utc_days_written_as_the_results_give_them(
    support_client, entries
):
    html = _text(support_client.get("/audit/"))

    for field in ("audit-since", "audit-until"):
        box = html[html.rindex("<input", 0, html.index(f'id="{field}"')) :]
        box = box[: box.index(">")]
        assert 'type="date"' in box
        assert 'aria-describedby="audit-dates-help"' in box
    help_text = html[html.index('id="audit-dates-help">') :]
    help_text = help_text[: help_text.index("</p>")]
    assert "days in UTC" in help_text
    assert "YYYY-MM-DD, such as 2025-03-10" in help_text
    assert "“To” includes its whole day" in help_text


def test_a_category_entry_naming_a_question_by_id_quotes_no_text(support_client, game_tables):
    _record(
        "category#space",
        "eddie",
        "repair_list",
        at=DAY,
        before={"question": "q_1a2b3c4d", "in_game_list": False},
        after={"question": "q_1a2b3c4d", "in_game_list": True},
    )
    html = _text(support_client.get("/audit/"))
    assert 'class="subject"' not in html


def _repair(category, question_id, *, added):
    _record(
        f"category#{category}",
        "eddie",
        "repair_list",
        at=DAY,
        before={"question": question_id, "in_game_list": not added},
        after={"question": question_id, "in_game_list": added},
    )


def test_a_question_finds_the_list_repairs_that_added_or_removed_it(support_client, entries):
    _record("question#dq00004", "eddie", "edit", at=DAY)
    _repair("space", "dq00004", added=True)
    _repair("history", "dq00004", added=False)
    _repair("space", "dq00005", added=True)

    # Filed under their category, found by the question too: as the page shows it, as a link
    # puts it, its whole id or its start.
    for typed in ("Question dq00004", "question#dq00004", "dq00004"):
        html = _text(support_client.get("/audit/", {"item": typed}))
        assert _rows(html) == 3, typed
    assert _rows(_text(support_client.get("/audit/", {"item": "Question dq0000…"}))) == 4
    assert _rows(_text(support_client.get("/audit/", {"item": "dq0000"}))) == 4
    # "Question" alone: every entry about a question, the list repairs among them.
    assert _rows(_text(support_client.get("/audit/", {"item": "Question"}))) == 5  # + q_1
    # Still under their category, and only there.
    assert _rows(_text(support_client.get("/audit/", {"item": "Category Space"}))) == 2
    # The row says which question, linking to it.
    html = _text(support_client.get("/audit/", {"item": "Category History"}))
    assert _rows(html) == 1
    assert (
        '<br><span class="help">Question</span> '
        '<a href="/questions/dq00004/"><code dir="auto">dq00004</code></a>'
    ) in html
    # The export reads it the same way.
    exported = csv_rows(support_client.get("/audit/export.csv", {"item": "Question dq00004"}))
    assert len(exported) == 4


def test_a_question_and_its_list_repairs_are_found_through_the_question_id_index(db):
    from truthbyte_admin.auditlog import selectors
    from truthbyte_admin.auditlog.queries import AuditQuery

    # (Every question's entries, "Question" alone, may be read newest first through the time
    # index instead: that is most of the log, in the order shown.)
    for typed in ("Question dq00004", "Question dq0000…", "dq0000"):
        matching = selectors._matching(AuditQuery(item=typed), include_security=False)
        plan = _plan_over_a_log_of_many_items(matching)
        assert "auditlog_auditrecord_question_id" in plan, (typed, plan)
        assert not re.search(r"\bSCAN auditlog_auditrecord\b|Seq Scan", plan), (typed, plan)


def test_the_copy_already_there_learns_which_question_each_entry_concerns(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "truthbyte_admin.auditlog.migrations.0003_question_concerned"
    )
    shared = {"actor": "eddie", "at": DAY}
    AuditRecord.objects.create(
        entity="question#dq00004",
        entity_type="question",
        entity_id="dq00004",
        action="edit",
        event="1",
        **shared,
    )
    AuditRecord.objects.create(
        entity="category#space",
        entity_type="category",
        entity_id="space",
        action="repair_list",
        event="2",
        before={"question": "dq00005", "in_game_list": False},
        after={"question": "dq00005", "in_game_list": True},
        **shared,
    )
    AuditRecord.objects.create(
        entity="category#space",
        entity_type="category",
        entity_id="space",
        action="rename",
        event="3",
        before={"question": "Not an id"},  # only a list repair names a question by its id
        **shared,
    )

    migration.fill_question_ids(apps, None)

    found = dict(AuditRecord.objects.values_list("action", "question_id"))
    assert found == {"edit": "dq00004", "repair_list": "dq00005", "rename": ""}


def test_invisible_characters_pasted_into_concerning_are_left_out_and_said(support_client, entries):
    _record("question#dq00004", "eddie", "edit", at=DAY)

    html = _text(support_client.get("/audit/", {"item": "\u200bQuestion dq00004"}))

    assert _rows(html) == 1
    assert 'value="Question dq00004"' in html  # the box holds what was searched for
    note = html[html.index('data-testid="invisible-left-out">') :]
    note = note[: note.index("</p>")]
    assert "Searched for “<bdi>Question dq00004</bdi>”" in note
    assert "“<bdi>⟨U+200B⟩Question dq00004</bdi>”" in note
    assert "(U+200B zero width space)" in note
    assert "export.csv?item=Question+dq00004" in html  # links carry what was searched for
    # No-break spaces around and inside are space: found, nothing to say.
    html = _text(support_client.get("/audit/", {"item": "\u00a0Question\u00a0dq00004\u00a0"}))
    assert _rows(html) == 1
    assert "invisible-left-out" not in html
    # Nothing but invisible characters: nothing searched for, and it says so.
    html = _text(support_client.get("/audit/", {"item": "\u200b\u200e"}))
    assert _rows(html) == 5
    assert (
        "Nothing searched for in “Concerning”: what was typed, “<bdi>⟨U+200B⟩⟨U+200E⟩</bdi>”, "
        "held only invisible characters (U+200B zero width space, U+200E left-to-right mark)."
    ) in html
    # The export searches the same.
    exported = csv_rows(support_client.get("/audit/export.csv", {"item": "\ufeffdq00004\u200b"}))
    assert len(exported) == 2


def test_a_category_with_no_entries_of_its_own_says_where_its_questions_changes_are(
    support_client, entries
):
    # A category's count moved when its questions were retired, yet "Audit log of art" found
    # nothing and said only that (lists probe).
    html = _text(support_client.get("/audit/", {"item": "Category art"}))
    assert _rows(html) == 0
    note = re.search(r'data-testid="category-entries">(.*?)</p>', html, re.S).group(1)
    assert "is filed under that question" in note
    assert '<a href="/questions/?category=art">the category’s questions</a>' in note
    assert 'data-testid="whole-id"' not in html
