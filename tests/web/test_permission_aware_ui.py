"""Permission-aware UI (issue 15, point 5): for every staff role, nothing a page offers ends in a
403 — no link to a page the role is refused, no form or htmx action it can't send — and the
pages a role is refused are refused up front, with the app's own 403 page."""

from __future__ import annotations

import time
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.support.game_writes import game_submission
from tests.support.players_game import new_player
from tests.support.questions import make_question, seed
from tests.support.staff import force_login_verified
from truthbyte_admin.staffindex.build import rebuild

pytestmark = pytest.mark.django_db

ROLES = ("support", "moderator", "editor", "admin")
NOT_OFFERED = ("/logout/",)  # signing out is every role's


class _Offers(HTMLParser):
    """Every in-app link and every action (form post, htmx post) a page offers."""

    def __init__(self, page: str):
        super().__init__()
        self.page = page
        self.links: set[str] = set()
        self.posts: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.add(a["href"].split("#")[0])
        if a.get("hx-get", "").startswith("/"):  # fragments the page loads or swaps in
            self.links.add(a["hx-get"])
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self.posts.add(a.get("action") or self.page)
        for name in ("hx-post", "formaction"):
            if a.get(name, "").startswith("/"):
                self.posts.add(a[name])


def _route(url: str) -> str:
    path = urlsplit(url).path
    try:
        return resolve(path).route
    except Resolver404:
        return path


def offers(html: str, page: str) -> _Offers:
    parser = _Offers(page)
    parser.feed(html)
    return parser


@pytest.fixture
def world(game_tables):
    seed(make_question("p1", ["science"], 2), make_question("p2", ["history"], 3))
    game_submission(
        "sub1", "Is this submission waiting for review?", author="a1", at=int(time.time())
    )
    player = new_player()
    rebuild()
    return {"player": player}


def signed_in(client, make_staff, role: str):
    user = make_staff(f"{role}-crawler", role)
    if role == "admin":
        force_login_verified(client, user)
    else:
        client.force_login(user)
    return client


def start_pages(world) -> list[str]:
    player = world["player"]
    return [
        "/",
        "/queue/",
        "/queue/sub1/",
        "/questions/",
        "/questions/p1/",
        "/categories/",
        "/players/",
        f"/players/{player}/",
        "/daily/",
        "/daily/range/",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_nothing_a_page_offers_ends_in_a_403(world, client, make_staff, role):
    client = signed_in(client, make_staff, role)
    seen_routes: dict[str, tuple[str, str]] = {}
    posts: dict[str, tuple[str, str]] = {}
    for page in start_pages(world):
        response = client.get(page)
        assert response.status_code == 200, (role, page, response.status_code)
        found = offers(response.content.decode(), page)
        # One of each URL pattern: the role check is per view, not per id or query string
        # (a player's calendar alone links hundreds of days).
        for link in found.links:
            seen_routes.setdefault(_route(link), (link, page))
        for action in found.posts:
            posts.setdefault(_route(action), (action, page))
    links = dict(seen_routes.values())
    refused = []
    for link, page in sorted(links.items()):
        if urlsplit(link).path in NOT_OFFERED or link.startswith("/static/"):
            continue
        if client.get(link).status_code == 403:
            refused.append(f"link {link} on {page}")
    for action, page in sorted(posts.values()):
        if urlsplit(action).path in NOT_OFFERED:
            continue
        # An empty post: enough to meet the role check, which comes before anything else.
        if client.post(action, {}).status_code == 403:
            refused.append(f"post {action} on {page}")
    assert not refused, f"{role} is offered what it can't use: {refused}"


# Pages a role can't use at all: refused on arrival, before any form is shown.
FORBIDDEN = {
    "support": ["/questions/new/", "/questions/p1/retire/", "/queue/reasons/", "STREAKS"],
    "moderator": ["/questions/new/", "/questions/p1/retire/", "/queue/reasons/", "STREAKS"],
    "editor": ["/queue/reasons/", "STREAKS"],
    "admin": [],
}


@pytest.mark.parametrize("role", ROLES)
def test_forbidden_pages_are_refused_up_front_with_the_apps_403_page(
    world, client, make_staff, role
):
    client = signed_in(client, make_staff, role)
    for page in FORBIDDEN[role]:
        if page == "STREAKS":
            page = f"/players/{world['player']}/streaks/store/"
        response = client.get(page)
        assert response.status_code == 403, (role, page)
        html = response.content.decode()
        assert "Not allowed for your role" in html
        assert "can't open this page" in html  # only opened: nothing to say was not changed
        assert "<form" not in html.split("<main", 1)[1].split("</main>", 1)[0], (role, page)


def test_read_only_roles_see_the_question_but_no_editing_controls(world, client, make_staff):
    client = signed_in(client, make_staff, "support")
    html = client.get("/questions/p1/").content.decode()
    assert 'id="question-form"' not in html
    assert "Retire question" not in html
    assert "Your role can read questions; editors change them." in html
    listing = client.get("/questions/").content.decode()
    assert "New question" not in listing
    board = client.get("/categories/").content.decode()
    assert "/categories/reconcile/" not in board
    assert "rename-form" not in board
