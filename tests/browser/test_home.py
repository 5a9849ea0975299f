"""The home in Chromium: each role sees its numbers, each number opens the page that acts on
it, and the numbers follow the staff's actions."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from tests.support import game_writes
from tests.support.browser import screenshot
from tests.support.questions import make_question, seed
from truthbyte_admin.staffindex.build import rebuild

NOW = int(dt.datetime.now(dt.UTC).timestamp())


def _world() -> None:
    seed(
        *[make_question(f"s{n}", ["science"], 2) for n in range(12)],
        *[make_question(f"h{n}", ["history"], 2) for n in range(3)],
    )
    for n, hours in enumerate((50, 2), start=1):
        game_writes.game_submission(
            f"q_b0e{n:05}", f"Is browser home test {n} true?", author="p1", at=NOW - hours * 3600
        )
    rebuild()


def test_moderator_home_counts_follow_an_approval(page, sign_in, live_app):
    _world()
    sign_in("moderator", "mona")

    page.goto(f"{live_app.url}/")
    pending = page.get_by_test_id("home-pending")
    expect(pending).to_have_text("2")
    expect(page.get_by_test_id("home-oldest")).to_have_text("2 days")
    expect(page.get_by_test_id("home-pool")).to_have_text("15")
    expect(page.get_by_test_id("home-categories")).to_have_count(0)
    screenshot(page, "home-moderator")

    pending.click()
    page.wait_for_url("**/queue/")
    page.locator("#row-q_b0e00001 form.approve-form button").click()
    expect(page.locator("#row-q_b0e00001")).to_have_count(0)

    page.goto(f"{live_app.url}/")
    expect(page.get_by_test_id("home-pending")).to_have_text("1")
    expect(page.get_by_test_id("home-oldest")).to_have_text("2 hours")
    expect(page.get_by_test_id("home-pool")).to_have_text("16")
    expect(page.get_by_test_id("home-recent")).to_contain_text("Approved")


def test_editor_home_links_each_number_to_the_dashboard(page, sign_in, live_app):
    _world()
    sign_in("editor", "eddie")

    page.goto(f"{live_app.url}/")
    expect(page.get_by_test_id("home-low")).to_have_text("1")
    expect(page.get_by_test_id("home-drift")).to_have_text("0")
    expect(page.get_by_test_id("home-moderation")).to_have_count(0)
    screenshot(page, "home-editor")

    page.get_by_test_id("home-categories").get_by_role("link", name="history").click()
    page.wait_for_url("**/categories/#cat-history")
    expect(page.locator("#cat-history")).to_be_visible()
