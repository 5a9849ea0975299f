"""Moderation queue: list, review, approve, reject, undo, bulk.

Every action is a plain form POST (redirect + message); htmx replaces the queue row with a toast
(message + Undo) in place, and the ``aria-live`` message region says the same. Reading needs a
staff login; acting needs the "moderate" capability. Every action re-reads the submission.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import partial
from urllib.parse import unquote

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..accounts.roles import can, require_capability
from ..core.errors import BadQuery, PageNotFound
from ..core.links import local_path
from ..core.params import shown
from ..core.question_form import QuestionForm
from ..core.undo import undo_minutes, undo_tag
from ..data.errors import NotFound
from . import bulk_session, feedback, preferences, reasons, selectors, services
from .forms import (
    ApproveForm,
    BulkForm,
    DuplicateForm,
    ReasonsForm,
    RejectForm,
    ShortcutsForm,
    valid_submission_id,
)
from .queries import QueueQuery

QUEUE = "moderation/queue.html"
REVIEW = "moderation/review.html"
BULK_SELECTION_KEY = "moderation:bulk-selection"
PENDING_CHANGED = "pending-changed"  # htmx event: the navigation badge reloads
# What a bulk review's confirmation page lets the moderator change before sending it again.
CONFIRMATION_FIELDS = {"notes", "approve_anyway"}
# htmx event: an action changed nothing; admin.js says why next to the control that was used
ACTION_REFUSED = "action-refused"


def _check_id(submission_id: str) -> None:
    if not valid_submission_id(submission_id):
        raise PageNotFound(f"“{shown(submission_id, limit=80)}” is not a submission id.")


def queue_path(value: str | None) -> str | None:
    """``value`` when it is one of the queue's own addresses: where an action goes back to."""
    return local_path(value, under="/queue/")


def _back(params) -> str:
    """The queue as the moderator left it (its ``next``), or the queue itself."""
    return queue_path(params.get("next")) or reverse("moderation:index")


def _page_context(request) -> dict:
    return {
        "reasons": reasons.rejection_reasons(),
        "shortcuts_enabled": preferences.shortcuts_enabled(request.user),
        "undo_minutes": undo_minutes(),
    }


# --- reading ----------------------------------------------------------------------------------


@require_GET
def index(request):
    query = QueueQuery.from_params(request.GET)  # BadQuery: the 400 page
    if "source" in request.GET or "cursor" in request.GET:
        # Links from before the queue was one list (a second tab, cursor paging): same filters.
        return redirect(query.url())
    page = selectors.queue_page(query)
    if request.htmx.target == "queue-total":  # the list's heading, after an action on a row
        return render(
            request, QUEUE + "#queue-total", {"page": page, "here": request.get_full_path()}
        )
    # A bulk action that failed validation comes back here with its selection kept.
    kept = set(request.session.pop(BULK_SELECTION_KEY, []))
    return render(
        request,
        QUEUE,
        {
            "page": page,
            "here": request.get_full_path(),
            "kept_selection": kept,
            **_page_context(request),
        },
    )


@require_GET
def pending_count(request):
    """The exact pending count and the oldest one's wait: loaded by htmx, or opened as a link."""
    template = "moderation/count.html#count" if request.htmx else "moderation/count.html"
    return render(request, template, {"pending": selectors.pending_count()})


@require_GET
def badge(request):
    """The navigation's pending badge (count and oldest age); reloaded after each action."""
    template = "moderation/count.html#badge" if request.htmx else "moderation/count.html"
    return render(request, template, {"pending": selectors.pending_count()})


@require_GET
def duplicates(request):
    """Duplicate warnings for the queue's rows, swapped into each row out of band.

    Kept off the queue page: the similarity corpus is a Scan of every question when its cache
    is cold. One BatchGetItem re-reads the rows' submissions.
    """
    back = _back(request.GET)
    if not request.htmx:
        # Opened as a page (a copied address, history): its fragment alone would be blank.
        messages.info(
            request,
            "Likely-duplicate warnings show in the queue's rows, where they load with the page; "
            "that address has no page of its own.",
        )
        return redirect(back)
    ids = [unquote(i) for i in (request.GET.get("ids") or "").split(",") if i][:100]
    if not all(valid_submission_id(i) for i in ids):
        raise BadQuery("That list of submissions can't be used.")
    rows = selectors.bulk_selection(ids, with_duplicates=True)
    return render(
        request,
        "moderation/queue.html#duplicate-warnings",
        {
            "flagged": [(rows.found[i], match) for i, match in rows.flagged.items()],
            "here": back,
        },
    )


@require_GET
def review(request, submission_id: str):
    _check_id(submission_id)
    return _render_review(request, submission_id)


def _dir_auto(form):
    """Player text is shown as written: every text field's direction follows its content."""
    for field in form.fields.values():
        field.widget.attrs.setdefault("dir", "auto")
    return form


def _render_review(
    request,
    submission_id: str,
    *,
    question_form=None,
    approve_form=None,
    reject_form=None,
    approve_refused: bool = False,
    duplicate=None,
    status: int = 200,
) -> HttpResponse:
    """``duplicate``: the question the moderator's edited text is a likely duplicate of (the
    page then offers "Approve anyway" and "Reject as duplicate" for it, not for the text as
    submitted)."""
    try:
        data = selectors.review(submission_id)
    except NotFound as exc:
        raise _no_submission(request, submission_id) from exc
    known = {c.slug for c in data.categories}
    undo = services.undo_offer(
        data.submission,
        actor=request.user.get_username(),
        may_undo_others=can(request.user, "undo_others_reviews"),
    )
    return render(
        request,
        REVIEW,
        {
            "review": data,
            "submission": data.submission,
            "question_form": _dir_auto(
                question_form
                or QuestionForm(
                    initial=QuestionForm.initial_from(data.submission), known_categories=known
                )
            ),
            "approve_form": _dir_auto(approve_form or ApproveForm(initial={"with_edits": True})),
            "duplicate": duplicate or data.duplicate,
            "history_url": selectors.history_url(submission_id),
            "reject_form": _dir_auto(reject_form or RejectForm(auto_id="reject_%s")),
            # Edits sent for a submission someone reviewed first: shown, marked not saved.
            "unsaved_edits": (
                question_form
                if question_form is not None and question_form.is_bound and not data.is_pending
                else None
            ),
            "can_undo": undo.offered,
            "undo_blocked": undo.blocked,
            "undo_ends": undo.ends,
            # The approval's fields were refused: a summary linking to each, focused on load.
            "approve_refused": approve_refused,
            "next": _back(request.POST) if request.POST.get("next") else _back(request.GET),
            **_page_context(request),
        },
        status=status,
    )


def _no_submission(request, submission_id: str) -> PageNotFound:
    """The 404 for an id with no submission: said so, with the way back to the queue and what
    the audit log recorded under that id (a submission removed since shows there)."""
    return PageNotFound(
        format_html(
            "There is no submission with id “<bdi>{}</bdi>”. It may have been removed since, or "
            "the address was mistyped.",
            shown(submission_id, limit=80),
        ),
        history_url=selectors.history_url(submission_id),
        back=(
            _back(request.GET),
            "Back to the moderation queue",
        ),
    )


# --- acting -----------------------------------------------------------------------------------


def _row_response(
    request,
    submission_id: str,
    *,
    kind: str,
    text: str,
    undo_until: dt.datetime | None = None,
    duplicate=None,
) -> HttpResponse:
    """htmx: the acted-on row becomes a toast (or, for a likely duplicate, the row again with
    its warning); the message region gets the same text out of band. ``undo_until``: the toast
    offers Undo until then."""
    context = {
        "toast_id": submission_id,
        "toast_kind": kind,
        "toast_text": text,
        "toast_undo": undo_until is not None,
        "toast_undo_until": undo_until,
        "toast_history": selectors.history_url(submission_id),
        "here": _back(request.POST),
        **_page_context(request),
    }
    if duplicate is not None:
        context.update(submission=duplicate[0], dup=duplicate[1])
        return render(request, "moderation/queue.html#row-with-messages", context)
    response = render(request, "moderation/queue.html#toast", context)
    response["HX-Trigger"] = PENDING_CHANGED
    return response


def _done(
    request, submission_id: str, *, text: str = "", undo_until: dt.datetime | None = None
) -> HttpResponse:
    """After an action that took the submission out of the queue: htmx shows the toast in its
    row; else back to the page the action came from (the queue)."""
    if request.htmx:
        kind = "info" if undo_until is None else "done"
        return _row_response(request, submission_id, kind=kind, text=text, undo_until=undo_until)
    return redirect(_back(request.POST))


def _succeeded(
    request,
    result: services.ApprovalResult | services.RejectionResult,
    text: str,
    *,
    warning: str = "",
) -> HttpResponse:
    # Undo is open until the deadline of the review time stored, as the message and the row's
    # toast both say and as the Undo button's own check reads it.
    submission_id = result.submission_id
    until = services.undo_ends(result)
    messages.success(request, text, extra_tags=undo_tag("review", submission_id, until=until))
    if warning:
        messages.warning(request, warning)
    return _done(request, submission_id, text=text, undo_until=until)


def _refused(request, submission_id: str, text: str, *, final: bool = False) -> HttpResponse:
    """An action that changed nothing and leaves the row as it was. In place (htmx): said next
    to the control that was used (admin.js, on the ACTION_REFUSED event), where the person is
    looking; the message region at the top of the page may be out of sight. Else: on the page
    the action came from. ``final``: trying again would be refused the same way (the page
    stops offering that control)."""
    if request.htmx:
        response = HttpResponse()
        response["HX-Reswap"] = "none"
        response["HX-Trigger"] = json.dumps({ACTION_REFUSED: {"text": text, "final": final}})
        return response
    messages.error(request, text)
    target = queue_path(request.POST.get("next"))
    return redirect(target or reverse("moderation:review", args=[submission_id]))


@require_POST
@require_capability("moderate")
def approve(request, submission_id: str):
    _check_id(submission_id)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _approve_refused(request, submission_id, form)
    with_edits = form.cleaned_data["with_edits"]
    try:
        result = services.approve_submission(
            submission_id=submission_id,
            reviewer=request.user.get_username(),
            notes=form.cleaned_data["notes"],
            edits=request.POST if with_edits else None,
            approve_anyway=form.cleaned_data["approve_anyway"],
            form_nonce=request.POST.get("form_nonce", ""),
            deleted_categories=selectors.categories_deleted_lately,
        )
    except services.LikelyDuplicate as exc:
        return _likely_duplicate(request, submission_id, exc, form=form, with_edits=with_edits)
    except services.NeedsEditing as exc:
        if with_edits and not request.htmx:
            return _render_review(
                request,
                submission_id,
                question_form=exc.form,
                approve_form=form,
                approve_refused=True,
                status=400,
            )
        return _refused(request, submission_id, f"{exc} Open the review to edit it.")
    except services.ModerationError as exc:
        edits_kept = partial(
            _render_review,
            request,
            submission_id,
            question_form=QuestionForm(request.POST),
            approve_form=form,
        )
        return _not_reviewed(
            request, submission_id, exc, edits_kept=edits_kept if with_edits else None
        )
    return _succeeded(
        request, result, feedback.approved(result), warning=feedback.names_left_out(result)
    )


def _approve_refused(request, submission_id: str, form: ApproveForm) -> HttpResponse:
    """The approval's own fields (the note) can't be used: said with the field's problem. From
    the review page without JavaScript, back on it with the edits and the note as typed."""
    text = feedback.not_approved(form.problems())
    if form.cleaned_data.get("with_edits") and not request.htmx:
        messages.error(request, text)
        return _render_review(
            request,
            submission_id,
            # As typed and not judged here: only the note was refused so far.
            question_form=QuestionForm(initial=request.POST.dict()),
            approve_form=form,
            status=400,
        )
    return _refused(request, submission_id, text)


def _likely_duplicate(
    request, submission_id: str, warning: services.LikelyDuplicate, *, form, with_edits: bool
) -> HttpResponse:
    """Not approved, it looks like a question already in the pool: in place, the row again with
    its warning; on the review page, the edits kept with "approve anyway" beside them."""
    messages.warning(request, str(warning))
    if request.htmx:
        return _row_response(
            request,
            submission_id,
            kind="warning",
            text=str(warning),
            duplicate=(warning.submission, warning.existing),
        )
    if with_edits:
        return _render_review(
            request,
            submission_id,
            question_form=QuestionForm(request.POST),
            approve_form=form,
            duplicate=warning.existing,
            status=409,
        )
    return redirect(reverse("moderation:review", args=[submission_id]))


def _not_reviewed(
    request, submission_id: str, error: services.ModerationError, *, edits_kept=None
) -> HttpResponse:
    """A review that didn't happen this time, said where the moderator is looking:
    - this same request was already applied (the form sent twice): a success, once;
    - someone else reviewed it first, or it is gone: off the queue, its row says so (from the
      review page with edits, that page says it, and shows the edits as not saved);
    - anything else changed nothing: back on the review page with the edits kept
      (``edits_kept``, given the status), or said next to the control that was used."""
    if isinstance(error, services.AlreadyDone):
        messages.info(request, str(error))
        return _done(request, submission_id)
    if isinstance(error, services.AlreadyReviewed) and edits_kept is not None and not request.htmx:
        # The review page says who reviewed it and shows what this moderator typed, unsaved:
        # their edits are not dropped (they may undo that review and approve with them).
        messages.warning(request, str(error))
        return edits_kept(status=409)
    if isinstance(error, (services.AlreadyReviewed, services.SubmissionGone)):
        messages.warning(request, str(error))
        return _done(request, submission_id, text=str(error))
    if edits_kept is not None and not request.htmx:
        messages.error(request, str(error))
        # Out of date (409), as the editor answers, or the database unavailable (503).
        changed = isinstance(error, services.ChangedMeanwhile)
        return edits_kept(status=409 if changed else 503)
    return _refused(request, submission_id, str(error))


@require_POST
@require_capability("moderate")
def reject(request, submission_id: str):
    _check_id(submission_id)
    form = RejectForm(request.POST, auto_id="reject_%s")
    from_review = request.POST.get("from") == "review"
    if not form.is_valid():
        text = feedback.not_rejected(form.problems())
        if from_review and not request.htmx:
            messages.error(request, text)
            return _render_review(request, submission_id, reject_form=form, status=400)
        return _refused(request, submission_id, text)
    return _reject(
        request,
        submission_id,
        lambda: services.reject_submission(
            submission_id=submission_id,
            reviewer=request.user.get_username(),
            reason=form.cleaned_data["stored_reason"],
            notes=form.cleaned_data["notes"],
            form_nonce=request.POST.get("form_nonce", ""),
        ),
    )


@require_POST
@require_capability("moderate")
def reject_duplicate(request, submission_id: str):
    """One click: reject with "Duplicate of existing question <id>" as the stored reason."""
    _check_id(submission_id)
    form = DuplicateForm(request.POST)
    if not form.is_valid():
        return _refused(request, submission_id, feedback.not_rejected(form.problems()))
    return _reject(
        request,
        submission_id,
        lambda: services.reject_as_duplicate(
            submission_id=submission_id,
            reviewer=request.user.get_username(),
            duplicate_of=form.cleaned_data["duplicate_of"],
            notes=form.cleaned_data["notes"],
            form_nonce=request.POST.get("form_nonce", ""),
        ),
    )


def _reject(request, submission_id: str, act) -> HttpResponse:
    try:
        result = act()
    except services.ModerationError as exc:
        return _not_reviewed(request, submission_id, exc)
    return _succeeded(request, result, feedback.rejected(result))


@require_POST
@require_capability("moderate")
def undo(request, submission_id: str):
    """Undo this moderator's (or, for an admin, anyone's) recent approve or reject."""
    _check_id(submission_id)
    try:
        result = services.undo_review(
            submission_id=submission_id,
            actor=request.user.get_username(),
            may_undo_others=can(request.user, "undo_others_reviews"),
            form_nonce=request.POST.get("form_nonce", ""),
        )
    except services.ModerationError as exc:
        in_bulk = request.POST.get("shown_in") == "bulk"
        if exc.final and in_bulk:  # shown again: not offered again
            bulk_session.mark_undo_refused(
                request.session, request.POST.get("bulk", ""), submission_id, str(exc)
            )
        if request.htmx and not in_bulk and exc.pending:
            # Undone elsewhere meanwhile: the queue's toast gives way to the row, as after an
            # undo here, and the message says it was not this undo.
            messages.info(request, str(exc))
            return _queue_row_again(request, submission_id)
        return _refused(request, submission_id, str(exc), final=exc.final)
    messages.success(request, feedback.undone(result))
    kept = None
    if request.POST.get("shown_in") == "bulk":  # the results page shows it undone from now on
        token = request.POST.get("bulk", "")
        bulk_session.mark_undone(request.session, token, submission_id)
        kept = bulk_session.get(request.session, token)
    if request.htmx and request.POST.get("shown_in") == "bulk":
        # A row of a bulk review's results: it says what was undone, where the button was, and
        # the page's count of undone rows follows.
        response = render(
            request,
            "moderation/bulk.html#undone-row",
            {
                "submission_id": submission_id,
                "kept": kept,
                "undone_question": selectors.submission_questions([submission_id]).get(
                    submission_id
                ),
            },
        )
        response["HX-Trigger"] = PENDING_CHANGED
        return response
    if request.htmx:
        return _queue_row_again(request, submission_id)
    return redirect(
        queue_path(request.POST.get("next")) or reverse("moderation:review", args=[submission_id])
    )


def _queue_row_again(request, submission_id: str) -> HttpResponse:
    """The queue row of a submission pending again, in place of its toast, as a fresh page
    shows it (its duplicate warning included), with the page's messages."""
    restored = selectors.queue_row(submission_id)
    response = render(
        request,
        "moderation/queue.html#row-with-messages",
        {
            "submission": restored.submission if restored else None,
            "dup": restored.duplicate if restored else None,
            "here": _back(request.POST),
            "focus_row": True,
            **_page_context(request),
        },
    )
    response["HX-Trigger"] = PENDING_CHANGED
    return response


@require_POST
@require_capability("moderate")
def bulk(request):
    form = BulkForm(request.POST)
    back = _back(request.POST)
    if not form.is_valid():
        return _bulk_refused(request, form, back)
    data = form.cleaned_data
    reason = data.get("stored_reason", "")
    step = bulk_session.step(
        request.session,
        request.POST.get("bulk", ""),
        action=data["action"],
        ids=data["selected"],
        reason_key=data.get("reason") or "",
        reason_text=data.get("reason_text") or "",
        reason=reason,
        next=back,
        confirmed=data["confirmed"],
    )
    kept = step.review
    if step.sent_before:
        messages.info(request, "This bulk review was already sent; nothing more was changed.")
        return redirect("moderation:bulk_results", kept.token)
    if step.instead_of:
        messages.warning(
            request,
            "Nothing was changed: the form sent asked for something other than what its "
            f"confirmation page showed ({step.instead_of}). Confirm this one only if it is what "
            "you want.",
        )
    if not step.send:
        return redirect("moderation:bulk_confirm", kept.token)
    result = services.bulk_review(
        submission_ids=data["selected"],
        action=data["action"],
        reviewer=request.user.get_username(),
        reason=reason,
        notes=data.get("notes", ""),
        approve_anyway=data["approve_anyway"],
        form_nonce=request.POST.get("form_nonce", ""),
        flagged=data["flagged"],
    )
    bulk_session.keep_result(request.session, kept.token, result)
    level = messages.SUCCESS if not result.refused else messages.WARNING
    messages.add_message(request, level, result.summary)
    return redirect("moderation:bulk_results", kept.token)


def _bulk_refused(request, form: BulkForm, back: str) -> HttpResponse:
    """Each field's problem, named as the bulk bar or the confirmation page names it. Sent from
    a confirmation page (its note refused, say): back to that page; else to the queue, with
    what was ticked kept."""
    for problem in form.named_problems():
        messages.error(request, problem)
    kept = bulk_session.get(request.session, request.POST.get("bulk", ""))
    if (
        kept is not None
        and kept.result is None
        and bulk_session.same_selection(
            kept, action=request.POST.get("action", ""), ids=request.POST.getlist("ids")
        )
        # Only what that page lets one change: a refused reason (an admin removed the saved
        # one since) is chosen again on the queue, the confirmation page has no reason field.
        and set(form.errors) <= CONFIRMATION_FIELDS
    ):
        messages.info(request, "Nothing was changed; confirm again once that is put right.")
        return redirect("moderation:bulk_confirm", kept.token)
    # Keep what was ticked: the queue ticks it again (the ids are re-validated there).
    request.session[BULK_SELECTION_KEY] = [
        i for i in request.POST.getlist("ids") if valid_submission_id(i)
    ][:100]
    messages.info(request, "Nothing was changed; your selection is kept.")
    return redirect(back)


@require_GET
@require_capability("moderate")
def bulk_confirm(request, token: str):
    """A bulk review's confirmation, a page of its own: the selection as it is now."""
    kept = bulk_session.get(request.session, token)
    if kept is None:
        return _bulk_gone(request)
    selection = selectors.bulk_selection(
        kept.ids, with_duplicates=kept.action == "approve" and kept.result is None
    )
    return render(
        request,
        "moderation/bulk.html",
        {"kept": kept, "selection": selection, "action": kept.action, "next": kept.next},
    )


@require_GET
@require_capability("moderate")
def bulk_results(request, token: str):
    """A bulk review's results, a page of its own: reloading it or coming back to it re-sends
    nothing."""
    kept = bulk_session.get(request.session, token)
    if kept is None or kept.result is None:
        return _bulk_gone(request)
    return render(
        request,
        "moderation/bulk.html",
        {
            "kept": kept,
            "result": kept.result,
            "questions": selectors.submission_questions(
                [item.submission_id for item in kept.result.items]
            ),
        },
    )


@require_GET
@require_capability("moderate")
def bulk_cancel(request, token: str):
    """The confirmation page's Cancel: back to the queue with the selection still ticked, so
    one unticked by mistake is put right without ticking them all again."""
    kept = bulk_session.get(request.session, token)
    if kept is None:
        return _bulk_gone(request)
    if kept.result is not None:  # confirmed in another tab, or before going Back: it was sent
        messages.info(request, "This bulk review was already sent; nothing more was changed.")
        return redirect("moderation:bulk_results", kept.token)
    request.session[BULK_SELECTION_KEY] = list(kept.ids)[:100]
    messages.info(request, "Cancelled: nothing was changed; your selection is kept.")
    return redirect(kept.next)


def _bulk_gone(request) -> HttpResponse:
    messages.info(
        request,
        "There is no bulk review page at that address now: your last "
        f"{bulk_session.KEPT} are kept while you stay signed in, older ones are not. Opening it "
        "changed nothing; every review done is in the audit log.",
    )
    return redirect("moderation:index")


# --- settings ---------------------------------------------------------------------------------


@require_POST
def shortcuts(request):
    """Turn this staff member's single-key shortcuts on or off (stored with their account)."""
    form = ShortcutsForm(request.POST)
    form.is_valid()
    enabled = bool(form.cleaned_data.get("shortcuts_enabled"))
    preferences.set_shortcuts(request.user, enabled)
    messages.success(
        request,
        f"Keyboard shortcuts are {'on' if enabled else 'off'} for you (saved with your account).",
    )
    return redirect(_back(request.POST))


@require_http_methods(["GET", "POST"])
@require_capability("edit_rejection_reasons", "Only admins can edit the saved rejection reasons.")
def edit_reasons(request):
    """Admins edit the saved rejection reasons (stored in the staff database)."""
    current = [label for key, label in reasons.rejection_reasons() if key != reasons.OTHER_REASON]
    if request.method == "POST":
        form = ReasonsForm(request.POST)
        if form.is_valid():
            try:
                saved = reasons.save_reasons(
                    reasons.parse_reason_lines(form.cleaned_data["reasons"])
                )
            except reasons.InvalidReasons as exc:
                form.add_error("reasons", str(exc))
            else:
                messages.success(
                    request,
                    f"Saved {len(saved) - 1} rejection reasons (plus "
                    "“Other”); moderators see them from their next page.",
                )
                return redirect(reverse("moderation:reasons"))
        status = 400
    else:
        form = ReasonsForm(initial={"reasons": "\n".join(current)})
        status = 200
    return render(
        request, "moderation/reasons.html", {"form": form, "current": current}, status=status
    )
