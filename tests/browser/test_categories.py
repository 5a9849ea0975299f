"""The category dashboard's "Verify now": progress while it reads the game's tables, what it
found, then the repair."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support import game_writes as game
from tests.support.browser import screenshot
from tests.support.questions import make_question, seed, stored_counts
from truthbyte_admin.staffindex.build import rebuild


def test_verify_now_shows_progress_then_the_drift_and_repair_fixes_it(
    page, sign_in, live_app, faults
):
    seed(*[make_question(f"s{n}", ["science"], 1 + n % 5) for n in range(12)])
    rebuild()
    game.question("g1", "Is this from the game?", categories=("general", "science"))
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/categories/")
    expect(page.get_by_test_id("count-check")).to_contain_text("changes nothing")

    # Slow reads, so the progress is on screen for a while (the check runs in the background).
    faults.delay_next("Scan", seconds=1.5, times=2)
    page.get_by_role("button", name="Verify now").click()
    progress = page.get_by_test_id("check-progress")
    expect(progress).to_contain_text("Checking…")
    expect(page.locator("progress#check-progress-bar")).to_be_visible()
    expect(page.get_by_role("button", name="Verify now")).to_have_count(0)  # one at a time
    screenshot(page, "categories-verify-progress")

    result = page.get_by_test_id("check-result")
    expect(result).to_contain_text("2 stored counts differ", timeout=15_000)
    expect(page.get_by_test_id("check-drifting")).to_contain_text("science")
    assert stored_counts()["science"] == 12  # checking changed nothing
    screenshot(page, "categories-verify-result")

    page.get_by_test_id("repair").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("“science”: stored count 12 → 13")
    expect(dialog).to_contain_text("There is no undo")
    dialog.get_by_role("button", name="Repair").click()
    expect(page.get_by_text("science 12 → 13")).to_be_visible()
    assert stored_counts()["science"] == 13
    expect(page.get_by_test_id("check-result")).to_have_count(0)
