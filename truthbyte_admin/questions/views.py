"""Question list, editor (show / save / create / preview) and retire — thin function views."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..accounts.roles import can, require_capability
from ..core.errors import BadQuery
from ..data.errors import NotFound
from ..data.models import Question
from ..staffindex import selectors as index_selectors
from ..staffindex.queries import QuestionQuery
from . import selectors, services
from .forms import QuestionForm

DETAIL = "questions/detail.html"
EDIT_CAPABILITY = "edit_questions"


def _not_found(request, question_id: str):
    if not selectors.is_question_id(question_id):
        reason = (
            f"“{_shown(question_id)}” is not a question id. Ids use letters, digits and "
            "_ . : - only (e.g. q530, dq00001, q_1a2b3c4d)."
        )
    else:
        reason = f"There is no question with id “{question_id}”. It may have been retired."
    return render(request, "errors/404.html", {"reason": reason}, status=404)


def _shown(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# --- list ---------------------------------------------------------------------------------------


@require_GET
def index(request):
    # Served from the staff index (SQL only, no DynamoDB request); opening a row re-reads it.
    query = QuestionQuery.from_params(request.GET)  # BadQuery: the 400 page
    listing = index_selectors.question_list(query)
    template = "questions/list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(
        request,
        template,
        {"listing": listing, "query": query, "can_edit": can(request.user, EDIT_CAPABILITY)},
    )


@require_GET
def open_question(request):
    """The "open by id" box: straight to the question, or back to the list with a message."""
    question_id = (request.GET.get("id") or "").strip()
    if not question_id:
        messages.error(request, "Enter a question id to open it.")
        return redirect("questions:index")
    if not selectors.is_question_id(question_id):
        messages.error(
            request,
            f"“{_shown(question_id)}” is not a question id: ids use letters, "
            "digits and _ . : - only (e.g. q530).",
        )
        return redirect("questions:index")
    if not selectors.question_exists(question_id):
        messages.error(
            request,
            f"No question has the id “{question_id}”. Check the id "
            "(ids are case-sensitive, e.g. q530).",
        )
        return redirect("questions:index")
    return redirect("questions:detail", question_id=question_id)


# --- one question: show and save ----------------------------------------------------------------


def _edits_context(request, detail: selectors.QuestionDetail, form: QuestionForm, **extra):
    context = {
        "detail": detail,
        "question": detail.question,
        "form": form,
        "options": detail.options,
        "can_edit": can(request.user, EDIT_CAPABILITY),
        "question_days": detail.daily_days,
    }
    context.update(extra)
    return context


@require_http_methods(["GET", "POST"])
@require_capability(EDIT_CAPABILITY, "Your role can't edit questions.", methods=("POST",))
def detail(request, question_id: str):
    if not selectors.is_question_id(question_id):
        return _not_found(request, question_id)
    if request.method == "POST":
        return _save(request, question_id)
    try:
        detail_data = selectors.question_detail(question_id)
    except NotFound:
        return _not_found(request, question_id)
    form = QuestionForm(
        initial=QuestionForm.initial_from(detail_data.question),
        original=QuestionForm.original_from(detail_data.question),
    )
    return render(request, DETAIL, _edits_context(request, detail_data, form))


def _form_for(request, *, original: Question | None, known_categories):
    return QuestionForm(
        request.POST,
        known_categories=known_categories,
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
    # Only what validation needs is read up front; the page is rebuilt only when re-rendered.
    stored = selectors.stored_question_or_none(question_id, consistent=True)
    if stored is None:
        return _not_found(request, question_id)
    form = _form_for(request, original=stored, known_categories=selectors.known_category_slugs())
    if not form.is_valid():
        return _editor_page(request, question_id, form, status=422)
    if request.POST.get("action") == "preview":
        return _editor_page(request, question_id, form, preview=_preview_question(form, stored.id))
    loaded_version = form.cleaned_data.get("version")
    if loaded_version is None:
        raise BadQuery("The form is missing the version it was loaded at; reload.")
    edits = services.QuestionEdits.from_cleaned(form.cleaned_data)
    try:
        saved = services.update_question(
            question_id=stored.id,
            loaded_version=loaded_version,
            edits=edits,
            actor=request.user.get_username(),
            display_names=form.cleaned_data.get("new_category_names") or {},
            form_nonce=request.POST.get("form_nonce", ""),
        )
    except services.EditConflict as conflict:
        return _conflict(request, question_id, form, conflict)
    except services.QuestionServiceError as exc:
        form.add_error(None, str(exc))
        return _editor_page(request, question_id, form, status=409)
    if saved.version == loaded_version:
        messages.info(request, "No changes to save.")
    else:
        messages.success(request, f"Saved question {saved.id} (version {saved.version}).")
    return redirect("questions:detail", question_id=stored.id)


def _conflict(request, question_id: str, form: QuestionForm, conflict: services.EditConflict):
    """Show the other person's change beside ours; the form keeps our edits, now based on the
    stored version, so saving again is a deliberate overwrite."""
    messages.error(request, str(conflict))
    current = conflict.current
    if current is None:
        return redirect("questions:index")
    yours = services.QuestionEdits.from_cleaned(form.cleaned_data)
    rows = [
        (
            name,
            _display(getattr(yours, name)),
            _display(getattr(current, name)),
            getattr(yours, name) != getattr(current, name),
        )
        for name in services.EDITABLE_FIELDS
    ]
    data = request.POST.copy()
    data["version"] = str(current.version)
    retry_form = QuestionForm(
        data,
        known_categories=selectors.known_category_slugs(),
        original=QuestionForm.original_from(current),
    )
    retry_form.is_valid()
    return _editor_page(
        request,
        question_id,
        retry_form,
        status=409,
        current=current,
        conflict_rows=rows,
        conflict_current=current,
    )


def _display(value) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


# --- create -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
# Refused up front (before any form is shown or DynamoDB is read), not after filling it in.
@require_capability(EDIT_CAPABILITY, "Your role can't create questions; editors and admins can.")
def create(request):
    options, known = selectors.editor_context()
    if request.method == "GET":
        form = QuestionForm(initial={"difficulty": "3", "answer": "true"})
        return render(request, "questions/new.html", {"form": form, "options": options})
    form = _form_for(request, original=None, known_categories=known)
    if not form.is_valid():
        return render(request, "questions/new.html", {"form": form, "options": options}, status=422)
    if request.POST.get("action") == "preview":
        return render(
            request,
            "questions/new.html",
            {"form": form, "options": options, "preview": _preview_question(form, "new")},
        )
    try:
        question = services.create_question(
            edits=services.QuestionEdits.from_cleaned(form.cleaned_data),
            actor=request.user.get_username(),
            display_names=form.cleaned_data.get("new_category_names") or {},
            form_nonce=request.POST.get("form_nonce", ""),
        )
    except services.QuestionServiceError as exc:
        form.add_error(None, str(exc))
        return render(request, "questions/new.html", {"form": form, "options": options}, status=409)
    messages.success(request, f"Created question {question.id}.")
    return redirect("questions:detail", question_id=question.id)


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
    if not selectors.is_question_id(question_id):
        question_id = "new"
    original = None
    if question_id != "new":
        # The stored values exempt unchanged over-limit text, exactly as saving would.
        original = selectors.stored_question_or_none(question_id)
    form = QuestionForm(
        request.POST, original=QuestionForm.original_from(original) if original else None
    )
    form.is_valid()
    data = form.cleaned_data
    question = Question(
        id=question_id,
        question=data.get("question") or request.POST.get("question", ""),
        title=data.get("title") or request.POST.get("title", ""),
        passage=(data.get("passage") or request.POST.get("passage", "")).replace("\r\n", "\n"),
        answer=request.POST.get("answer") == "true",
        categories=data.get("categories") if isinstance(data.get("categories"), list) else [],
        difficulty=_difficulty_or_default(data.get("difficulty")),
    )
    return render(request, "questions/_preview.html", {"preview": question, "preview_form": form})


def _difficulty_or_default(value) -> int:
    text = str(value if value is not None else "")
    return int(text) if re.fullmatch(r"[1-5]", text) else 3


# --- retire -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
# The confirmation page too: no form ending in 403.
@require_capability(EDIT_CAPABILITY, "Your role can't retire questions; editors and admins can.")
def retire(request, question_id: str):
    """GET: the confirmation page. POST with confirmed=yes: retire. POST without: confirm page."""
    if not selectors.is_question_id(question_id):
        return _not_found(request, question_id)
    try:
        question = selectors.stored_question(question_id)
    except NotFound:
        return _not_found(request, question_id)
    raw_version = request.POST.get("version") if request.method == "POST" else None
    version = question.version
    if raw_version is not None:
        if not re.fullmatch(r"[0-9]{1,9}", raw_version.strip()):
            raise BadQuery("The version must be a whole number (digits 0–9).")
        version = int(raw_version)
    if request.method == "GET" or request.POST.get("confirmed") != "yes":
        return render(
            request,
            "questions/retire_confirm.html",
            {
                "question": question,
                "version": version,
                "can_edit": can(request.user, EDIT_CAPABILITY),
            },
        )
    try:
        services.retire_question(
            question_id=question_id,
            loaded_version=version,
            actor=request.user.get_username(),
            form_nonce=request.POST.get("form_nonce", ""),
        )
    except services.EditConflict as conflict:
        if conflict.current is None:
            messages.info(request, f"Question {question_id} was already retired by someone else.")
            return redirect("questions:index")
        messages.error(
            request,
            "Not retired: someone changed this question after you loaded it. "
            "Check the current version, then retire it again if you still "
            "want to.",
        )
        return redirect("questions:detail", question_id=question_id)
    except services.QuestionServiceError as exc:
        messages.error(request, str(exc))
        return redirect("questions:detail", question_id=question_id)
    messages.success(
        request,
        f"Retired question {question_id}: removed from the pool, its "
        f"{len(question.categories)} category index entries and counts.",
    )
    first = next(
        (c for c in question.categories if c != "general" and not selectors.category_problem(c)),
        "general",
    )
    return redirect(reverse("questions:index") + "?" + urlencode({"category": first}))
