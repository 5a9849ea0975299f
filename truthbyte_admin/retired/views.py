"""Retired questions: the list, a retired question's own page, and restore."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from ..accounts.roles import refusal, require_capability
from ..core.errors import BadQuery, PageNotFound
from ..core.links import audit_log_url
from ..core.params import not_a_question_id
from ..data import audit
from . import selectors, services
from .queries import RetiredQuery

EDIT_CAPABILITY = "edit_questions"


@require_GET
def index(request):
    query = RetiredQuery.from_params(request.GET)  # BadQuery, InvalidCursor: the 400 page
    listing = selectors.retired_page(query)
    return render(
        request,
        "retired/list.html",
        {"listing": listing, "query": query},
    )


@require_http_methods(["GET", "POST"])
@require_capability(EDIT_CAPABILITY, refusal(EDIT_CAPABILITY, "restore questions"))
def restore(request, question_id: str):
    """GET or POST without confirmed=yes: the confirmation page (or, when the id is in use
    again, the page saying the restore would be refused). POST confirmed: restore."""
    if refusal := not_a_question_id(question_id):
        # the 400 page, never a lookup (DynamoDB refuses a key over 2 KB)
        raise BadQuery(refusal)
    params = request.POST if request.method == "POST" else request.GET
    retired_key = (params.get("retired_key") or "").strip()
    if len(retired_key) > 200:
        raise BadQuery("That restore link is not one of ours.")
    target = selectors.restore_target(question_id, retired_key)
    if target.names_another:  # an altered or mistyped link
        messages.info(
            request,
            f"That restore link doesn't name a kept copy of question {question_id}; "
            "nothing was changed. Its retired copy is in this list.",
        )
        return _back_to_list(request)
    copy = target.copy
    if copy is None:
        return _nothing_to_restore(request, question_id)
    if copy.restored:  # a colleague restored it after this page loaded
        return _already_restored(request, copy)
    if request.method == "GET" or params.get("confirmed") != "yes":
        return _confirmation(request, copy)
    try:
        services.restore_question(
            question_id=question_id,
            retired_key=copy.retired_key,
            actor=request.user.get_username(),
            form_nonce=request.POST.get("form_nonce", ""),
        )
    except services.AlreadyRestored as exc:
        return _already_restored(request, exc.copy)
    except services.RestoreRefused as exc:
        messages.error(request, str(exc))
        return redirect("retired:index")
    messages.success(
        request,
        f"Restored question {question_id} exactly as it was stored, with its "
        f"{len(copy.index_items)} category listing{'' if len(copy.index_items) == 1 else 's'} "
        "and counts. Players can get it again.",
    )
    return redirect("questions:detail", question_id=question_id)


def _confirmation(request, copy):
    """What restoring would do, asked before doing it; or, when another question has the id
    now, that it would be refused and why, with no restore button and no daily-set lines
    (nothing would change)."""
    question_id = copy.question_id
    if services.question_id_in_use(question_id):
        if request.htmx:
            # The retired list's dialog would offer "Yes, restore it" over any fragment: the
            # browser goes to the page saying why it can't be restored instead.
            return HttpResponseClientRedirect(
                reverse("retired:restore", args=[question_id])
                + "?"
                + urlencode({"retired_key": copy.retired_key})
            )
        return render(request, "retired/restore_refused.html", {"copy": copy})
    template = "retired/restore_confirm.html"
    if request.method == "GET" and request.htmx:
        template += "#details"  # the retired list's Restore dialog: the same lines
    return render(
        request,
        template,
        {"copy": copy, "question": copy.question, "change": selectors.restore_impact(copy)},
    )


def _nothing_to_restore(request, question_id: str):
    """An id with no retired copy waiting. A visit (a bookmark, a typed address) gets the 404
    page with the reason, as the retire page answers for an id with no question; a form sent
    from the list, or its dialog's fetch, goes back to the list with the same words."""
    said = f"Question {question_id} has no retired copy waiting to be restored."
    if request.method == "GET" and not request.htmx:
        raise PageNotFound(
            f"{said} It was restored already, or never retired here.",
            history_url=audit_log_url(audit.question_entity(question_id)),
        )
    messages.info(request, said)
    return _back_to_list(request)


def _already_restored(request, copy):
    """Someone else restored it first: who and when, as stored, and what became of it since
    (live: a link to it; retired again; or its id free)."""
    said = services.already_restored_message(copy, actor=request.user.get_username())
    since = selectors.since_restored(copy)
    if since.live:
        text = format_html(
            '{} <a href="{}">Open question {}</a>.',
            said,
            reverse("questions:detail", args=[copy.question_id]),
            copy.question_id,
        )
    elif since.retired_again is not None:
        again = since.retired_again
        text = (
            f"{said} It was retired again since, by {again.retired_by or 'someone'} at "
            f"{again.retired_at:%Y-%m-%d %H:%M} UTC; that copy is in this list."
        )
    else:
        text = f"{said} No question has the id {copy.question_id} now."
    messages.info(request, text)
    return _back_to_list(request)


def _back_to_list(request):
    """To the retired list, where the message is shown; the list's dialog asks with htmx's
    header, so it is told to go there rather than given the list page as its fragment."""
    if request.htmx:
        return HttpResponseClientRedirect(reverse("retired:index"))
    return redirect("retired:index")
