"""A refused create at 1024 × 768: the summary is at the top of the form, in view and focused,
says nothing was saved, and its link jumps to the list of similar questions; a forgotten answer
is refused the same way (nothing preselected it)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.questions import make_question, seed
from truthbyte_admin.data import questions as questions_repo

STORED = "Is Indonesia a country located in Asia?"


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= height


def fill_new_question(page, text: str) -> None:
    page.fill("#id_question", text)
    page.fill("#id_passage", "A long passage.\n" * 12)  # the similar list lands below the fold
    page.get_by_test_id("category-add").fill("geography")
    page.get_by_test_id("category-add").press("Enter")
    page.get_by_test_id("category-add").press("Enter")  # none yet: Enter again creates it


def test_a_similar_question_refusal_is_summarised_in_view_with_the_focus_on_it(
    page, sign_in, live_app
):
    seed(make_question("asia1", ["geography"], 2, question=STORED))
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/new/")
    fill_new_question(page, "Is Indonesia a country located in Asia ?!")
    page.get_by_role("radio", name="True").check()
    page.get_by_role("button", name="Create question").click()

    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Not created: nothing was saved")
    expect(summary).to_contain_text("1 similar question already exists")
    assert in_view(page, summary)
    duplicates = page.get_by_test_id("duplicate-warning")
    assert not in_view(page, duplicates)  # far below: the summary is what says it
    screenshot(page, "create-refused-similar-1024")

    page.get_by_test_id("error-summary-duplicates").click()
    expect(page.locator("#duplicates-heading")).to_be_focused()
    assert in_view(page, page.locator("#duplicates-heading"))
    expect(duplicates.get_by_role("link", name="question asia1")).to_be_visible()
    assert [q.id for q in questions_repo.scan_all()] == ["asia1"]


def test_a_forgotten_answer_is_refused_with_the_focus_on_the_summary(page, sign_in, live_app):
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/new/")
    expect(page.get_by_role("radio", name="True")).not_to_be_checked()
    expect(page.get_by_role("radio", name="False")).not_to_be_checked()
    fill_new_question(page, "Is the Pacific the largest ocean on Earth?")
    page.get_by_role("button", name="Create question").click()

    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Choose the answer: True or False.")
    summary.get_by_role("link", name="Answer").click()
    expect(page.get_by_role("radio", name="True")).to_be_focused()
    page.keyboard.press("Space")  # the keyboard picks it from there
    expect(page.get_by_role("radio", name="True")).to_be_checked()
    assert list(questions_repo.scan_all()) == []

    page.get_by_role("button", name="Create question").click()
    page.get_by_text("Created question").wait_for()
    (created,) = questions_repo.scan_all()
    assert created.answer is True


def test_back_after_creating_and_create_again_makes_no_second_question(page, sign_in, live_app):
    # The browser puts the typed text back into a freshly served form with a new nonce: the
    # form had then asked "Create anyway (not a duplicate)?" of its own question, and made a
    # second one (probe).
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in("editor", "eddie")
    _create(page, live_app, "Is Lake Baikal the deepest lake on Earth?")
    (created,) = questions_repo.scan_all()

    page.go_back()
    expect(page.locator("#id_question")).to_have_value("Is Lake Baikal the deepest lake on Earth?")
    page.get_by_role("button", name="Create question").click()
    # The browser restores the typed text, not the category chips: what it sends now differs.
    expect(page.get_by_role("main")).to_contain_text(
        f"This form already created question {created.id}, with the text it had then; nothing "
        "more was saved."
    )
    expect(page.get_by_test_id("duplicate-warning")).to_have_count(0)
    assert [q.id for q in questions_repo.scan_all()] == [created.id]

    _create(page, live_app, "Is Lake Baikal in Siberia?")  # a new form is a new question
    assert len(list(questions_repo.scan_all())) == 2


def _create(page, live_app, text: str) -> None:
    page.goto(f"{live_app.url}/questions/new/")
    fill_new_question(page, text)
    page.get_by_role("radio", name="True").check()
    page.get_by_role("button", name="Create question").click()
    page.get_by_text("Created question").wait_for()


def test_each_form_in_the_history_keeps_its_own_nonce(page, sign_in, live_app):
    # One "last sent" nonce per tab had given a form the wrong one (diff review): Back past
    # another new form reached the sent one with a fresh nonce (a second question offered), and
    # a form never sent was refused as "This form already created …".
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/new/")  # never sent
    page.goto(f"{live_app.url}/questions/")
    _create(page, live_app, "Is Mount Everest the highest mountain on Earth?")
    (everest,) = questions_repo.scan_all()
    page.goto(f"{live_app.url}/questions/new/")  # opened, nothing sent from it

    page.go_back()  # Everest's page
    page.go_back()  # the form that created it, its text restored
    expect(page.locator("#id_question")).to_have_value(
        "Is Mount Everest the highest mountain on Earth?"
    )
    page.get_by_role("button", name="Create question").click()
    page.get_by_text(f"question {everest.id}").first.wait_for()
    expect(page.get_by_test_id("duplicate-warning")).to_have_count(0)
    assert [q.id for q in questions_repo.scan_all()] == [everest.id]

    page.go_back()  # the refusal's page is a POST's: back past it to the form, then the list
    page.go_back()
    page.go_back()  # the form never sent
    page.wait_for_url("**/questions/new/")
    fill_new_question(page, "Is the Nile the longest river in Africa?")
    page.get_by_role("radio", name="True").check()
    page.get_by_role("button", name="Create question").click()
    page.get_by_text("Created question").wait_for()
    assert len(list(questions_repo.scan_all())) == 2
