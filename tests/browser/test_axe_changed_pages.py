"""axe in Chromium at 1024 × 768 on the pages changed this session, each in the state that was
changed: no serious or critical violation, and the first Tab from the top of each reaches
"Skip to content" (nothing on them takes the focus on arrival).

axe is injected as an inline script, which the app's strict CSP rightly blocks: each test opens
its own context with ``bypass_csp=True``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.support.axe import axe_violations
from tests.support.browser import sign_in_with_password
from tests.support.index import synced
from tests.support.moderation import (
    BORON,
    BORON_QUESTION_ID,
    game_submission,
    put_boron_question,
    put_game_item,
    seed_categories,
)
from tests.support.players_game import iso, put_user
from tests.support.questions import (
    game_question_item,
    make_question,
    put_game_index,
    put_game_question,
    seed,
    set_stored_count,
)
from truthbyte_admin.data import tables
from truthbyte_admin.data.bulk import recount_categories
from truthbyte_admin.staffindex.build import rebuild

SERIOUS = ("serious", "critical")  # as the other axe tests of pages staff act on


@pytest.fixture
def open_as(browser, live_app, transactional_db):
    """open_as(role) -> a page at 1024 × 768, signed in as a new staff member of that role, in
    a context where axe's inline script may run."""
    from tests.conftest import _make_staff

    contexts = []

    def _open_as(role: str):
        context = browser.new_context(viewport={"width": 1024, "height": 768}, bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in_with_password(page, live_app.url, _make_staff(f"{role}-axe", role).username)
        return page

    yield _open_as
    for context in contexts:
        context.close()


def _assert_no_serious_axe_violations_and_skip_link_first(page) -> None:
    # axe first, on the page as it arrived: the skip link, once focused, sits over the header's
    # top left corner, and axe could then not tell the colours behind the brand and first link.
    assert page.evaluate("document.activeElement === document.body"), page.evaluate(
        "document.activeElement.outerHTML.slice(0, 200)"  # nothing took the focus on arrival
    )
    assert axe_violations(page, impacts=SERIOUS) == []
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()


def test_review_page_with_a_likely_duplicate_in_its_bar(open_as, live_app):
    cache.clear()
    seed_categories("general", "geography", "science")
    put_boron_question()
    put_game_item(tables.SUBMISSIONS, game_submission("q_ax000001", question=BORON))
    synced()
    page = open_as("moderator")
    page.goto(f"{live_app.url}/queue/q_ax000001/")
    warning = page.get_by_test_id("action-bar").get_by_test_id("duplicate-warning")
    expect(warning).to_contain_text(f"Likely duplicate (100%) of question {BORON_QUESTION_ID}")
    expect(warning.get_by_role("link", name="details below")).to_be_visible()
    _assert_no_serious_axe_violations_and_skip_link_first(page)


def test_bulk_approve_confirmation_with_only_likely_duplicates(open_as, live_app):
    cache.clear()
    seed_categories("general", "geography", "science")
    put_boron_question()
    for n in range(2):
        put_game_item(
            tables.SUBMISSIONS,
            game_submission(f"q_ax00001{n}", submitted_at=1_764_000_000 + n, question=BORON),
        )
    synced()
    page = open_as("moderator")
    page.goto(f"{live_app.url}/queue/")
    page.locator("#bulk-all").check()
    page.locator("#bulk-form button[value=approve]").click()
    page.wait_for_url("**/queue/bulk/**")
    expect(page.get_by_test_id("bulk-nothing-to-approve")).to_be_visible()
    expect(page.get_by_test_id("confirm")).to_be_hidden()
    # A page an action led to starts on its question, not ten header links before it.
    expect(page.get_by_role("heading", name="Approve 2 submissions?")).to_be_focused()
    assert axe_violations(page, impacts=SERIOUS) == []


def test_a_submission_that_does_not_exist(open_as, live_app):
    seed_categories("general")
    page = open_as("moderator")
    response = page.goto(f"{live_app.url}/queue/q_00000000/")
    assert response.status == 404
    expect(page.get_by_test_id("back-link")).to_be_visible()
    expect(page.get_by_test_id("history-link")).to_be_visible()
    _assert_no_serious_axe_violations_and_skip_link_first(page)


def test_players_with_a_prefix_in_capitals_found_in_lower_case(open_as, live_app):
    for user_id in ("5eed-1", "5eed-2"):
        put_user({"user_id": user_id, "last_active": iso(dt.datetime.now(dt.UTC))})
    rebuild()
    page = open_as("support")
    page.goto(f"{live_app.url}/players/?prefix=5EED")
    expect(page.get_by_test_id("no-players")).to_contain_text("No player id starts with")
    expect(page.get_by_test_id("prefix-in-lower-case")).to_be_visible()
    _assert_no_serious_axe_violations_and_skip_link_first(page)


def test_the_question_list_past_its_end(open_as, live_app):
    seed(*[make_question(f"k{n}", ["science"], 2) for n in range(3)])
    rebuild()
    page = open_as("editor")
    page.goto(f"{live_app.url}/questions/?page=999")
    expect(page.get_by_test_id("past-the-end")).to_contain_text("The list has no page 999 now")
    _assert_no_serious_axe_violations_and_skip_link_first(page)


def test_the_editor_with_a_category_stored_with_spaces_at_either_end(open_as, live_app):
    stored = ["space", " space", "general"]
    seed(make_question("k1", ["science"], 2))
    put_game_question(game_question_item("q_5pace1", stored, 2))
    put_game_index("q_5pace1", stored)
    recount_categories(stored)
    page = open_as("editor")
    page.goto(f"{live_app.url}/questions/q_5pace1/")
    expect(page.locator(".chip-list").get_by_test_id("spaced-category")).to_contain_text("“ space”")
    expect(page.get_by_test_id("category-same-name-note")).to_be_visible()
    _assert_no_serious_axe_violations_and_skip_link_first(page)


def test_the_audit_log_opened_from_a_category_row(open_as, live_app):
    seed(*[make_question(f"s{n}", ["science"], 2) for n in range(3)])
    set_stored_count("science", 9)
    rebuild()
    page = open_as("editor")
    page.goto(f"{live_app.url}/categories/")
    page.get_by_role("button", name="Repair stored counts").click()  # an entry to show
    page.get_by_role("dialog").get_by_role("button", name="Repair").click()
    expect(page.locator("#messages")).to_contain_text("science 9 → 3")
    page.locator("#cat-science").get_by_role("link", name="Audit log of science").click()
    page.wait_for_url("**/audit/?item=Category+science")
    expect(page.get_by_label("Concerning", exact=True)).to_have_value("Category science")
    expect(page.get_by_test_id("audit-row")).to_have_count(1)
    _assert_no_serious_axe_violations_and_skip_link_first(page)
