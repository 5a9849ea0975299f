"""The question pages through Django's test client: list (bounded requests), editor, conflict,
create, retire with confirmation, permissions."""

from __future__ import annotations

import re

import pytest

from tests.support.questions import (
    assert_invariants,
    form_data,
    game_question_item,
    index_entries,
    make_question,
    put_game_index,
    put_game_question,
    raw_question,
    seed,
    stored_counts,
)
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.core.errors import YOU_EARLIER
from truthbyte_admin.data import audit
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.questions import services as question_services
from truthbyte_admin.staffindex.build import rebuild

LONG_PASSAGE = ("A very long passage about the history of things. " * 100).strip()  # ~4,900 chars


@pytest.fixture
def pool(game_tables):
    seed(
        *[
            make_question(f"q{n:02d}", ["science"] if n % 2 else ["history", "sports"], 1 + n % 5)
            for n in range(1, 31)
        ]
    )
    seed(make_question("long1", ["science"], 2, passage=LONG_PASSAGE))
    return game_tables


# --- list -----------------------------------------------------------------------------------


# The list itself (index-served) is tested in tests/web/test_question_search.py.


def test_open_by_id_redirects_and_unknown_id_says_so(pool, editor_client):
    response = editor_client.get("/questions/open/?id=q05")
    assert response.status_code == 302
    assert response["Location"] == "/questions/q05/"
    response = editor_client.get("/questions/open/?id=nope", follow=True)
    said = response.content.decode()
    assert "No question has the id “<bdi>nope</bdi>”. Ids look like q530, dq00004" in said
    assert '<a href="/questions/?q=nope" data-testid="search-instead">' in said
    # A word typed into the id box: the search is one click away.
    word = editor_client.get("/questions/open/", {"id": "Earth"}, follow=True).content.decode()
    assert 'href="/questions/?q=Earth" data-testid="search-instead">Search the questions' in word
    missing = editor_client.get("/questions/nope/")
    assert missing.status_code == 404
    assert "no question with id “nope”" in missing.content.decode()


# --- editor -----------------------------------------------------------------------------------


def test_editor_page_is_bounded(pool, editor_client):
    # The first view also reads the daily pool (bounded: at most 1,000 items) for the panel.
    with assert_dynamodb_requests(at_most=8) as first:
        editor_client.get("/questions/q01/")
    assert first.operations.count("scan") >= 1
    with assert_dynamodb_requests(2) as stats:
        response = editor_client.get("/questions/q01/")
    # The question + its audit history; the daily panel comes from the cached pool.
    assert stats.operations == ["get_item", "query"]
    html = response.content.decode()
    assert 'id="category-options"' in html
    assert '<option value="science">' in html
    assert 'name="version" value="1"' in html


def test_save_through_the_form_updates_index_counts_and_shows_history(pool, editor_client):
    q = questions_repo.get("q01")
    response = editor_client.post(
        "/questions/q01/",
        form_data(
            q, categories="history, food", difficulty="5", new_category_names="food: Food & Drink"
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = raw_question("q01")
    assert stored["categories"] == ["history", "food", "general"]
    assert stored["difficulty"] == 5
    assert stored_counts()["food"] == 1
    assert_invariants()
    html = editor_client.get("/questions/q01/").content.decode()
    assert "Saved question q01" in html
    assert "Edited</strong> by eddie" in html
    assert "UTC" in html


def test_a_name_given_for_a_category_not_created_is_said_to_be_unused(pool, editor_client):
    # "food: Food" typed, then food left out of the Categories box; and a name for science,
    # which exists: neither line stores anything, and the editor is told so.
    q = questions_repo.get("q01")
    response = editor_client.post(
        "/questions/q01/",
        form_data(
            q,
            categories="science, history",
            new_category_names="food: Food\nscience: Natural Science",
        ),
        follow=True,
    )
    html = response.content.decode()
    assert "Saved question q01" in html
    assert "The name given for food was not used: the question is not in food" in html
    assert "The name given for science was not used: that category exists already" in html
    assert "food" not in stored_counts()
    assert_invariants()


def test_history_links_to_every_audit_entry_concerning_the_question(pool, editor_client):
    editor_client.post("/questions/q01/", form_data(questions_repo.get("q01"), difficulty="4"))
    repair = audit.new_entry(
        "category#science",
        actor="eddie",
        action="repair_list",
        before={"question": "q01", "in_game_list": False},
        after={"question": "q01", "in_game_list": True},
    )
    audit.record(repair)  # a list repair: filed under its category, not in the question's history
    html = editor_client.get("/questions/q01/").content.decode()

    link = re.search(r'<a href="([^"]+)">Every staff action concerning this question</a>', html)

    assert link is not None
    assert link.group(1) == "/audit/?item=Question+q01"
    audit_page = editor_client.get(link.group(1)).content.decode()
    assert audit_page.count('data-testid="audit-row"') == 2
    assert "Repaired the game&#x27;s list" in audit_page
    assert "<td>Edited</td>" in audit_page


def test_a_question_gone_links_to_what_the_audit_log_recorded_about_it(pool, editor_client):
    response = editor_client.get("/questions/q_0000gone/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no question with id “q_0000gone”" in html
    assert (
        '<a href="/audit/?item=Question+q_0000gone" data-testid="history-link">'
        "What the audit log recorded"
    ) in html


def test_an_id_with_a_control_character_is_quoted_with_it_written_out(pool, editor_client):
    response = editor_client.get("/questions/q01%00/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "“q01⟨U+0000⟩” is not a question id" in html
    assert "What the audit log recorded" not in html  # no question could have that id


def test_a_refused_new_category_line_is_quoted_with_its_invisible_characters_shown(
    pool, editor_client
):
    q = questions_repo.get("q01")
    data = form_data(q, categories="astronomy", new_category_names="astronomy: Stars\u202eevil")
    response = editor_client.post("/questions/q01/", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "“astronomy: Stars⟨U+202E⟩evil”:" in html  # can't reorder the message around it
    outside_the_field = re.sub(r"<textarea.*?</textarea>", "", html, flags=re.S)
    assert "\u202e" not in outside_the_field  # the field itself keeps what was typed


def test_new_category_without_a_display_name_is_refused(pool, editor_client):
    q = questions_repo.get("q01")
    response = editor_client.post("/questions/q01/", form_data(q, categories="astronomy"))
    assert response.status_code == 422
    assert "needs a display name: astronomy" in response.content.decode()
    assert raw_question("q01")["categories"] == ["science", "general"]


def test_every_problem_of_a_save_is_said_at_once(pool, editor_client):
    q = questions_repo.get("q01")
    data = form_data(q, question="", title="T" * 101, categories="astronomy", difficulty="99")
    response = editor_client.post("/questions/q01/", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Type the question the player answers True or False." in html
    assert "Title must be at most 100 characters" in html
    assert "needs a display name: astronomy" in html
    assert "Choose a difficulty from 1 to 5." in html
    assert "This field is required" not in html
    assert "Select a valid choice" not in html
    assert raw_question("q01")["question"] == q.question


def test_long_existing_passage_stays_editable_without_a_rewrite(pool, editor_client):
    q = questions_repo.get("long1")
    html = editor_client.get("/questions/long1/").content.decode()
    assert 'data-testid="passage-exempt"' in html
    # Browsers send CRLF line breaks: still "unchanged".
    response = editor_client.post(
        "/questions/long1/",
        form_data(q, title="Shorter title", passage=q.passage.replace("\n", "\r\n")),
    )
    assert response.status_code == 302
    assert raw_question("long1")["passage"] == LONG_PASSAGE
    # A changed over-long passage is new text and must meet the limit.
    response = editor_client.post(
        "/questions/long1/", form_data(questions_repo.get("long1"), passage=LONG_PASSAGE + " More.")
    )
    assert response.status_code == 422
    assert "Passage must be at most 500 characters" in response.content.decode()


def test_conflict_shows_both_versions_side_by_side_and_overwrites_nothing(pool, editor_client):
    loaded = questions_repo.get("q02")
    question_services.update_question(
        question_id="q02",
        loaded_version=loaded.version,
        actor="other",
        edits=question_services.QuestionEdits(
            question=loaded.question,
            title="Their title",
            passage=loaded.passage,
            answer=loaded.answer,
            categories=loaded.categories,
            difficulty=loaded.difficulty,
        ),
    )
    snapshot = (raw_question("q02"), index_entries(), stored_counts())
    response = editor_client.post(
        "/questions/q02/",
        form_data(loaded, title="My title", categories="food", new_category_names="food: Food"),
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-testid="conflict"' in html
    assert (
        'The latest change recorded here: <strong data-testid="conflict-latest-by">other</strong>'
        in html
    )
    assert "Someone else saved this question first" in html
    assert "Their title" in html
    assert "My title" in html
    assert "Yours" in html
    assert "Now stored" in html
    assert (raw_question("q02"), index_entries(), stored_counts()) == snapshot
    # The form now carries the stored version: saving again is a deliberate overwrite.
    assert f'name="version" value="{loaded.version + 1}"' in html
    again = editor_client.post(
        "/questions/q02/", form_data(loaded, title="My title", version=str(loaded.version + 1))
    )
    assert again.status_code == 302
    assert raw_question("q02")["title"] == "My title"
    assert_invariants()


def test_a_conflict_with_ones_own_save_in_another_tab_says_so(pool, editor_client):
    """Same account, two tabs: the conflict is not blamed on "someone else"."""
    loaded = questions_repo.get("q03")
    first = editor_client.post("/questions/q03/", form_data(loaded, title="Tab one"))
    assert first.status_code == 302
    second = editor_client.post("/questions/q03/", form_data(loaded, title="Tab two"))
    html = second.content.decode()
    assert second.status_code == 409
    assert "You saved this question first (earlier from this page, or in another tab" in html
    assert "Someone else saved" not in html
    assert '<strong data-testid="conflict-latest-by">eddie (you)</strong>' in html


def test_the_same_form_saved_again_with_other_text_compares_with_its_first_save(
    pool, editor_client
):
    # Save, Back, edit, Save: the same form (its nonce) with other contents. It was told the
    # form's save "has since been undone or changed", which nothing had.
    loaded = questions_repo.get("q05")
    nonce = "back-edit-save-0001"
    first = editor_client.post(
        "/questions/q05/", {**form_data(loaded, title="First text"), "form_nonce": nonce}
    )
    assert first.status_code == 302
    stored = raw_question("q05")
    second = editor_client.post(
        "/questions/q05/", {**form_data(loaded, title="Second text"), "form_nonce": nonce}
    )
    html = second.content.decode()
    assert second.status_code == 409
    assert "This form was already sent once" not in html
    assert "You saved this question first (earlier from this page" in html
    assert "saved again after you loaded this form" in html  # the alert blames no one else
    assert "First text" in html  # side by side, yours kept
    assert "Second text" in html
    assert raw_question("q05") == stored
    assert_invariants()


def test_a_save_whose_question_is_retired_between_its_read_and_write_keeps_the_typing(
    pool, editor_client, monkeypatch
):
    # It was sent to the list with "Someone else removed this question", the typing lost.
    from tests.support.questions import retire
    from truthbyte_admin.questions import selectors

    loaded = questions_repo.get("q06")
    read_first = selectors.stored_question_or_none("q06", consistent=True)
    monkeypatch.setattr(selectors, "stored_question_or_none", lambda *a, **k: read_first)
    retire("q06", actor="edna")

    response = editor_client.post("/questions/q06/", form_data(loaded, title="My careful title"))

    html = response.content.decode()
    assert response.status_code == 409
    assert "My careful title" in html
    assert "edna" in html
    assert raw_question("q06") is None


def test_a_live_preview_of_edits_with_problems_points_to_them_below(pool, editor_client):
    """The live preview highlights no field (only the preview is swapped in): it says where the
    problems are listed, not "before fixing the highlighted fields"."""
    q = questions_repo.get("q03")
    body = editor_client.post(
        "/questions/preview/", form_data(q, question="Short?"), HTTP_HX_REQUEST="true"
    ).content.decode()
    unsaved = re.search(r'data-testid="preview-unsaved">(.*?)</p>', body).group(1)
    assert "highlighted" not in unsaved
    assert "can’t be saved until the problems listed below are fixed" in unsaved
    assert "Not saveable yet: Question must be at least 10 characters" in body


def test_preview_partial_and_no_js_preview(pool, editor_client):
    q = questions_repo.get("q03")
    partial = editor_client.post(
        "/questions/preview/", form_data(q, question="Is it previewed?"), HTTP_HX_REQUEST="true"
    )
    assert partial.status_code == 200
    body = partial.content.decode()
    assert "Is it previewed?" in body
    assert "<html" not in body
    full = editor_client.post(
        "/questions/q03/", form_data(q, question="Is it previewed now?", action="preview")
    )
    assert full.status_code == 200
    assert "Is it previewed now?" in full.content.decode()
    assert raw_question("q03")["question"] == q.question  # preview saves nothing


def test_create_page_creates_and_redirects(pool, editor_client):
    page = editor_client.get("/questions/new/")
    assert page.status_code == 200
    # Where a new category's display name shows, and where it doesn't (probe: it didn't say).
    assert "players see the game&#x27;s own name for the key" in page.content.decode()
    response = editor_client.post(
        "/questions/new/",
        {
            "question": "Is water made of hydrogen and oxygen?",
            "title": "Water",
            "passage": "",
            "answer": "true",
            "categories": "science",
            "difficulty": "1",
            "new_category_names": "",
            "action": "save",
        },
    )
    assert response.status_code == 302
    new_id = response["Location"].strip("/").split("/")[-1]
    assert raw_question(new_id)["categories"] == ["science", "general"]
    assert [e.action for e in audit.history(f"question#{new_id}")] == ["create"]
    assert_invariants()


@pytest.mark.parametrize("action", ["delete", "save\u200b", "x" * 5000])
def test_a_button_the_form_does_not_have_saves_nothing(pool, editor_client, action):
    # Only Save, Preview and Save anyway are the editor's buttons; anything else is a 400
    # that names the problem, before anything is read or written.
    before, general_before = raw_question("q01"), stored_counts()["general"]
    edit = form_data(questions_repo.get("q01"), title="Changed", action=action)
    response = editor_client.post("/questions/q01/", edit)
    assert response.status_code == 400
    assert "This form has no such button; nothing was saved." in response.content.decode()
    assert raw_question("q01") == before
    created = editor_client.post(
        "/questions/new/",
        {"question": "Is this refused before it is created?", "answer": "true", "action": action},
    )
    assert created.status_code == 400
    assert stored_counts()["general"] == general_before
    assert_invariants()


@pytest.mark.parametrize("version", ["-1", "abc", "9" * 50, "1.0", "\u0661", ""])
def test_a_changed_version_field_is_the_400_page_naming_it(pool, editor_client, version):
    # Only a changed page or a script sends one: said plainly, not a form error on a field
    # nobody can see.
    before = raw_question("q01")
    edit = form_data(questions_repo.get("q01"), title="Changed", version=version)
    response = editor_client.post("/questions/q01/", edit)
    assert response.status_code == 400
    assert (
        "The version this form was loaded at must be a whole number (digits 0–9); reload the "
        "page." in response.content.decode()
    )
    assert raw_question("q01") == before


def test_the_create_form_ignores_a_version_field(pool, editor_client):
    # Only the editor's form has one (the version it loaded); elsewhere it means nothing.
    response = editor_client.post(
        "/questions/new/",
        {
            "question": "Is a stray version ignored?",
            "answer": "true",
            "categories": "science",
            "difficulty": "1",
            "action": "save",
            "version": "abc",
        },
    )
    assert response.status_code == 302
    assert_invariants()


def test_a_form_sent_without_a_button_name_is_a_save(pool, editor_client):
    # Enter in a field, or a script's submit, sends no button: that is the Save button.
    edit = form_data(questions_repo.get("q01"), title="Changed")
    edit.pop("action", None)
    assert editor_client.post("/questions/q01/", edit).status_code == 302
    assert raw_question("q01")["title"] == "Changed"


def test_create_refuses_text_over_the_game_limits(pool, editor_client):
    response = editor_client.post(
        "/questions/new/",
        {
            "question": "Short?",
            "title": "",
            "passage": "x" * 600,
            "answer": "false",
            "categories": "",
            "difficulty": "3",
            "action": "save",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "at least 10 characters" in html
    assert "at most 500 characters" in html


def test_retire_needs_confirmation_without_js_then_cleans_up(pool, editor_client):
    q = questions_repo.get("q04")
    confirm = editor_client.post("/questions/q04/retire/", {"version": q.version, "confirmed": ""})
    assert confirm.status_code == 200
    assert "Yes, retire it" in confirm.content.decode()
    assert raw_question("q04") is not None
    assert editor_client.get("/questions/q04/retire/").status_code == 200
    with assert_dynamodb_requests() as stats:
        done = editor_client.post(
            "/questions/q04/retire/", {"version": q.version, "confirmed": "yes"}
        )
    assert done.status_code == 302
    # The question is read once, by the retirement itself, before its one transaction.
    assert stats.operations[: stats.operations.index("transact_write_items")].count("get_item") == 1
    assert raw_question("q04") is None
    assert not [k for k in index_entries() if k[1] == "q04"]
    assert_invariants()
    assert [e.action for e in audit.history("question#q04")] == ["retire"]
    # A second "Yes, retire it" (the same editor's other tab) is told it changed nothing,
    # and by whom it was retired, not shown a page that is not there (concurrency probe).
    again = editor_client.post(
        "/questions/q04/retire/", {"version": q.version, "confirmed": "yes"}, follow=True
    )
    told = " ".join(str(m) for m in again.context["messages"])
    assert f"Question q04 was already retired by {YOU_EARLIER} at " in told
    assert "nothing more was changed" in told
    assert [e.action for e in audit.history("question#q04")] == ["retire"]


def test_retiring_an_id_that_never_was_a_question_is_a_404(pool, editor_client):
    # It was told "removed a moment ago (its approval was undone)": nothing says it ever existed.
    with assert_dynamodb_requests(2) as stats:  # the question, and its retired copies: once
        response = editor_client.post(
            "/questions/neverexisted1/retire/", {"version": "1", "confirmed": "yes"}
        )
    assert stats.operations == ["get_item", "query"]
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no question with id “neverexisted1”" in html
    assert "approval was undone" not in html


def test_detail_page_has_retire_form_with_data_confirm(pool, editor_client):
    html = editor_client.get("/questions/q05/").content.decode()
    assert 'data-confirm="Retire question q05?' in html
    assert "data-confirmed-flag" in html


def test_the_retire_panel_counts_the_lists_retiring_takes_the_question_out_of(pool, editor_client):
    """`general` included, and for a question stored with legacy `tags` only, its tags: the
    retire message then counts the same listings (editor probe: "its 1 category", then "its 2
    category listings")."""
    item = game_question_item("q_7a65only", ["history"], 2)
    item["tags"] = item.pop("categories")
    put_game_question(item)
    put_game_index("q_7a65only", ["history", "general"])
    html = editor_client.get("/questions/q_7a65only/").content.decode()
    assert "its listings in 2 categories (history, general)" in html
    assert "Stored with its categories as tags only" in html  # not the attributes' names
    assert "<code>tags</code>" not in html
    assert "its listings in 3 categories (history, sports, general)" in (
        editor_client.get("/questions/q02/").content.decode()
    )
    done = editor_client.post(
        "/questions/q_7a65only/retire/", {"version": 0, "confirmed": "yes"}, follow=True
    )
    told = " ".join(str(m) for m in done.context["messages"])
    assert "its 2 category listings" in told


def test_support_can_read_but_not_write(pool, support_client):
    html = support_client.get("/questions/q01/").content.decode()
    assert "Save changes" not in html
    assert "Retire question" not in html
    q = questions_repo.get("q01")
    assert support_client.post("/questions/q01/", form_data(q, title="x")).status_code == 403
    assert (
        support_client.post(
            "/questions/q01/retire/", {"version": q.version, "confirmed": "yes"}
        ).status_code
        == 403
    )
    assert support_client.post("/questions/new/", {}).status_code == 403
    assert raw_question("q01")["title"] == "Title q01"


def test_the_question_page_includes_its_daily_set_days(pool, editor_client):
    response = editor_client.get("/questions/q01/")
    assert response.status_code == 200
    assert "daily/_question_days.html" in [t.name for t in response.templates]


def test_htmx_list_request_gets_only_the_results_partial(pool, editor_client):
    rebuild()
    response = editor_client.get("/questions/?category=history", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body
    assert "q02" in body
    # Back to a search (htmx keeps no copy of pages, so it asks again): the whole page, with
    # its header and its form, not the results alone (create/search probe).
    for path in ("/questions/?q=statement", "/audit/?actor=eddie"):
        restored = editor_client.get(
            path, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
        ).content.decode()
        assert "<html" in restored, path
        assert 'id="results"' in restored, path


# --- legacy categories the game wrote verbatim ------------------------------------------------


def test_an_unrelated_edit_keeps_player_typed_categories_index_and_counts(pool, editor_client):
    legacy = ["Science", "sci fi", "general"]
    put_game_question(game_question_item("q_0a1b2c3d", legacy, 2))
    put_game_index("q_0a1b2c3d", legacy)  # the game's approval: no difficulty
    from truthbyte_admin.data.bulk import recount_categories

    recount_categories(legacy)
    counts = stored_counts()
    html = editor_client.get("/questions/q_0a1b2c3d/").content.decode()
    assert 'value="Science, sci fi"' in html
    assert 'data-original-categories="[&quot;Science&quot;, &quot;sci fi&quot;, ' in html
    loaded = questions_repo.get("q_0a1b2c3d")
    response = editor_client.post(
        "/questions/q_0a1b2c3d/",
        form_data(loaded, question="Is this question text edited and nothing else?"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert raw_question("q_0a1b2c3d")["categories"] == legacy
    assert {k for k in index_entries() if k[1] == "q_0a1b2c3d"} == {
        (c, "q_0a1b2c3d") for c in legacy
    }
    assert stored_counts() == counts
    assert_invariants()
    # The legacy category is browsable as the game filters it: exactly.
    listing = editor_client.get("/questions/?category=sci%20fi").content.decode()
    assert "q_0a1b2c3d" in listing


# --- untrusted ids and numbers -----------------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["x" * 2100, "a%20b", "%C3%A9t%C3%A9", "q1%00"])
def test_an_impossible_question_id_is_a_404_without_any_dynamodb_call(pool, editor_client, bad_id):
    with assert_dynamodb_requests(0):
        for url in (f"/questions/{bad_id}/", f"/questions/{bad_id}/retire/"):
            response = editor_client.get(url)
            assert response.status_code == 404
            assert "is not a question id" in response.content.decode()
        posted = editor_client.post(
            f"/questions/{bad_id}/retire/", {"version": "1", "confirmed": "yes"}
        )
        assert posted.status_code == 404
        saved = editor_client.post(f"/questions/{bad_id}/", {"question": "x"})
        assert saved.status_code == 404


def test_open_by_id_in_capitals_opens_the_lower_case_id_saying_so(pool, editor_client):
    response = editor_client.get("/questions/open/?id=Q05", follow=True)
    assert response.redirect_chain[-1][0] == "/questions/q05/"
    assert "Opened q05: there is no “Q05” (ids are case-sensitive)." in response.content.decode()
    missing = editor_client.get("/questions/open/?id=Q99", follow=True).content.decode()
    assert "No question has the id “<bdi>Q99</bdi>”" in missing


def test_open_by_id_refuses_impossible_ids_before_reading(pool, editor_client):
    with assert_dynamodb_requests(0):
        response = editor_client.get("/questions/open/?id=" + "y" * 3000)
    assert response.status_code == 302
    page = editor_client.get(response["Location"]).content.decode()
    assert "is not a question id" in page


@pytest.mark.parametrize("version", ["²", "١", "12345678901", "-1", ""])
def test_retire_with_a_non_ascii_or_huge_version_is_a_400(pool, editor_client, version):
    response = editor_client.post(
        "/questions/q04/retire/", {"version": version, "confirmed": "yes"}
    )
    assert response.status_code == 400
    assert "so nothing was changed" in response.content.decode()  # a form's refusal says so
    assert raw_question("q04") is not None


def test_preview_with_an_impossible_question_id_still_previews(pool, editor_client):
    q = questions_repo.get("q03")
    response = editor_client.post(
        "/questions/preview/",
        {**form_data(q, question="Is the preview shown anyway?"), "question_id": "z" * 5000},
    )
    assert response.status_code == 200
    assert "Is the preview shown anyway?" in response.content.decode()


def test_list_renders_rows_whose_id_or_category_has_a_slash(pool, editor_client):
    put_game_question(game_question_item("odd/id", ["sci/fi", "general"], 2))
    put_game_index("odd/id", ["sci/fi", "general"], difficulty=2)
    put_game_question(game_question_item("q_5a5a", ["sci/fi", "general"], 2))
    put_game_index("q_5a5a", ["sci/fi", "general"], difficulty=2)
    rebuild()
    response = editor_client.get("/questions/?category=sci/fi")
    assert response.status_code == 200
    html = response.content.decode()
    assert "can&#x27;t be opened in the editor" in html or "can't be opened in the editor" in html
    assert 'href="/questions/q_5a5a/"' in html
    assert 'href="?category=sci/fi"' in html


def test_a_too_large_retire_shows_a_clear_message(game_tables, editor_client):
    many = [f"tag{n:02d}" for n in range(60)] + ["general"]
    put_game_question(game_question_item("big2", many, 3))
    put_game_index("big2", many, difficulty=3)
    response = editor_client.post(
        "/questions/big2/retire/", {"version": "0", "confirmed": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert "more than one change to the game&#x27;s database may hold" in response.content.decode()
    assert raw_question("big2") is not None


def test_a_huge_legacy_category_list_can_be_shrunk_in_steps_then_retired(
    game_tables, editor_client
):
    many = [f"tag{n:02d}" for n in range(60)] + ["general"]
    put_game_question(game_question_item("big3", many, 3))
    put_game_index("big3", many, difficulty=3)
    from truthbyte_admin.data.bulk import recount_categories

    recount_categories(many)
    for keep in (many[40:-1], many[55:-1]):
        loaded = questions_repo.get("big3")
        response = editor_client.post(
            "/questions/big3/", form_data(loaded, categories=", ".join(keep))
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert raw_question("big3")["categories"] == keep + ["general"]
        assert_invariants()
    loaded = questions_repo.get("big3")
    done = editor_client.post(
        "/questions/big3/retire/", {"version": str(loaded.version), "confirmed": "yes"}
    )
    assert done.status_code == 302
    assert raw_question("big3") is None
    assert_invariants()


def test_roles_without_edit_are_refused_up_front_and_offered_no_create_link(
    pool, moderator_client, support_client
):
    from tests.support.requests import assert_dynamodb_requests

    for client in (moderator_client, support_client):
        with assert_dynamodb_requests(0):  # refused before any form or read
            response = client.get("/questions/new/")
        assert response.status_code == 403
        assert "create questions; editors and admins can" in response.content.decode()
        assert client.get("/questions/q01/retire/").status_code == 403
        listing = client.get("/questions/").content.decode()
        assert "/questions/new/" not in listing


def test_right_to_left_text_reads_in_its_own_direction_on_every_question_page(
    game_tables, editor_client, make_staff
):
    """Arabic or Hebrew text in a question: the list cell, the stored values, the form's
    fields and the player preview each take their direction from the text (dir="auto")."""
    seed(make_question("rtl1", ["science"], 2, question="هل الماء يغلي عند 100 درجة؟"))
    rebuild()
    listing = editor_client.get("/questions/?q=rtl1").content.decode()
    assert re.search(r'<span class="clip" dir="auto">هل الماء', listing)
    editor = editor_client.get("/questions/rtl1/").content.decode()
    assert '<p class="player-question" dir="auto">هل الماء' in editor  # the player preview
    for field in ("question", "title", "passage"):
        tag = re.search(rf'<(?:textarea|input)[^>]*name="{field}"[^>]*>', editor).group(0)
        assert 'dir="auto"' in tag, field
    new = editor_client.get("/questions/new/").content.decode()
    assert re.search(r'<textarea[^>]*name="question"[^>]*dir="auto"', new) or re.search(
        r'<textarea[^>]*dir="auto"[^>]*name="question"', new
    )
    preview = editor_client.post(
        "/questions/preview/", {"question": "האם המים רותחים?", "answer": "true"}
    ).content.decode()
    assert '<p class="player-question" dir="auto">האם' in preview
    editor_client.force_login(make_staff("sam", "support"))  # no form: the stored values
    read_only = editor_client.get("/questions/rtl1/").content.decode()
    assert '<dd dir="auto">هل الماء' in read_only


def test_the_editor_goes_back_to_the_list_as_it_was_left(pool, editor_client):
    """Search, sort and page kept: the editor's "Questions" link after a save, and the page a
    retire lands on, are the list the editor opened the question from."""
    rebuild()
    left_at = "/questions/?q=question&sort=newest&page=2"
    assert editor_client.get(left_at).status_code == 200
    loaded = questions_repo.get("q03")
    saved = editor_client.post("/questions/q03/", form_data(loaded, title="Kept my place"))
    editor = editor_client.get(saved["Location"]).content.decode()
    link = re.search(r'<a href="([^"]+)" data-testid="back-to-list">Questions</a>', editor)
    assert link.group(1).replace("&amp;", "&") == left_at
    retired = editor_client.post(
        "/questions/q05/retire/", {"version": questions_repo.get("q05").version, "confirmed": "yes"}
    )
    assert retired["Location"] == left_at


def test_without_a_list_seen_the_editor_links_to_the_whole_list(pool, editor_client):
    editor = editor_client.get("/questions/q03/").content.decode()
    assert '<a href="/questions/" data-testid="back-to-list">Questions</a>' in editor


def test_a_question_from_a_players_submission_says_so_in_words(editor_client, game_tables):
    put_game_question(
        game_question_item(
            "q_from_player", ["science"], source="user_submission", original_author="p-1"
        )
    )
    html = editor_client.get("/questions/q_from_player/").content.decode()
    # The words are escaped as any stored value is (the source is the game's text).
    assert '<dt>Source</dt><dd dir="auto">a player&#x27;s submission, approved</dd>' in html
    assert "user_submission" not in html
