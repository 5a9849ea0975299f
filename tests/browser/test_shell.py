from tests.support.browser import screenshot


def test_signed_in_staff_sees_the_shell_with_navigation_and_role(page, sign_in, live_app):
    sign_in("moderator", "mona")
    assert page.locator("[data-testid=whoami]").inner_text().startswith("mona")
    for label in ("Queue", "Questions", "Categories", "Players", "Daily"):
        assert page.get_by_label("Main").get_by_role("link", name=label, exact=True).is_visible()
    screenshot(page, "shell-moderator")


def test_login_page_is_served_to_anonymous_users(page, live_app):
    page.goto(f"{live_app.url}/queue/")
    assert "/login/" in page.url
    assert page.get_by_role("heading", name="Sign in").is_visible()
