"""From a category's row to its own audit entries, in Chromium: the link, the filter it applies
shown in the form, and a stored count that isn't a number quoted on the row and in the entry."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.questions import make_question, seed, set_stored_count
from truthbyte_admin.staffindex.build import rebuild


def test_a_category_row_opens_its_audit_entries_with_the_filter_shown(page, sign_in, live_app):
    seed(
        *[make_question(f"s{n}", ["science"], 1 + n % 5) for n in range(12)],
        *[make_question(f"f{n}", ["science_fiction"], 2) for n in range(3)],
    )
    set_stored_count("science", "lots")
    set_stored_count("science_fiction", 9)
    rebuild()
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/categories/")
    row = page.locator("#cat-science")
    expect(row.get_by_test_id("stored")).to_have_text("“lots” (text, not a number)")
    page.get_by_role("button", name="Repair stored counts").click()
    page.get_by_role("dialog").get_by_role("button", name="Repair").click()
    expect(page.locator("#messages")).to_contain_text("science “lots” → 12")
    screenshot(page, "categories-audit-link-1024")

    page.locator("#cat-science").get_by_role("link", name="Audit log of science").click()
    expect(page).to_have_url(f"{live_app.url}/audit/?item=Category+science")
    expect(page.get_by_label("Concerning", exact=True)).to_have_value("Category science")
    rows = page.get_by_test_id("audit-row")
    expect(rows).to_have_count(1)  # not science_fiction's repair
    expect(rows.first).to_contain_text("count: “lots” (text, not a number) → 12")
    expect(page.get_by_label("Concerning", exact=True)).to_have_accessible_description(
        "“Concerning”: the start of an id (5eed0000, q_12) finds every question, submission, "
        "player or category whose id starts so; as this page shows it (Player 5eed0000-…, "
        "Question q_12, Category Space) finds that one only. A question also finds the "
        "category list repairs that added or removed it; Question file curated.jsonl finds the "
        "imports of that file, Backup FOLDER the restores of a backup."
    )
    screenshot(page, "audit-log-one-category-1024")
