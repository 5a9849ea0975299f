"""An admin stores streaks: the profile's message says so and holds its Undo, which puts the
replaced values back (the same messages region as a review's Undo, core/_undo_messages.html)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import screenshot, sign_in_with_second_factor
from tests.support.players_game import player_counted_whatever_the_score


def test_the_store_message_offers_its_undo_and_the_undo_puts_the_values_back(
    page, live_app, transactional_db
):
    user_id = player_counted_whatever_the_score([90, 50, 90, 90, 90], stored_streak=5)
    sign_in_with_second_factor(page, live_app.url, "ada", "admin")
    page.goto(f"{live_app.url}/players/{user_id}/streaks/store/")
    page.get_by_test_id("store-lower").click()
    page.wait_for_url(f"**/players/{user_id}/")
    message = page.locator("#messages .message")
    expect(message).to_contain_text("Stored on the player record: current streak 3 (was 5)")
    undo = message.get_by_test_id("message-undo")
    expect(undo).to_be_visible()
    screenshot(page, "players-store-message-undo")
    undo.click()
    page.wait_for_url(f"**/players/{user_id}/")
    expect(page.locator("#messages")).to_contain_text(
        "Undone: the player record holds current streak 5 and best streak 5 again"
    )
    expect(page.get_by_test_id("message-undo")).to_have_count(0)
