"""An admin visits every page the navigation reaches and the main detail pages (a question, a
submission review, a player and one of their days, a category, the daily range, the audit
log, the home) on a demo world with hostile text: no console error, no CSP violation, no
uncaught exception, no server error on any of them (the ``console_watch`` fixture)."""

from __future__ import annotations

import datetime as dt
import re

from django.core.management import call_command

from tests.support.browser import screenshot, sign_in_with_second_factor
from truthbyte_admin.auditlog import copy as audit_copy
from truthbyte_admin.staffindex.build import rebuild


def _demo_world() -> None:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    call_command(
        "seed_demo",
        *("--questions", "150", "--players", "12", "--submissions", "24", "--days", "20"),
        *("--today", today, "--seed", "5"),
        stdout=open("/dev/null", "w"),  # noqa: SIM115 - the command's progress isn't asserted
    )
    rebuild()
    audit_copy.rebuild()


def _sign_in_admin(page, base: str) -> None:
    sign_in_with_second_factor(page, base, "ada", "admin")


def _visit(page, base: str, path: str) -> str:
    response = page.goto(base + path)
    assert response is not None, path
    assert response.status < 500, f"{path}: {response.status}"
    page.wait_for_load_state("networkidle")  # htmx fragments (badge, counts, duplicates)
    assert "Something went wrong" not in page.content(), path
    return page.content()


def _hrefs(page, selector: str, pattern: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")
    return [h for h in hrefs if h and re.fullmatch(pattern, h)]


def test_every_page_an_admin_reaches_is_free_of_console_errors(page, live_app, transactional_db):
    _demo_world()
    base = live_app.url
    _sign_in_admin(page, base)
    visited: list[str] = []

    def visit(path: str) -> str:
        visited.append(path)
        return _visit(page, base, path)

    visit("/")
    nav = _hrefs(page, "nav[aria-label=Main] a, header a", r"/[^?#]*")
    assert {"/queue/", "/questions/", "/categories/", "/players/", "/daily/", "/audit/"} <= set(nav)
    for path in dict.fromkeys(nav):
        visit(path)

    # A submission: review it, approve it (so the audit log has a real entry), see the result.
    visit("/queue/")
    submissions = _hrefs(page, "main a.review-link", r"/queue/[^?]+/(\?.*)?")
    assert submissions, "the demo world has pending submissions"
    visit(submissions[0])
    approve = page.get_by_role("button", name=re.compile(r"^Approve")).first
    approve.click()
    page.wait_for_load_state("networkidle")
    visit("/queue/?order=newest")

    visit("/questions/")
    questions = _hrefs(page, "main table a", r"/questions/(?!new/|open/)[^/?]+/")
    assert questions
    visit(questions[0])
    visit("/questions/?q=the&sort=newest")
    visit("/questions/new/")

    visit("/players/")
    players = _hrefs(page, "main a", r"/players/[0-9a-f-]{36}/")
    assert players
    for player in dict.fromkeys(["/players/5eed0000-0000-4000-8000-000000000365/", players[0]]):
        visit(player)
        days = _hrefs(page, "#calendar-section a.cell", r"/players/[^/]+/days/[0-9-]+/")
        if days:
            page.locator("#calendar-section a.cell").last.click()  # opens in place (htmx)
            page.wait_for_load_state("networkidle")
            visit(days[-1])
    visit(players[0] + "answers/")

    html = visit("/categories/")
    assert "<svg" in html
    visit("/daily/")
    visit("/daily/range/?days=30")

    visit("/audit/")
    rows = page.get_by_test_id("audit-row")
    assert "Approved" in " ".join(rows.all_inner_texts())  # the approval above
    visit("/audit/?action=approve")
    visit("/account/security/")
    visit("/no-such-page/")  # our 404 page (its 404 status is expected, nothing else)

    screenshot(page, "every-page-last")
    assert len(visited) >= 20


def test_the_watch_catches_a_csp_violation_and_a_script_error(
    page, sign_in, live_app, console_watch
):
    sign_in("support", "sam")
    page.goto(f"{live_app.url}/daily/")
    try:
        page.add_script_tag(content="window.injected = 1;")  # inline: our CSP refuses it
    except Exception:  # noqa: BLE001, S110 - Playwright may raise on the refusal; the watch is asserted
        pass
    page.evaluate("setTimeout(() => { throw new Error('boom from a test'); }, 0)")
    page.wait_for_timeout(300)

    caught = "\n".join(console_watch.errors)
    assert "script-src" in caught or "Content Security Policy" in caught, caught
    assert "boom from a test" in caught
    console_watch.errors.clear()  # seen and expected: the test itself passes
