from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..accounts.roles import can
from .selectors import home_for


@require_GET
def home(request):
    user = request.user
    summary = home_for(
        moderates=can(user, "moderate"),
        curates=can(user, "edit_questions") or can(user, "manage_categories"),
        sees_sign_ins=can(user, "view_sign_in_events"),
    )
    return render(request, "core/home.html", {"home": summary})
