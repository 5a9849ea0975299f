from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ..core.clock import utc_today
from ..core.errors import BadQuery, PageNotFound
from ..core.htmx import wants_part
from ..data.errors import NotFound
from . import selectors
from .queries import RANGE_LENGTHS, CandidateChange, DayQuery, RangeQuery


@require_GET
def index(request):
    """One day's set, exactly as the game would serve it against the current tables."""
    today = utc_today()
    query = DayQuery.from_params(request.GET, today=today)  # BadQuery: the 400 page
    preview = selectors.daily_preview(query.day)
    template = "daily/index.html"
    if wants_part(request):
        template = "daily/_day_step.html"
    return render(
        request,
        template,
        {"query": query, "preview": preview, "today": today, "range_lengths": RANGE_LENGTHS},
    )


@require_GET
def day_address(request, typed: str):
    """/daily/2026-12-08/, the address staff guess for a day: that day's page, which says what
    is wrong with a date that isn't one (it was a bare "nothing at this address")."""
    return redirect(f"{reverse('daily:index')}?{urlencode({'date': typed})}")


@require_GET
def range_view(request):
    """14 or 30 consecutive sets from ONE pool read; questions repeated in the range flagged."""
    today = utc_today()
    query = RangeQuery.from_params(request.GET, today=today)
    daily_range = selectors.daily_range(query.start, query.days)
    return render(
        request,
        "daily/range.html",
        {
            "query": query,
            "daily_range": daily_range,
            "today": today,
            "range_lengths": RANGE_LENGTHS,
        },
    )


@require_POST
def impact(request):
    """The daily-set impact of saving the question form as it is now (the editor's "Check
    daily-set impact"): an htmx fragment, or a whole page without JavaScript."""
    try:
        change = CandidateChange.from_post(request.POST)
        result = selectors.candidate_impact(change)
    except (BadQuery, NotFound) as error:
        reason = str(error) if isinstance(error, BadQuery) else "That question no longer exists."
        if request.htmx:  # shown where the user looks, in the panel (htmx swaps only 2xx)
            return render(request, "daily/_impact_problem.html", {"reason": reason})
        if isinstance(error, NotFound):
            raise PageNotFound(reason) from error
        raise
    context = {"change": result, "candidate": change, "verb": "this change"}
    if request.htmx:
        return render(request, "daily/_change_impact.html", context)
    return render(request, "daily/impact.html", context)
