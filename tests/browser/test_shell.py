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


def test_the_header_is_one_row_from_1024_px_even_with_a_long_name(page, sign_in, live_app):
    """Every section's header keeps the navigation, the role and sign-out on one row at 1024 px;
    a long username is shortened, and its title still names it whole."""
    name = "moderator-with-a-rather-long-username"
    sign_in("moderator", name)
    for width in (1024, 1440):
        page.set_viewport_size({"width": width, "height": 768})
        for path in ("/", "/queue/", "/questions/", "/categories/", "/players/", "/daily/"):
            page.goto(f"{live_app.url}{path}")
            header = page.locator(".site-header").bounding_box()
            sign_out = page.get_by_role("button", name="Sign out").bounding_box()
            role = page.locator("[data-testid=whoami] .role").bounding_box()
            assert header["height"] < 60, (width, path, header)
            assert sign_out["x"] + sign_out["width"] <= width, (width, path)
            assert role["width"] > 0, (width, path)
            assert role["y"] < 30, (width, path)
    whoami = page.locator("[data-testid=whoami]")
    assert whoami.get_attribute("title") == f"Signed in as {name} (Moderator)"
    assert whoami.inner_text().startswith(name)
    screenshot(page, "shell-1440")
    page.set_viewport_size({"width": 1024, "height": 768})
    screenshot(page, "shell-1024-long-name")
