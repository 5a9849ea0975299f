from __future__ import annotations

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..accounts.roles import can
from ..core.htmx import wants_part
from . import export, selectors
from .queries import AuditQuery

SECURITY_CAPABILITY = "view_sign_in_events"


@require_GET
def index(request):
    # Served from the staff copy of the audit table (SQL only, no DynamoDB request).
    include_security = can(request.user, SECURITY_CAPABILITY)
    query = AuditQuery.from_params(request.GET)  # BadQuery: the 400 page
    listing = selectors.audit_page(query, include_security=include_security)
    template = "auditlog/index.html"
    if wants_part(request):
        template += "#results"
    return render(
        request,
        template,
        {"listing": listing, "query": query, "include_security": include_security},
    )


@require_GET
def export_csv(request):
    include_security = can(request.user, SECURITY_CAPABILITY)
    query = AuditQuery.from_params(request.GET)  # BadQuery: the 400 page
    records = selectors.export_records(query, include_security=include_security)
    response = StreamingHttpResponse(export.lines(records), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response
