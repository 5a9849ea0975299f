"""Moderation queue: list, review, approve, reject, bulk.

Every action is a plain form POST (redirect + message); htmx only swaps the queue row away and
shows the message in place. Reading needs a staff login; acting needs the "moderate" capability.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ..accounts.roles import require_capability
from ..data.errors import InvalidCursor, NotFound
from ..questions.forms import QuestionForm
from . import selectors, services
from .forms import (
    ApproveForm,
    BadQuery,
    BulkForm,
    QueueQuery,
    RejectForm,
    safe_next,
    valid_submission_id,
)

QUEUE = "moderation/queue.html"
REVIEW = "moderation/review.html"


def _bad_request(request, reason: str) -> HttpResponse:
    return render(request, "errors/400.html", {"reason": reason}, status=400)


def _check_id(submission_id: str) -> None:
    if not valid_submission_id(submission_id):
        raise Http404("No such submission.")


# --- reading ----------------------------------------------------------------------------------


@require_GET
def index(request):
    try:
        query = QueueQuery.from_params(request.GET)
        page = selectors.queue_page(query)
    except BadQuery as exc:
        return _bad_request(request, str(exc))
    except InvalidCursor as exc:
        return _bad_request(request, f"{exc} Open the queue again from its first page.")
    return render(request, QUEUE, {
        "page": page,
        "reasons": services.REJECTION_REASONS,
        "here": request.get_full_path(),
    })


@require_GET
def pending_count(request):
    """The O(pending) count, kept off the queue page: loaded by htmx, or opened as a link."""
    template = "moderation/count.html#count" if request.htmx else "moderation/count.html"
    return render(request, template, {"pending": selectors.pending_count()})


@require_GET
def review(request, submission_id: str):
    _check_id(submission_id)
    return _render_review(request, submission_id)


def _render_review(request, submission_id: str, *, question_form=None, approve_form=None,
                   reject_form=None, status: int = 200) -> HttpResponse:
    try:
        data = selectors.review(submission_id)
    except NotFound as exc:
        raise Http404("No such submission.") from exc
    known = {c.slug for c in data.categories}
    return render(request, REVIEW, {
        "review": data,
        "submission": data.submission,
        "question_form": question_form or QuestionForm(
            initial=QuestionForm.initial_from(data.submission), known_categories=known),
        "approve_form": approve_form or ApproveForm(initial={"with_edits": True}),
        "reject_form": reject_form or RejectForm(auto_id="reject_%s"),
        "next": safe_next(request.POST.get("next") or request.GET.get("next"))
        or reverse("moderation:index"),
    }, status=status)


# --- acting -----------------------------------------------------------------------------------


def _done(request, submission_id: str, *, row_gone: bool) -> HttpResponse:
    """After an action: htmx drops the row (or keeps it) and shows the message; else redirect."""
    if request.htmx:
        response = render(request, "moderation/queue.html#action-result", {})
        if not row_gone:
            response["HX-Reswap"] = "none"
        return response
    target = safe_next(request.POST.get("next"))
    if target is None:
        target = reverse("moderation:index") if row_gone else reverse(
            "moderation:review", args=[submission_id])
    return redirect(target)


@require_POST
@require_capability("moderate")
def approve(request, submission_id: str):
    _check_id(submission_id)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, "Reviewer notes are too long (1,000 characters at most).")
    with_edits = form.cleaned_data["with_edits"]
    try:
        result = services.approve_submission(
            submission_id=submission_id,
            reviewer=request.user.get_username(),
            notes=form.cleaned_data["notes"],
            edits=request.POST if with_edits else None,
            form_nonce=request.POST.get("form_nonce", ""),
        )
    except services.NeedsEditing as exc:
        if with_edits and not request.htmx:
            messages.error(request, "Fix the highlighted fields, then approve again.")
            return _render_review(request, submission_id, question_form=exc.form,
                                  approve_form=form, status=400)
        messages.error(request, f"{exc} Open the review to edit it.")
        return _done(request, submission_id, row_gone=False)
    except services.AlreadyDone as exc:
        messages.info(request, str(exc))
        return _done(request, submission_id, row_gone=True)
    except (services.AlreadyReviewed, services.SubmissionGone) as exc:
        messages.warning(request, str(exc))
        return _done(request, submission_id, row_gone=True)
    except services.ModerationError as exc:
        messages.error(request, str(exc))
        if with_edits and not request.htmx:  # keep the moderator's edits on screen
            return _render_review(request, submission_id, question_form=QuestionForm(
                request.POST), approve_form=form, status=503)
        return _done(request, submission_id, row_gone=False)
    lost = services.CONFIRMATION_LOST if result.confirmation_lost else ""
    messages.success(request, f"Approved {submission_id}: it is now question "
                              f"{result.question.id}.{lost}")
    return _done(request, submission_id, row_gone=True)


@require_POST
@require_capability("moderate")
def reject(request, submission_id: str):
    _check_id(submission_id)
    form = RejectForm(request.POST, auto_id="reject_%s")
    from_review = request.POST.get("from") == "review"
    if not form.is_valid():
        if from_review and not request.htmx:
            messages.error(request, "Choose a reason (or type one for “Other”) to reject.")
            return _render_review(request, submission_id, reject_form=form, status=400)
        messages.error(request, "Choose a reason (or type one for “Other”) to reject.")
        return _done(request, submission_id, row_gone=False)
    try:
        rejected = services.reject_submission(
            submission_id=submission_id,
            reviewer=request.user.get_username(),
            reason=form.cleaned_data["stored_reason"],
            notes=form.cleaned_data["notes"],
            form_nonce=request.POST.get("form_nonce", ""),
        )
    except services.AlreadyDone as exc:
        messages.info(request, str(exc))
        return _done(request, submission_id, row_gone=True)
    except (services.AlreadyReviewed, services.SubmissionGone) as exc:
        messages.warning(request, str(exc))
        return _done(request, submission_id, row_gone=True)
    except services.ModerationError as exc:
        messages.error(request, str(exc))
        return _done(request, submission_id, row_gone=False)
    lost = services.CONFIRMATION_LOST if rejected.confirmation_lost else ""
    messages.success(request, f"Rejected {submission_id}: "
                              f"{form.cleaned_data['stored_reason']}.{lost}")
    return _done(request, submission_id, row_gone=True)


@require_POST
@require_capability("moderate")
def bulk(request):
    form = BulkForm(request.POST)
    back = safe_next(request.POST.get("next")) or reverse("moderation:index")
    if not form.is_valid():
        for message in form.errors.get("__all__", []):
            messages.error(request, message)
        for name in ("reason", "reason_text", "action"):
            for message in form.errors.get(name, []):
                messages.error(request, message)
        return redirect(back)
    data = form.cleaned_data
    if not data["confirmed"]:
        return render(request, "moderation/bulk.html", {
            "form": form, "selection": selectors.bulk_selection(data["selected"]),
            "action": data["action"], "reason": data.get("stored_reason", ""), "next": back,
        })
    result = services.bulk_review(
        submission_ids=data["selected"], action=data["action"],
        reviewer=request.user.get_username(), reason=data.get("stored_reason", ""),
        notes=data.get("notes", ""), form_nonce=request.POST.get("form_nonce", ""),
    )
    level = messages.SUCCESS if not result.failed else messages.WARNING
    messages.add_message(request, level, f"{result.succeeded} of {len(result.items)} "
                         f"{'approved' if data['action'] == 'approve' else 'rejected'}; "
                         f"{result.failed} not changed (see below).")
    return render(request, "moderation/bulk.html", {"result": result, "next": back})
