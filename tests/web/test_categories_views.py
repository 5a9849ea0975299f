"""The categories dashboard through Django's test client: figures from the staff index (no
DynamoDB request per load), the sync's drift with its age, "Verify now" and the repair."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.support import game_writes as game
from tests.support.exports import csv_rows
from tests.support.questions import (
    game_question_item,
    make_question,
    put_game_index,
    put_game_question,
    seed,
    set_stored_count,
    stored_counts,
)
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.categories import selectors as category_selectors
from truthbyte_admin.data import audit, tables
from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.staffindex import sync
from truthbyte_admin.staffindex.build import rebuild
from truthbyte_admin.staffindex.models import IndexState


@pytest.fixture
def pool(game_tables, db, settings):
    settings.CATEGORY_CHECK_IN_THREAD = False  # the test's own transaction: run it inline
    seed(
        *[make_question(f"s{n}", ["science"], 1 + n % 5) for n in range(12)],
        *[make_question(f"h{n}", ["history"], 2) for n in range(3)],
    )
    rebuild()
    return game_tables


def test_dashboard_shows_counts_drift_low_chart_and_totals(pool, support_client):
    set_stored_count("science", 20)
    sync.sync_once()  # the sync computes the drift
    support_client.get("/categories/")  # the key schema is cached from here on
    with assert_dynamodb_requests(0):
        response = support_client.get("/categories/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="cat-science-head" class="drift"' in html
    assert "+8" in html
    assert "under 10" in html
    # Every figure cell of a drifting row is highlighted (its display name follows its head, by
    # CSS: see the browser test); no other row's.
    science = html[html.index('id="cat-science"') :]
    science = science[: science.index("</tr>")]
    assert science.count('class="drift"') + science.count(' drift"') == 5
    history = html[html.index('id="cat-history"') :]
    history = history[: history.index("</tr>")]
    assert 'class="drift"' not in history
    assert ' drift"' not in history
    assert "<svg" in html
    assert 'class="bar drift"' in html
    assert 'class="bar low"' in html
    assert 'style="' not in html
    assert "<style" not in html
    assert "Rename" not in html
    assert "Repair stored counts" not in html
    assert 'data-testid="verify-now"' not in html
    for jargon in ("Scan", "GSI", "shape", "index entries", "(index)"):
        assert jargon not in html
    assert 'data-testid="index-freshness"' in html


def test_difficulty_mix_per_category_and_in_all(pool, support_client):
    html = support_client.get("/categories/").content.decode()
    row = html[html.index('id="cat-science"') :]
    row = row[: row.index("</tr>")]
    assert all(f'title="difficulty {d}">{d}: {n}' in row for d, n in [(1, 3), (2, 3), (5, 2)])
    totals = html[html.index("<tfoot") :]
    assert "2: 6" in totals  # 3 science + 3 history at difficulty 2, counted through general


def test_drift_is_shown_with_the_utc_time_of_the_sync_check(pool, support_client):
    set_stored_count("history", 9)
    html = support_client.get("/categories/").content.decode()
    assert 'id="cat-history-head" class="drift"' not in html  # not synced yet
    sync.sync_once()
    # A time, not "3 min ago": it stays true while the page stays open.
    checked = timezone.now().replace(hour=0, minute=0, second=30)
    IndexState.objects.filter(name="drift").update(updated_at=checked)
    html = support_client.get("/categories/").content.decode()
    assert 'id="cat-history-head" class="drift"' in html
    assert "+6" in html
    assert 'data-testid="drift-age">(checked at 00:00 UTC)' in html
    assert "whose drift was last checked at 00:00 UTC." in html
    IndexState.objects.filter(name="drift").update(
        updated_at=dt.datetime(2025, 3, 10, 6, 12, tzinfo=dt.UTC)
    )
    html = support_client.get("/categories/").content.decode()
    assert 'data-testid="drift-age">(checked on 2025-03-10 at 06:12 UTC)' in html
    assert " ago" not in html[html.index('id="chart-heading"') :]


def test_a_verify_check_says_the_utc_time_it_was_made_not_how_long_ago(pool, editor_client):
    html = editor_client.post("/categories/verify/", follow=True).content.decode()
    result = re.search(r'<p [^>]*data-testid="check-result"[^>]*>(.*?)</p>', html).group(1)
    finished = IndexState.objects.get(name="count-check").updated_at
    assert result.startswith(
        f'Checked <time datetime="{finished.isoformat()}">at {finished:%H:%M} UTC</time> by eddie:'
    )
    IndexState.objects.filter(name="count-check").update(
        updated_at=dt.datetime(2025, 3, 10, 6, 12, tzinfo=dt.UTC)
    )
    html = editor_client.get("/categories/").content.decode()
    assert ">on 2025-03-10 at 06:12 UTC</time> by eddie: every one of the 3 stored counts" in html


def test_verify_now_finds_a_drift_made_by_the_game_and_repair_fixes_it(pool, editor_client):
    # The game adds a question with its index items and leaves the stored counts alone.
    game.question("g1", "Is this from the game?", categories=("general", "science"))
    html = editor_client.get("/categories/").content.decode()
    assert "Verify now" in html
    assert 'class="drift"' not in html
    # 2 consistent scans and a re-read of the question the admin's copy doesn't have yet
    with assert_dynamodb_requests(at_most=5) as stats:
        response = editor_client.post("/categories/verify/", follow=True)
    assert set(stats.operations) == {"scan", "batch_get_item"}  # nothing written
    html = response.content.decode()
    assert 'data-testid="check-result"' in html
    assert "2 stored counts differ" in html
    check = html[html.index('data-testid="check-drifting"') :]
    science = check[check.index('data-slug="science"') :]
    assert science.startswith(
        'data-slug="science"><th scope="row"><code dir="auto">science</code> <bdi>Science</bdi>'
    )
    assert '<td class="num">12</td><td class="num">13</td>' in science
    assert "-1" in science
    # The copy was behind for general and science.
    assert "behind the game's data for <bdi>general</bdi>, <bdi>science</bdi>" in html
    assert stored_counts()["science"] == 12  # verifying changes nothing
    repaired = editor_client.post("/categories/reconcile/", follow=True).content.decode()
    assert "<bdi>science</bdi> 12 → 13" in repaired
    assert stored_counts()["science"] == 13
    assert stored_counts()["general"] == 16
    assert 'data-testid="check-result"' not in repaired  # the check no longer describes it
    again = editor_client.post("/categories/verify/", follow=True).content.decode()
    assert "every one of the 3 stored counts matches" in again


def test_verify_progress_is_polled_without_dynamodb_requests(pool, editor_client):
    from truthbyte_admin.categories import verify

    verify.start(actor="eddie")
    IndexState.objects.filter(name="count-check").update(
        data={"run": "r1", "status": "running", "started_by": "eddie", "read": 5, "expected": 20}
    )
    with assert_dynamodb_requests(0):
        html = editor_client.get("/categories/verify/status/").content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert 'value="25"' in html
    assert "Checking… 5 of about 20" in html
    assert 'data-testid="verify-now"' not in html  # one check at a time
    IndexState.objects.filter(name="count-check").update(
        updated_at=timezone.now() - dt.timedelta(minutes=5)
    )
    html = editor_client.get("/categories/verify/status/").content.decode()
    assert 'data-testid="check-stopped"' in html
    assert 'data-testid="verify-now"' in html
    assert 'hx-trigger="every 1s"' not in html


def test_the_dashboard_opens_during_an_outage_past_the_schemas_minute(
    pool, support_client, faults, settings
):
    # Served from the staff index, it needs DynamoDB only for the table's key schema, kept a
    # minute: past that minute, an outage made it a 503 while every other list page opened.
    from truthbyte_admin.data import client, tables

    support_client.get("/categories/")
    cache.delete(f"tables:{client.table_name('')}:categories-key")  # the minute is over
    settings.DYNAMODB_MAX_ATTEMPTS = 1
    faults.fail_next("DescribeTable", times=10, error="InternalServerError", status=500)

    response = support_client.get("/categories/")

    assert response.status_code == 200
    assert 'id="cat-science"' in response.content.decode()
    tables.forget_schema_cache()


def test_support_cannot_verify(pool, support_client):
    refused = support_client.post("/categories/verify/")
    assert refused.status_code == 403
    assert (
        "Your role can&#x27;t check, rename, repair or delete categories; editors and admins can."
    ) in refused.content.decode()


def test_a_stale_rename_to_the_name_a_colleague_just_gave_is_not_reported_as_ones_own(
    pool, editor_client
):
    # Both loaded "Science"; a colleague renamed it to "Sciences" first. The second was told
    # "Renamed … → Sciences" and offered "Rename back", which undid the colleague's rename.
    editor_client.post(
        "/categories/science/rename/",
        {"old_name": "Science", "display_name": "Sciences", "form_nonce": "a" * 32},
    )
    late = editor_client.post(
        "/categories/science/rename/",
        {"old_name": "Science", "display_name": "Sciences", "form_nonce": "b" * 32},
        follow=True,
    ).content.decode()

    assert "Nothing was changed: “<bdi>science</bdi>” was renamed to “<bdi>Sciences</bdi>”" in late
    assert "Rename back" not in late
    renames = [e for e in audit.history("category#science") if e.action == "rename"]
    assert len(renames) == 1


def test_editor_can_rename_and_reconcile(pool, editor_client):
    set_stored_count("science", 20)
    sync.sync_once()
    html = editor_client.get("/categories/").content.decode()
    assert "Repair stored counts (1)" in html
    assert 'data-confirm="' in html
    response = editor_client.post("/categories/reconcile/", follow=True)
    html = response.content.decode()
    assert "Repaired 1 stored count: <bdi>science</bdi> 20 → 12." in html
    assert 'id="cat-science-head" class="drift"' not in html
    assert stored_counts()["science"] == 12
    response = editor_client.post(
        "/categories/science/rename/",
        {"old_name": "Science", "display_name": "Sciences"},
        follow=True,
    )
    assert (
        "Renamed “<bdi>science</bdi>”: “<bdi>Science</bdi>” → “<bdi>Sciences</bdi>”."
        in response.content.decode()
    )
    assert categories_repo.get("science").display_name == "Sciences"
    stale = editor_client.post(
        "/categories/science/rename/", {"old_name": "Science", "display_name": "Other"}, follow=True
    )
    assert "was renamed to" in stale.content.decode()
    # The same stale page sent unchanged: not "already has the display name “Science”".
    unchanged = editor_client.post(
        "/categories/science/rename/",
        {"old_name": "Science", "display_name": "Science"},
        follow=True,
    ).content.decode()
    assert "“<bdi>science</bdi>” was renamed to “<bdi>Sciences</bdi>” since" in unchanged
    assert "already has the display name" not in unchanged
    nothing = editor_client.post("/categories/reconcile/", follow=True)
    assert "Nothing to do" in nothing.content.decode()


def test_each_category_row_links_to_its_own_audit_entries(pool, editor_client):
    from truthbyte_admin.data import audit

    editor_client.post(
        "/categories/science/rename/", {"old_name": "Science", "display_name": "Sciences"}
    )
    # Another category whose key starts the same: not in science's entries.
    audit.record(audit.new_entry("category#science_fiction", actor="eddie", action="rename"))
    html = editor_client.get("/categories/").content.decode()
    row = html[html.index('id="cat-science"') :]
    row = row[: row.index("</tr>")]
    link = re.search(r'<a href="([^"]*)" class="help" data-testid="category-audit">(.*?)</a>', row)
    assert link.group(1) == "/audit/?item=Category+science"
    assert link.group(2) == 'Audit log<span class="sr-only"> of <bdi>science</bdi></span>'
    entries = editor_client.get(link.group(1)).content.decode()
    assert entries.count('data-testid="audit-row"') == 1
    assert "<td>Renamed</td>" in entries
    assert 'value="Category science"' in entries  # the filter shows what is applied


def test_a_stored_count_that_is_not_a_number_is_quoted_everywhere_and_kept_by_the_repair(
    pool, editor_client
):
    set_stored_count("science", "lots")  # as odd data is stored: text where a number belongs
    sync.sync_once()
    html = editor_client.get("/categories/").content.decode()
    row = html[html.index('id="cat-science"') :]
    row = row[: row.index("</tr>")]
    stored = re.search(r'data-testid="stored">(.*?)</td>', row).group(1)
    assert stored == '“<bdi>lots</bdi>” <span class="help">(text, not a number)</span>'
    assert '<span class="badge warn">not a number</span>' in row  # not "-12"
    assert "-12" not in row

    checked = editor_client.post("/categories/verify/", follow=True).content.decode()
    check = checked[checked.index('data-testid="check-drifting"') :]
    science = check[check.index('data-slug="science"') :]
    science = science[: science.index("</tr>")]
    assert '“<bdi>lots</bdi>” <span class="help">(text, not a number)</span>' in science
    assert '<span class="badge warn">not a number</span>' in science

    repaired = editor_client.post("/categories/reconcile/", follow=True).content.decode()
    assert "Repaired 1 stored count: <bdi>science</bdi> “<bdi>lots</bdi>” → 12." in repaired
    assert stored_counts()["science"] == 12
    row = repaired[repaired.index('id="cat-science"') :]
    assert 'data-testid="stored">12</td>' in row[: row.index("</tr>")]

    # The audit entry keeps what was stored, on the page and in the export.
    log = editor_client.get("/audit/", {"action": "reconcile"}).content.decode()
    assert (
        'count: <span class="value" dir="auto">“lots” (text, not a number)</span> → '
        '<span class="value" dir="auto">12</span>'
    ) in log
    export = editor_client.get("/audit/export.csv", {"action": "reconcile"})
    exported = csv_rows(export)
    assert [(row[5], row[-2], row[-1]) for row in exported[1:]] == [
        ("science", "count: “lots” (text, not a number)", "count: 12")  # as the page says
    ]


def test_support_cannot_rename_or_reconcile(pool, support_client):
    assert support_client.post("/categories/reconcile/").status_code == 403
    assert (
        support_client.post(
            "/categories/science/rename/", {"old_name": "Science", "display_name": "X"}
        ).status_code
        == 403
    )


def test_dashboard_without_categories_table_says_so(dynamodb, db, editor_client):
    tables.create_missing_tables(
        only=[tables.QUESTIONS, tables.QUESTION_CATEGORIES, tables.AUDIT], wait=False
    )
    seed(make_question("p1", ["pop_culture"], 2))
    rebuild()
    html = editor_client.get("/categories/").content.decode()
    assert 'data-testid="table-missing"' in html
    assert "Pop Culture" in html
    assert "Repair stored counts" not in html
    assert "Rename" not in html
    assert 'data-testid="verify-now"' not in html
    response = editor_client.post("/categories/reconcile/", follow=True)
    assert "stores no category names or counts" in response.content.decode()


def test_dashboard_with_the_documented_name_schema(dynamodb, db, editor_client):
    tables.create_missing_tables(
        "name",
        only=[tables.QUESTIONS, tables.QUESTION_CATEGORIES, tables.CATEGORIES, tables.AUDIT],
        wait=False,
    )
    seed(make_question("n1", ["science"], 2))
    rebuild()
    html = editor_client.get("/categories/").content.decode()
    assert 'id="cat-science"' in html
    assert "Rename" in html
    editor_client.post(
        "/categories/science/rename/", {"old_name": "Science", "display_name": "Science!"}
    )
    assert categories_repo.get("science").display_name == "Science!"


def test_empty_dashboard_has_a_useful_empty_state(game_tables, support_client):
    assert "No categories yet" in support_client.get("/categories/").content.decode()


def test_dashboard_renders_and_renames_categories_with_slashes_and_spaces(pool, editor_client):
    legacy = ["sci/fi", "Science Fiction", "general"]
    put_game_question(game_question_item("q_51f1", legacy, 2))  # as the game's approval writes
    put_game_index("q_51f1", legacy)
    rebuild()
    response = editor_client.get("/categories/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-slug="sci/fi"' in html
    assert 'data-slug="Science Fiction"' in html
    assert 'action="/categories/sci/fi/rename/"' in html
    assert 'action="/categories/Science%20Fiction/rename/"' in html
    assert 'href="/questions/?category=sci/fi"' in html
    assert 'id="cat-Science Fiction"' not in html  # element ids stay valid

    done = editor_client.post(
        "/categories/sci/fi/rename/", {"old_name": "", "display_name": "Sci-fi"}, follow=True
    )
    assert "Renamed “<bdi>sci/fi</bdi>” to “<bdi>Sci-fi</bdi>”." in done.content.decode()
    assert categories_repo.get("sci/fi").display_name == "Sci-fi"
    done = editor_client.post(
        "/categories/Science%20Fiction/rename/", {"old_name": "", "display_name": "SF"}, follow=True
    )
    assert categories_repo.get("Science Fiction").display_name == "SF"
    # The category list links work for them too (the list is index-served: sync it first).
    rebuild()
    assert "q_51f1" in editor_client.get("/questions/?category=sci/fi").content.decode()


def test_rename_of_an_impossible_category_key_is_a_400(pool, editor_client):
    response = editor_client.post(
        "/categories/" + "x" * 150 + "/rename/", {"old_name": "", "display_name": "X"}
    )
    assert response.status_code == 400


def _template(html: str, template_id: str) -> str:
    body = html[html.index(f'<template id="{template_id}">') :]
    return body[: body.index("</template>")]


def test_the_repair_confirmation_lists_what_it_will_change_and_says_there_is_no_undo(
    pool, editor_client
):
    set_stored_count("science", 20)
    sync.sync_once()
    html = editor_client.get("/categories/").content.decode()
    form = re.search(r'<form [^>]*action="/categories/reconcile/"[^>]*>', html).group(0)
    assert 'data-confirm-details="repair-plan"' in form
    assert 'data-confirm-yes="Repair"' in form
    plan = _template(html, "repair-plan")
    assert "<li>“<bdi>science</bdi>”: stored count 20 → 12</li>" in plan
    assert "There is no undo:</strong> each stored count is set to the number of questions" in plan

    # After "Verify now", its own Repair button lists what that check found.
    game.delete(tables.QUESTION_CATEGORIES, {"category": "history", "question_id": "h1"})
    checked = editor_client.post("/categories/verify/", follow=True).content.decode()
    assert 'data-confirm-details="check-repair-plan"' in checked
    plan = _template(checked, "check-repair-plan")
    assert "1 question tagged “<bdi>History</bdi>” is missing from the game" in plan
    assert "<li>“<bdi>science</bdi>”: stored count 20 → 12</li>" in plan
    assert "“<bdi>history</bdi>”: stored count" not in plan  # right once its list is

    editor_client.post("/categories/reconcile/")
    html = editor_client.get("/categories/").content.decode()
    assert "This page knows of nothing to repair." in _template(html, "repair-plan")


def test_a_rename_offers_to_rename_back_which_is_a_second_audited_rename(pool, editor_client):
    from truthbyte_admin.data import audit

    done = editor_client.post(
        "/categories/science/rename/",
        {"old_name": "Science", "display_name": "Sciences"},
        follow=True,
    ).content.decode()
    back = re.search(r'<form [^>]*data-testid="rename-back">(.*?)</form>', done, re.S).group(0)
    assert 'action="/categories/science/rename/"' in back
    assert '<input type="hidden" name="old_name" value="Sciences">' in back
    assert '<input type="hidden" name="display_name" value="Science">' in back
    assert "Rename back to “<bdi>Science</bdi>”" in back
    nonce = re.search(r'name="form_nonce" value="([^"]*)"', back).group(1)

    again = editor_client.post(
        "/categories/science/rename/",
        {"old_name": "Sciences", "display_name": "Science", "form_nonce": nonce},
        follow=True,
    ).content.decode()
    assert "Renamed “<bdi>science</bdi>”: “<bdi>Sciences</bdi>” → “<bdi>Science</bdi>”." in again
    assert categories_repo.get("science").display_name == "Science"
    assert [e.after for e in audit.history("category#science")] == [
        {"display_name": "Science"},
        {"display_name": "Sciences"},
    ]


def test_a_name_another_category_has_is_refused(pool, editor_client):
    """Two categories called "History" could not be told apart in the pickers and filters."""
    before = categories_repo.get("science").display_name
    response = editor_client.post(
        "/categories/science/rename/",
        {"old_name": before, "display_name": "  history "},
        follow=True,
    )
    html = response.content.decode()
    assert (
        "Not renamed: “<bdi>history</bdi>” is already called “<bdi>History</bdi>”, and two "
        "categories with one name can't be told apart in the lists. Choose another name."
    ) in html.replace("&#x27;", "'")
    assert categories_repo.get("science").display_name == before
    # Its own name, in other letters, is not someone else's.
    renamed = editor_client.post(
        "/categories/science/rename/", {"old_name": before, "display_name": "SCIENCE"}
    )
    assert renamed.status_code == 302
    assert categories_repo.get("science").display_name == "SCIENCE"


def test_a_name_another_worker_gave_meanwhile_is_refused(pool, editor_client):
    """The names are cached a minute in each worker: the check reads them afresh, so another
    worker's rename just before counts (concurrency probe: two "Chemical Arts")."""
    assert "Natural Lore" not in {c.display_name for c in categories_repo.category_names()}
    # ^ the names, read and cached in this worker (the pickers read them so)
    game.put(tables.CATEGORIES, {"category_id": "history", "name": "Natural Lore"})
    before = categories_repo.get("science").display_name
    response = editor_client.post(
        "/categories/science/rename/",
        {"old_name": before, "display_name": "Natural lore"},
        follow=True,
    )
    assert (
        "Not renamed: “<bdi>history</bdi>” is already called “<bdi>Natural Lore</bdi>”"
    ) in response.content.decode()
    assert categories_repo.get("science").display_name == before


def test_no_rename_back_after_a_refused_rename_or_for_support(pool, editor_client):
    refused = editor_client.post(
        "/categories/science/rename/", {"old_name": "Science", "display_name": ""}, follow=True
    ).content.decode()
    assert 'data-testid="rename-back"' not in refused


def _oob(html: str) -> list[str]:
    """The ids of the elements an htmx answer swaps into the page out of band."""
    return re.findall(r'<[a-z]+\b[^>]*\sid="([^"]+)"[^>]*hx-swap-oob="true"', html)


def _page_rows(html: str) -> str:
    """The key of the rows a loaded dashboard sends with "Verify now" and its polls."""
    rows = html[html.index('id="page-rows"') :]
    return re.search(r'name="rows" value="([^"]*)"', rows[: rows.index("</div>")]).group(1)


def test_verify_now_in_place_also_sends_the_figures_but_no_rename_field(pool, editor_client):
    rows = _page_rows(editor_client.get("/categories/").content.decode())
    assert rows == category_selectors.rows_key(["science", "history", "general"])
    game.delete(tables.QUESTION_CATEGORIES, {"category": "science", "question_id": "s4"})
    html = editor_client.post(
        "/categories/verify/", {"rows": rows}, HTTP_HX_REQUEST="true"
    ).content.decode()
    panel = html[: html.index("</section>")]
    assert 'id="count-check"' in panel
    assert 'hx-swap-oob="true"' not in panel  # the panel itself is the request's own target
    assert 'data-testid="rows-changed"' not in panel
    swapped = _oob(html)
    # The repair's button, not its form: its confirmation may be open on the form.
    # The table's "Drift (checked …)" too: the cards and the table say one time.
    assert swapped[:4] == [
        "dash-totals",
        "category-chart",
        "drift-checked-head",
        "repair-all-button",
    ]
    assert "repair-all-form" not in html
    assert {"cat-science-head", "cat-science-stored", "cat-science-actual"} <= set(swapped)
    assert {"cat-science-drift", "cat-science-difficulty", "category-totals"} <= set(swapped)
    assert "repair-plan" in swapped
    science = html[html.index('id="cat-science-actual"') :]
    assert "11 in the game's list" in science[: science.index("</td>")]
    assert 'data-testid="lists-count">1<' in html
    assert "Repair lists and stored counts (1)" in html
    # What someone may be typing is never sent again: no rename form, no display name field.
    assert 'name="display_name"' not in html
    assert 'class="rename-form"' not in html


def test_verify_progress_sends_no_figures_until_the_check_has_ended(pool, editor_client):
    from truthbyte_admin.categories import verify

    verify.start(actor="eddie")
    IndexState.objects.filter(name="count-check").update(
        data={"run": "r1", "status": "running", "started_by": "eddie", "read": 5, "expected": 20}
    )
    assert _oob(editor_client.get("/categories/verify/status/").content.decode()) == []


def test_the_figures_sent_with_verify_now_cost_no_dynamodb_request(pool, editor_client):
    from truthbyte_admin.categories import verify

    rows = {"rows": _page_rows(editor_client.get("/categories/").content.decode())}
    with assert_dynamodb_requests() as check_alone:  # the key schema is cached from here on
        verify.start(actor="eddie")
    with assert_dynamodb_requests(check_alone.requests):  # the check's own reads, no more
        html = editor_client.post(
            "/categories/verify/", rows, HTTP_HX_REQUEST="true"
        ).content.decode()
    assert "dash-totals" in _oob(html)
    with assert_dynamodb_requests(0):  # the last poll: the panel and the figures
        html = editor_client.get("/categories/verify/status/", rows).content.decode()
    assert "dash-totals" in _oob(html)
    with assert_dynamodb_requests(0):
        editor_client.get("/categories/")


def test_verify_now_sends_no_figures_to_a_page_whose_rows_changed(pool, editor_client):
    """A category that appeared since the page was loaded has no row there to take its figures
    (and the totals would count it): the panel says so, with a link that loads the page."""
    rows = _page_rows(editor_client.get("/categories/").content.decode())
    seed(make_question("a1", ["art"], 2))
    rebuild()
    html = editor_client.post(
        "/categories/verify/", {"rows": rows}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert _oob(html) == []
    said = html[html.index('data-testid="rows-changed"') :]
    said = said[: said.index("</p>")]
    assert "The list of categories changed since this page was loaded" in said
    assert '<a href="/categories/">reload to see it</a>' in said
    # A page with the same rows as the board gets the figures.
    rows = {"rows": _page_rows(editor_client.get("/categories/").content.decode())}
    html = editor_client.get("/categories/verify/status/", rows).content.decode()
    assert "cat-art-actual" in _oob(html)
    assert 'data-testid="rows-changed"' not in html


def test_a_page_that_had_no_categories_gets_no_figures_once_there_are(
    game_tables, db, settings, editor_client
):
    settings.CATEGORY_CHECK_IN_THREAD = False
    rebuild()
    page = editor_client.get("/categories/").content.decode()
    assert "No categories yet" in page
    assert _page_rows(page) == ""
    html = editor_client.post("/categories/verify/", HTTP_HX_REQUEST="true").content.decode()
    assert "category-totals" not in _oob(html)  # no table, no totals to update
    assert 'data-testid="rows-changed"' not in html

    seed(make_question("s1", ["science"], 2))
    rebuild()
    html = editor_client.get("/categories/verify/status/").content.decode()
    assert _oob(html) == []
    assert 'data-testid="rows-changed"' in html


def test_the_rows_sent_with_each_poll_are_a_few_characters_whatever_their_number():
    many = [f"category_{n:04d}" for n in range(2_000)]

    key = category_selectors.rows_key(many)

    assert len(key) == 16  # in the poll's address, under any server's request-line limit
    assert key == category_selectors.rows_key(reversed(many))
    assert key != category_selectors.rows_key(many[:-1])
    assert category_selectors.rows_key([]) == ""
