"""The audit log at 1024 px in Chromium: each entry's details read as one sentence of parts,
with no separator left at the end of a line; who acted and what an entry is about in words."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect

from tests.support.browser import screenshot, sign_in_with_second_factor
from truthbyte_admin.data import audit

DAY = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)


def _record(entity, actor, action, *, minutes, before=None, after=None, note=""):
    audit.record(
        audit.new_entry(
            entity,
            actor=actor,
            action=action,
            at=DAY + dt.timedelta(minutes=minutes),
            before=before,
            after=after,
            note=note,
        )
    )


def test_details_end_without_a_stray_separator(page, live_app):
    _record(
        "submission#q_00000002",
        "mona",
        "reject",
        minutes=1,
        before={"status": "pending"},
        after={"status": "rejected"},
        note="Off-topic: " + "not a true-or-false question " * 8,
    )
    _record("staff#yy5", "anonymous", "sign_in_failed", minutes=2, after={"address": "10.0.0.5"})
    _record(
        "staff#mona",
        "ada",
        "sign_in_unlocked",
        minutes=3,
        after={"address": "10.0.0.6", "failures_cleared": 3},
        note="Called the help desk",
    )
    _record("question#q_1", "eddie", "retire", minutes=4, note="Duplicate of q_2")
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in_with_second_factor(page, live_app.url, "ada", "admin")
    page.goto(f"{live_app.url}/audit/")

    rows = page.get_by_test_id("audit-row")
    expect(rows).to_have_count(4 + 1)  # and ada's own sign-in
    for n in range(rows.count()):
        details = rows.nth(n).locator("td").nth(4).inner_text()
        assert not re.search(r"·\s*(\n|$)", details), details
        assert not details.strip().startswith("·"), details
    unlock = rows.filter(has_text="Unlocked sign-in")
    expect(unlock.locator("td").nth(4)).to_contain_text(
        "From 10.0.0.6 · 3 failed sign-ins forgotten"
    )
    expect(unlock.locator("td").nth(4)).to_contain_text("Note: Called the help desk")
    typed = rows.filter(has_text="Sign-in failed")
    expect(typed.locator("td").nth(3)).to_have_text("Username typed: yy5 (no such account)")
    expect(typed.locator("td").nth(1)).to_have_text("nobody signed in")
    for box in ("From (UTC)", "To (UTC, included)"):
        expect(page.get_by_label(box)).to_have_attribute("type", "date")
        expect(page.get_by_label(box)).to_have_accessible_description(
            re.compile(r"days in UTC.*YYYY-MM-DD, such as 2025-03-10")
        )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1024, width
    screenshot(page, "audit-log-details-1024")
