"""Question list, editor (show / save / create / preview) and retire: function views that parse
the request, call the job's selectors and services, and pick the page or message."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..accounts.roles import refusal, require_capability
from ..core.concerning import without_invisible
from ..core.errors import BadQuery, PageNotFound
from ..core.htmx import wants_part
from ..core.params import not_a_question_id
from ..core.question_form import QuestionForm
from ..data.errors import NotFound
from ..data.models import Question
from ..domain.categories import with_general
from ..domain.ids import is_question_id
from ..domain.validation import DEFAULT_DIFFICULTY, DIFFICULTIES, code_points, normalise_text
from ..retired import selectors as retired_selectors
from ..staffindex import selectors as index_selectors
from ..staffindex.queries import QuestionQuery
from . import feedback, selectors, services
from .forms import EditBase, EditQuestionForm, retire_version, retry_after_conflict, sent_version

DETAIL = "questions/detail.html"
EDIT_CAPABILITY = "edit_questions"
SAVE_ANYWAY = "save_anyway"  # the editor saw the duplicate warning and saves all the same
PREVIEW_CATEGORIES_SHOWN = 20
# The question list as this editor last saw it (search, filters, sort, page): the editor's
# "Questions" link and the page after a retire go back there, not to the unfiltered list.
LIST_KEY = "questions:list"
LIST_URL_MAX = 2000


def _remember_list(request) -> None:
    path = request.get_full_path()
    if len(path) <= LIST_URL_MAX and request.session.get(LIST_KEY) != path:
        request.session[LIST_KEY] = path  # saved only when it changed (live search sends many)


def _list_url(request) -> str:
    return request.session.get(LIST_KEY) or reverse("questions:index")


def _not_found(request, question_id: str, *, unsaved: Question | None = None):
    """The 404 for an id with no question, or the retired question's page. ``unsaved``: the
    typed values of an edit that came too late; both pages say it was not saved and show it."""
    refusal = not_a_question_id(question_id)
    if refusal is not None:
        raise PageNotFound(refusal)
    retired = retired_selectors.retired_question(question_id)
    if retired is not None:
        # An edit sent after the retirement (409) is shown, marked not saved: not lost.
        return render(
            request,
            "retired/question.html",
            {
                "copy": retired.copy,
                "question": retired.copy.question,
                "history": retired.history,
                "change": retired.change,
                "unsaved": unsaved,
                "history_url": selectors.audit_url(question_id),
            },
            status=409 if unsaved is not None else 200,
        )
    raise _no_such_question(question_id, unsaved=unsaved)


def _no_such_question(question_id: str, *, unsaved: Question | None = None) -> PageNotFound:
    """The 404 for an id with no question and no retired copy."""
    reason = f"There is no question with id “{question_id}” (and none was retired here)."
    if unsaved is not None:
        reason = f"Not saved: {reason} It was removed while you were editing it."
    # Once here (an approval undone since, say): what the audit log recorded about it.
    return PageNotFound(reason, history_url=selectors.audit_url(question_id), unsaved=unsaved)


# --- list ---------------------------------------------------------------------------------------


@require_GET
def index(request):
    # Served from the staff index (SQL only, no DynamoDB request); opening a row re-reads it.
    query = QuestionQuery.from_params(request.GET)  # BadQuery: the 400 page
    listing = index_selectors.question_list(query)
    template = "questions/list.html"
    _remember_list(request)
    if wants_part(request):
        template += "#results"
    return render(
        request,
        template,
        {"listing": listing, "query": query},
    )


@require_GET
def open_question(request):
    """The "open by id" box: straight to the question, or back to the list with a message."""
    # A pasted id may bring invisible characters along (a zero-width space from a chat): no id
    # holds one, so they are left out, and said.
    question_id, invisible = without_invisible(request.GET.get("id") or "")
    if not question_id:
        messages.error(request, "Enter a question id to open it.")
        return redirect("questions:index")
    if refusal := not_a_question_id(question_id):
        messages.error(request, refusal)
        return redirect("questions:index")
    found = selectors.question_to_open(question_id)
    if found is None:
        feedback.tell_no_such_id(request, question_id)
        return redirect("questions:index")
    if found != question_id:
        messages.info(
            request, f"Opened {found}: there is no “{question_id}” (ids are case-sensitive)."
        )
        return redirect("questions:detail", question_id=found)
    if invisible:
        messages.info(
            request,
            f"Opened {question_id}: the invisible character{'s' if len(invisible) > 1 else ''} "
            f"pasted with it ({code_points(invisible)}) {'were' if len(invisible) > 1 else 'was'} "
            "left out.",
        )
    return redirect("questions:detail", question_id=question_id)


# --- one question: show and save ----------------------------------------------------------------


def _edits_context(request, detail: selectors.QuestionDetail, form: QuestionForm, **extra):
    context = {
        "detail": detail,
        "question": detail.question,
        "form": form,
        "options": detail.options,
        "question_days": detail.daily_days,
        "list_url": _list_url(request),
    }
    context.update(extra)
    return context


@require_http_methods(["GET", "POST"])
@require_capability(EDIT_CAPABILITY, refusal(EDIT_CAPABILITY, "edit questions"), methods=("POST",))
def detail(request, question_id: str):
    if not is_question_id(question_id):
        return _not_found(request, question_id)
    if request.method == "POST":
        return _save(request, question_id)
    try:
        detail_data = selectors.question_detail(question_id)
    except NotFound:
        return _not_found(request, question_id)
    form = EditQuestionForm(
        initial={
            **QuestionForm.initial_from(detail_data.question),
            "base": EditBase.of(detail_data.question).token(),
        },
        original=QuestionForm.original_from(detail_data.question),
    )
    return render(request, DETAIL, _edits_context(request, detail_data, form))


def _form_for(request, *, original: Question | None, known_categories, form_class=QuestionForm):
    return form_class(
        request.POST,
        known_categories=known_categories,
        deleted_categories=selectors.categories_deleted_lately(),
        original=QuestionForm.original_from(original) if original else None,
    )


def _editor_page(
    request,
    question_id: str,
    form: QuestionForm,
    *,
    status: int = 200,
    current: Question | None = None,
    **extra,
):
    """Re-render the editor (invalid form, preview, conflict) with fresh history and panels."""
    detail_data = selectors.question_detail(question_id)
    if current is not None:
        detail_data.question = current
    return render(
        request, DETAIL, _edits_context(request, detail_data, form, **extra), status=status
    )


def _save(request, question_id: str):
    _check_action(request)
    sent_version(request.POST.get("version"))  # a changed hidden field: the 400 page
    # Only what validation needs is read up front; the page is rebuilt only when re-rendered.
    stored = selectors.stored_question_or_none(question_id, consistent=True)
    if stored is None:  # retired (or removed) since the editor loaded it: say so, keep the typing
        typed = QuestionForm(request.POST)
        typed.is_valid()
        return _not_found(
            request, question_id, unsaved=_submitted_preview(request.POST, typed, question_id)
        )
    form = _form_for(
        request,
        original=stored,
        known_categories=selectors.known_category_names(),
        form_class=EditQuestionForm,
    )
    if not form.is_valid():
        # The preview shows what was submitted (labelled unsaved), never the stored values
        # beside a form that says otherwise.
        preview = _submitted_preview(request.POST, form, stored.id)
        return _editor_page(
            request, question_id, form, status=422, preview=preview, refused=_refused(request)
        )
    if request.POST.get("action") == "preview":
        return _editor_page(request, question_id, form, preview=_preview_question(form, stored.id))
    loaded_version = form.cleaned_data.get("version")
    if loaded_version is None:
        raise BadQuery("The form is missing the version it was loaded at; reload.")
    duplicates = selectors.duplicates_before_saving(
        form.cleaned_data["question"],
        stored=stored,
        form_nonce=request.POST.get("form_nonce", ""),
        save_anyway=request.POST.get("action") == SAVE_ANYWAY,
    )
    if duplicates is not None:
        return _editor_page(
            request,
            question_id,
            form,
            status=409,
            duplicates=duplicates,
            preview=_preview_question(form, stored.id),
            refused=True,
        )
    edits = services.QuestionEdits.from_cleaned(form.cleaned_data)
    try:
        saved = services.update_question(
            question_id=stored.id,
            loaded_version=loaded_version,
            edits=edits,
            actor=request.user.get_username(),
            display_names=form.cleaned_data.get("new_category_names") or {},
            form_nonce=request.POST.get("form_nonce", ""),
            loaded_fields=_loaded_fields(form, loaded_version),
        )
    except services.EditConflict as conflict:
        return _conflict(request, question_id, form, conflict)
    except services.QuestionServiceError as exc:
        form.add_error(None, str(exc))
        return _editor_page(request, question_id, form, status=_refusal_status(exc))
    feedback.tell_saved(request, saved, loaded_version)
    return redirect("questions:detail", question_id=stored.id)


def _refusal_status(exc: services.QuestionServiceError) -> int:
    """503 when the database was busy or out of reach (try again), 409 for a refusal."""
    return 503 if isinstance(exc, services.NotSentNow) else 409


def _loaded_fields(form: EditQuestionForm, loaded_version: int) -> dict | None:
    """The fields the form was loaded with, when its signed base is of ``loaded_version``."""
    base = form.edit_base_at(loaded_version)
    return base.fields if base is not None else None


def _conflict(request, question_id: str, form: EditQuestionForm, conflict: services.EditConflict):
    """Show the other person's change beside ours, with the merge in the form (forms)."""
    current = conflict.current
    if current is None:
        # Retired (or its approval undone) between this save's read and its write: the page
        # that says so, by whom, with what was typed, as when the retirement came first.
        return _not_found(
            request, question_id, unsaved=_submitted_preview(request.POST, form, question_id)
        )
    messages.error(request, str(conflict))
    retry = retry_after_conflict(form, current, known_categories=selectors.known_category_names())
    return _editor_page(
        request,
        question_id,
        retry.form,
        status=409,
        current=current,
        conflict_rows=retry.rows,
        conflict_current=current,
        conflict_merge=retry.merge,
        preview=_submitted_preview(retry.form.data, retry.form, question_id),
    )


# --- create -------------------------------------------------------------------------------------


NEW_PAGE = "questions/new.html"
REFUSED_ACTIONS = ("save", SAVE_ANYWAY)  # a press of Save / Create, not a Preview
FORM_ACTIONS = ("save", "preview", SAVE_ANYWAY)


def _check_action(request) -> None:
    """A form names one of its own buttons; anything else is refused before it can save. No
    name at all is Save: a browser's Enter in a field, or a script's submit, sends none."""
    action = request.POST.get("action")
    if action is not None and action not in FORM_ACTIONS:
        raise BadQuery(
            "This form has no such button; nothing was saved. Go back and use its buttons."
        )


def _refused(request) -> bool:
    """Whether the page answers a save the server refused (the summary at the top says so)."""
    return request.POST.get("action") in REFUSED_ACTIONS


@require_http_methods(["GET", "POST"])
# Refused up front (before any form is shown or DynamoDB is read), not after filling it in.
@require_capability(EDIT_CAPABILITY, refusal(EDIT_CAPABILITY, "create questions"))
def create(request):
    options, known = selectors.editor_context()
    if request.method == "GET":
        # The answer has no default: a forgotten choice is refused, never stored as "True".
        # Difficulty 3 is the game's own default for a question that names none (GAME.md).
        form = QuestionForm(initial={"difficulty": str(DEFAULT_DIFFICULTY)})
        return render(request, NEW_PAGE, {"form": form, "options": options})
    _check_action(request)
    form = _form_for(request, original=None, known_categories=known)
    if not form.is_valid():
        preview = _submitted_preview(request.POST, form, "new")
        return render(
            request,
            NEW_PAGE,
            {"form": form, "options": options, "preview": preview, "refused": _refused(request)},
            status=422,
        )
    if request.POST.get("action") == "preview":
        return render(
            request,
            NEW_PAGE,
            {"form": form, "options": options, "preview": _preview_question(form, "new")},
        )
    duplicates = selectors.duplicates_before_saving(
        form.cleaned_data["question"],
        stored=None,
        form_nonce=request.POST.get("form_nonce", ""),
        save_anyway=request.POST.get("action") == SAVE_ANYWAY,
    )
    if duplicates is not None:
        return render(
            request,
            NEW_PAGE,
            {
                "form": form,
                "options": options,
                "duplicates": duplicates,
                "preview": _preview_question(form, "new"),
                "refused": True,
            },
            status=409,
        )
    try:
        saved = services.create_question(
            edits=services.QuestionEdits.from_cleaned(form.cleaned_data),
            actor=request.user.get_username(),
            display_names=form.cleaned_data.get("new_category_names") or {},
            form_nonce=request.POST.get("form_nonce", ""),
        )
    except services.QuestionServiceError as exc:
        form.add_error(None, str(exc))
        context = {"form": form, "options": options}
        if isinstance(exc, services.NotConfirmed):
            # The first send may still land: Create again must be that same create (same id
            # and request token), never a second question.
            context["kept_nonce"] = request.POST.get("form_nonce", "")
        return render(request, NEW_PAGE, context, status=_refusal_status(exc))
    feedback.tell_created(request, saved)
    return redirect("questions:detail", question_id=saved.question.id)


# --- preview (htmx partial; the no-JS path is the form's own "Preview" button) ------------------


def _preview_question(form: QuestionForm, question_id: str) -> Question:
    edits = services.QuestionEdits.from_cleaned(form.cleaned_data)
    return Question(
        id=question_id,
        question=edits.question,
        title=edits.title,
        passage=edits.passage,
        answer=edits.answer,
        categories=edits.categories,
        difficulty=edits.difficulty,
    )


@require_POST
def preview(request):
    """The player's view of the form as it is now; validation problems are listed, not fatal."""
    question_id = request.POST.get("question_id") or "new"
    if not is_question_id(question_id):
        question_id = "new"
    original = None
    if question_id != "new":
        # The stored values exempt unchanged over-limit text, exactly as saving would.
        original = selectors.stored_question_or_none(question_id)
    form = QuestionForm(
        request.POST, original=QuestionForm.original_from(original) if original else None
    )
    form.is_valid()
    question = _submitted_preview(request.POST, form, question_id)
    return render(
        request,
        "questions/_preview.html",
        {"preview": question, "preview_form": form, "unsaved": True},
    )


def _submitted_preview(posted, form: QuestionForm, question_id: str) -> Question:
    """The player's view of what was submitted, valid or not (a field that failed validation
    shows as typed; an unusable difficulty as the default), never of what is stored."""
    data = getattr(form, "cleaned_data", {})
    categories = data.get("categories")
    if not isinstance(categories, list):  # refused as typed: show the entries, a few at most
        typed = [entry.strip() for entry in str(posted.get("categories", "")).split(",")]
        categories = with_general(typed[:PREVIEW_CATEGORIES_SHOWN])
    return Question(
        id=question_id,
        question=data.get("question") or posted.get("question", ""),
        title=data.get("title") or posted.get("title", ""),
        passage=normalise_text(data.get("passage") or posted.get("passage", "")),
        answer=posted.get("answer") == "true",
        categories=categories,
        difficulty=_difficulty_or_default(posted.get("difficulty")),
    )


def _difficulty_or_default(value) -> int:
    return DIFFICULTIES.get(str(value if value is not None else ""), DEFAULT_DIFFICULTY)


# --- retire -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
# The confirmation page too: no form ending in 403.
@require_capability(EDIT_CAPABILITY, refusal(EDIT_CAPABILITY, "retire questions"))
def retire(request, question_id: str):
    """GET: the confirmation page. POST with confirmed=yes: retire. POST without: confirm page."""
    if not is_question_id(question_id):
        return _not_found(request, question_id)
    if request.method == "POST" and request.POST.get("confirmed") == "yes":
        return _retire_confirmed(request, question_id)
    try:
        question = selectors.stored_question(question_id)
    except NotFound:
        return _not_found(request, question_id)
    raw_version = request.POST.get("version") if request.method == "POST" else None
    return render(
        request,
        "questions/retire_confirm.html",
        {
            "question": question,
            # BadQuery: the 400 page
            "version": retire_version(raw_version, stored=question.version),
            "change": selectors.retire_impact(question_id),
        },
    )


def _retire_confirmed(request, question_id: str):
    # Read once, by the retirement itself: the version it guards is the confirmed one.
    version = retire_version(request.POST.get("version"), stored=None)  # BadQuery: the 400 page
    try:
        retired = services.retire_question(
            question_id=question_id,
            loaded_version=version,
            actor=request.user.get_username(),
            form_nonce=request.POST.get("form_nonce", ""),
        )
    except services.NoSuchQuestion as exc:
        # Never one, or its approval undone: the 404, linking to what the audit log recorded.
        raise _no_such_question(question_id) from exc
    except services.AlreadyRetired as exc:  # retired by another request first, or removed
        messages.info(request, str(exc))
        return redirect("questions:index")
    except services.EditConflict:
        feedback.tell_retire_conflict(request)
        return redirect("questions:detail", question_id=question_id)
    except services.QuestionServiceError as exc:
        messages.error(request, str(exc))
        return redirect("questions:detail", question_id=question_id)
    feedback.tell_retired(request, question_id, retired)
    if LIST_KEY in request.session:  # back to the list the editor came from
        return redirect(_list_url(request))
    category = selectors.category_after_retire(retired.question)
    return redirect(reverse("questions:index") + "?" + urlencode({"category": category}))
