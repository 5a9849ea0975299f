"""Every aria-describedby on the forms staff fill in names an element of the page (a help text a
screen reader reads with the box), here where axe's browser tests don't open every form."""

from __future__ import annotations

import re

import pytest

from tests.support.questions import make_question, seed

pytestmark = pytest.mark.django_db


def _missing_ids(html: str) -> list[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    return sorted({ref for refs in described for ref in refs.split()} - ids)


def test_the_question_editor_and_new_question_forms(editor_client, game_tables):
    seed(make_question("q_described"))
    for url in ("/questions/q_described/", "/questions/new/"):
        html = editor_client.get(url).content.decode()
        assert "aria-describedby" in html
        assert _missing_ids(html) == [], url


def test_the_rejection_reasons_form(admin_client, game_tables):
    html = admin_client.get("/queue/reasons/").content.decode()
    assert _missing_ids(html) == []


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/login/",
        "/account/security/",
        "/account/security/setup/",
        "/account/staff/",
        "/queue/",
        "/questions/",
        "/questions/retired/",
        "/categories/",
        "/players/",
        "/daily/",
        "/daily/range/",
        "/audit/",
    ],
)
def test_every_page_an_admin_opens(admin_client, game_tables, url):
    response = admin_client.get(url, follow=True)
    assert response.status_code == 200
    assert _missing_ids(response.content.decode()) == []
