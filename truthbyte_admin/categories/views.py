"""Categories dashboard, "Verify now", rename, reconcile and deleting an empty category — thin
function views."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ..accounts.roles import require_capability
from ..core.errors import BadQuery, PageNotFound
from ..core.undo import undo_minutes
from ..domain.categories import key_problem
from . import feedback, selectors, services, verify


@require_GET
def index(request):
    board = selectors.dashboard()
    renamed, page_messages = feedback.take(request, shown={row.slug for row in board.rows})
    return render(
        request,
        "categories/dashboard.html",
        {
            "board": board,
            "check": board.check,
            "low_threshold": selectors.LOW_THRESHOLD,
            "rename_feedback": renamed,
            "page_messages": page_messages,
            "undo_minutes": undo_minutes(),
        },
    )


@require_POST
@require_capability("manage_categories")
def verify_now(request):
    check = verify.start(actor=request.user.get_username())
    if request.htmx:
        # The button that was pressed is gone: the focus goes to what the check says.
        panel = selectors.check_panel(check, page_rows=request.POST.get("rows", ""))
        return _check_panel(request, panel, focus=True)
    return redirect(reverse("categories:index") + "#count-check")


@require_GET
def verify_status(request):
    """The check's panel: polled by the page while the check runs; its last answer also
    updates the page's figures (out of band), if the page's rows (``row``) are still the
    board's."""
    panel = selectors.check_panel(verify.latest(), page_rows=request.GET.get("rows", ""))
    return _check_panel(request, panel)


def _check_panel(request, panel: selectors.CheckPanel, *, focus: bool = False):
    return render(
        request,
        "categories/dashboard.html#check-answer",
        {
            "check": panel.check,
            "board": panel.board,
            "rows_changed": panel.rows_changed,
            "low_threshold": selectors.LOW_THRESHOLD,
            "focus": focus,
        },
    )


@require_POST
@require_capability("manage_categories")
def rename(request, slug: str):
    problem = key_problem(slug)  # any stored spelling; a key no category can have: the 400 page
    if problem:
        raise BadQuery(problem)
    old_name = request.POST.get("old_name", "")
    new_name = request.POST.get("display_name", "")
    try:
        done = services.rename_category(
            slug=slug,
            old_name=old_name,
            new_name=new_name,
            actor=request.user.get_username(),
            form_nonce=request.POST.get("form_nonce", ""),
        )
    except services.CategoryNotFound as exc:
        raise PageNotFound(str(exc)) from exc
    except services.CategoryServiceError as exc:
        back_to = feedback.remember(request, slug, exc.wording, refused=True, typed=new_name)
    else:
        said = feedback.renamed(slug, done.old_name, done.name)
        back_to = feedback.remember(request, slug, said, refused=False, back=done.back)
    return redirect(reverse("categories:index") + "#" + back_to)


@require_POST
@require_capability("manage_categories")
def delete(request, slug: str):
    """Delete a category no question is in; the message offers Undo (put it back)."""
    return _at_the_top(request, services.delete_empty_category, feedback.tell_deleted, slug)


@require_POST
@require_capability("manage_categories")
def put_back(request, slug: str):
    """Undo a deletion: the category's item back as it was."""
    return _at_the_top(request, services.put_back_category, feedback.tell_put_back, slug)


def _at_the_top(request, change, tell, slug: str):
    """A deletion or its Undo, said in the dashboard's message region at the top, where the
    person is looking: the Undo is offered there, and the deleted row is gone."""
    try:
        done = change(
            slug=slug,
            actor=request.user.get_username(),
            form_nonce=request.POST.get("form_nonce", ""),
        )
    except services.CategoryServiceError as exc:
        messages.error(request, exc.wording.html())
    else:
        tell(request, done)
    return redirect("categories:index")


@require_POST
@require_capability("manage_categories")
def reconcile(request):
    try:
        result = services.reconcile_counts(
            actor=request.user.get_username(), form_nonce=request.POST.get("form_nonce", "")
        )
    except services.CategoryServiceError as exc:
        messages.error(request, exc.wording.html())
        return redirect("categories:index")
    feedback.tell_reconciled(request, result)
    return redirect("categories:index")
