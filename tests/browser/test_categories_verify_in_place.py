""" "Verify now" in place, in Chromium: what the check finds shows on the dashboard's cards and
rows at once, without a reload, and a display name being typed in a rename field is left as it
is (the answer swaps only the elements that show figures)."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import expect

from tests.support import game_writes as game
from tests.support.questions import index_entries, make_question, seed
from truthbyte_admin.categories import verify
from truthbyte_admin.data import tables
from truthbyte_admin.staffindex import sync
from truthbyte_admin.staffindex.build import rebuild
from truthbyte_admin.staffindex.models import IndexState


def test_verify_now_updates_cards_and_rows_and_keeps_what_is_typed(page, sign_in, live_app):
    seed(
        *[make_question(f"dq{n:05}", ["space"], 1 + n % 5) for n in range(12)],
        *[make_question(f"ar{n}", ["art"], 2) for n in range(11)],
    )
    rebuild()
    sync.sync_once()
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/categories/")
    space = page.locator("#cat-space")
    expect(space.get_by_test_id("actual")).to_have_text("12")
    expect(page.get_by_test_id("lists-count")).to_have_count(0)
    page.locator("#name-art").fill("Fine art (draft)")  # typed, not sent

    # Behind the page's back: the game's space list loses an entry.
    game.delete(tables.QUESTION_CATEGORIES, {"category": "space", "question_id": "dq00004"})
    page.evaluate("window.loadedOnce = true")  # gone if the page were reloaded
    page.get_by_role("button", name="Verify now").click()
    expect(
        page.get_by_test_id("check-progress").or_(page.get_by_test_id("check-result"))
    ).to_be_visible()
    # Typing while the check runs: its last answer arrives meanwhile.
    typing = page.locator("#name-space")
    typing.click()
    typing.fill("")
    typing.press_sequentially("Outer sp")

    expect(page.get_by_test_id("check-lists")).to_contain_text(
        "1 question tagged “Space” is missing", timeout=15_000
    )
    # The cards and the row show it, without a reload.
    expect(page.get_by_test_id("lists-count")).to_have_text("1")
    expect(space.get_by_test_id("listed")).to_have_text("11 in the game's list")
    expect(space.get_by_test_id("list-problem")).to_be_visible()
    # The whole row is highlighted, its display name (never sent again) with its head.
    warn = "rgb(255, 243, 205)"
    expect(space.get_by_test_id("display-name")).to_have_css("background-color", warn)
    expect(page.locator("#cat-art").get_by_test_id("display-name")).not_to_have_css(
        "background-color", warn
    )
    expect(page.get_by_test_id("repair-all")).to_contain_text("Repair lists and stored counts (1)")
    assert page.evaluate("window.loadedOnce") is True
    # What was typed is still there, and typing goes on where it was.
    expect(page.locator("#name-art")).to_have_value("Fine art (draft)")
    expect(typing).to_have_value("Outer sp")
    expect(typing).to_be_focused()
    typing.press_sequentially("ace")
    expect(typing).to_have_value("Outer space")

    # The repair's confirmation lists what the check found (its plan came with the figures).
    page.get_by_test_id("repair-all").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("“Space” is missing from the game's list for that category")
    dialog.get_by_role("button", name="Cancel").click()


def _dashboard_while_a_check_runs(page, sign_in, live_app) -> str:
    """The dashboard open while a check runs (the page polls it); the game's space list loses an
    entry meanwhile. Returns the run, for the test to end it with :func:`verify.check`."""
    seed(
        *[make_question(f"dq{n:05}", ["space"], 1 + n % 5) for n in range(12)],
        *[make_question(f"ar{n}", ["art"], 2) for n in range(11)],
    )
    rebuild()
    sync.sync_once()
    now = timezone.now()
    IndexState.objects.update_or_create(
        name="count-check",
        defaults={
            "updated_at": now,
            "data": {
                "run": "r1",
                "status": "running",
                "started_by": "eddie",
                "started_at": now.isoformat(),
                "read": 0,
                "expected": 23,
            },
        },
    )
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/categories/")
    expect(page.get_by_test_id("check-progress")).to_be_visible()
    game.delete(tables.QUESTION_CATEGORIES, {"category": "space", "question_id": "dq00004"})
    return "r1"


def test_a_repair_confirmed_after_the_check_answered_is_sent(page, sign_in, live_app):
    run = _dashboard_while_a_check_runs(page, sign_in, live_app)
    page.get_by_test_id("repair-all").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("This page knows of nothing to repair")

    verify.check(run)  # the check's last answer lands while the confirmation is open
    expect(page.get_by_test_id("check-lists")).to_contain_text(
        "1 question tagged “Space” is missing", timeout=15_000
    )
    expect(page.get_by_test_id("repair-all")).to_contain_text("Repair lists and stored counts (1)")
    # The confirmation asks about what is known now.
    expect(dialog).to_contain_text("“Space” is missing from the game's list for that category")
    expect(dialog).not_to_contain_text("This page knows of nothing to repair")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()

    dialog.get_by_role("button", name="Repair").click()
    expect(page.get_by_text("Put the game's category lists right")).to_be_visible()
    expect(page.get_by_test_id("list-problem")).to_have_count(0)
    assert ("space", "dq00004") in index_entries()


def test_the_focus_stays_on_a_link_of_a_row_the_check_answer_updates(page, sign_in, live_app):
    run = _dashboard_while_a_check_runs(page, sign_in, live_app)
    head = page.locator("#cat-space-head")
    head.get_by_role("link", name="Audit log of space").focus()

    verify.check(run)
    expect(page.locator("#cat-space").get_by_test_id("list-problem")).to_be_visible(timeout=15_000)
    # The row's head was sent again (its highlight follows): the focus is on its link still.
    expect(head).to_have_class("drift")  # a locator: it finds the new <th>
    expect(head.get_by_role("link", name="Audit log of space")).to_be_focused()

    # The repair's button is sent again too (its count): the focus stays on it.
    page.get_by_test_id("repair-all").focus()
    page.evaluate(
        "document.getElementById('count-check').dataset.answered = 'before';"
        "htmx.ajax('GET', '/categories/verify/status/',"
        " {source: '#count-check', target: '#count-check', swap: 'outerHTML'})"
    )
    expect(page.locator("#count-check[data-answered]")).to_have_count(0)
    expect(page.get_by_test_id("repair-all")).to_be_focused()
