"""Player support pages: lookup, profile (streaks side by side + calendar), day, answers.

Read-only for everyone; the two writes (store the recomputed streaks, undo that store) need
"store_streaks".
"""

from __future__ import annotations

import functools
import re

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..accounts.roles import require_capability
from ..core.clock import utc_today
from ..core.errors import BadQuery
from ..data.errors import NotFound
from ..staffindex import selectors as index_selectors
from . import feedback, selectors, services
from .forms import PlayerLookupForm, StoreStreaksForm
from .queries import (
    ProfileQuery,
    clean_user_id,
    parse_answers_filter,
    parse_day,
    player_list_query,
)

# Bad ids and parameters raise BadQuery: the middleware answers with the 400 page.


def _no_such_player(request, user_id: str):
    form = PlayerLookupForm(initial={"user_id": user_id})
    # Part of an id, pasted short, or in capitals: the players it could be (staff index, no
    # DynamoDB request).
    context = {"user_id": user_id, "form": form, "similar": selectors.id_suggestions(user_id)}
    return render(request, "players/not_found.html", context, status=404)


def _about_a_player(view):
    """A page about one player: a player that isn't there (learnt by any read or write the
    view makes) gets the "No such player" page, with the players its id could be."""

    @functools.wraps(view)
    def page(request, user_id: str, *args, **kwargs):
        try:
            return view(request, user_id, *args, **kwargs)
        except NotFound:
            return _no_such_player(request, user_id)

    return page


@require_GET
def index(request):
    """Lookup form (redirects to the profile) and a bounded sample of recently active players."""
    if "user_id" in request.GET:
        form = PlayerLookupForm(request.GET)
        if form.is_valid():
            return redirect("players:detail", user_id=form.cleaned_data["user_id"])
        return render(request, "players/index.html", {"form": form, "recent": None}, status=400)
    # Recently active / id-prefix list: from the staff index (SQL only); a profile re-reads.
    query, prefix_error = player_list_query(request.GET)  # a bad page: the 400 page
    listing = index_selectors.player_list(query)
    in_lower_case = None
    if query.prefix and not listing.total:  # "5EED": the game's ids are lower case
        in_lower_case = selectors.prefix_in_lower_case(query.prefix)
    return render(
        request,
        "players/index.html",
        {
            "form": PlayerLookupForm(),
            "recent": listing.page.object_list,
            "listing": listing,
            "query": query,
            "typed_prefix": request.GET.get("prefix", ""),
            "prefix_error": prefix_error,
            "in_lower_case": in_lower_case,
        },
        status=400 if prefix_error else 200,
    )


@require_GET
@_about_a_player
def detail(request, user_id: str):
    today = utc_today()
    query = ProfileQuery.parse(user_id, request.GET, today=today)  # BadQuery: the 400 page
    # htmx refreshes only the calendar or the facts table: no answers Query, no staff changes.
    target = request.htmx.target if request.htmx else None
    partial = {"calendar-section": "calendar-section", "facts-section": "facts-section"}.get(target)
    profile = selectors.player_profile(query, today=today, whole_page=partial is None)
    template = "players/detail.html" + (f"#{partial}" if partial else "")
    return render(
        request,
        template,
        {"profile": profile, "query": query},
    )


@require_GET
@_about_a_player
def day(request, user_id: str, day: str):
    user_id, on = clean_user_id(user_id), parse_day(day)
    detail_ = selectors.day_detail(user_id, on)
    template = "players/day.html#day-detail" if request.htmx else "players/day.html"
    return render(request, template, {"day": detail_})


@require_GET
@_about_a_player
def answers(request, user_id: str):
    user_id = clean_user_id(user_id)
    filter_ = parse_answers_filter(request.GET)
    history = selectors.answers_history(user_id, filter_)
    return render(request, "players/answers.html", {"user_id": user_id, "history": history})


@require_http_methods(["GET", "POST"])
@require_capability("store_streaks", "Only admins can store recomputed streaks.")
@_about_a_player
def store_streaks(request, user_id: str):
    """GET: the confirmation page. POST: store the documented streaks (admin only)."""
    user_id = clean_user_id(user_id)
    profile_url = reverse("players:detail", args=[user_id])
    form = StoreStreaksForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.store_recomputed_streaks(
                user_id,
                confirmed_current=data["current"],
                confirmed_best=data["best"],
                lower_best=form.lower_best,
                seen_last_active=data["seen_last_active"],
                seen_stored=data["seen_stored"],
                actor=request.user.get_username(),
            )
        except services.AlreadyStored as exc:
            messages.info(request, str(exc))
            return redirect(profile_url)
        except services.StreaksChanged as exc:
            feedback.tell_changed(request, exc)
            return redirect("players:store_streaks", user_id=user_id)
        feedback.tell_stored(request, result)
        return redirect(profile_url)
    review = selectors.streak_review(user_id)
    if request.method == "GET":
        form = StoreStreaksForm(
            initial={
                "current": review.new_current,
                "best": review.recomputed_best,
                "seen_last_active": review.seen_last_active,
                "seen_stored": review.seen_stored,
                "confirm": True,
            }
        )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "players/store_streaks.html",
        {"review": review, "form": form, "profile_url": profile_url},
        status=status,
    )


EVENT_ID = re.compile(r"[0-9a-f]{1,32}")


@require_POST
@require_capability("store_streaks", "Only admins can undo a streak store.")
@_about_a_player
def undo_streaks(request, user_id: str):
    """Put back the streaks a recent "store streaks" replaced (admin only), then the profile."""
    user_id = clean_user_id(user_id)
    event = (request.POST.get("event") or "").strip()
    if not EVENT_ID.fullmatch(event):
        raise BadQuery("This undo names no streak store: open the player's profile and try again.")
    try:
        result = services.undo_streak_store(user_id, event=event, actor=request.user.get_username())
    except services.UndoRefused as exc:
        feedback.tell_undo_refused(request, exc)
    else:
        feedback.tell_undone(request, result)
    return redirect("players:detail", user_id=user_id)
