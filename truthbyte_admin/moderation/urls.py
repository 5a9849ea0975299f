from urllib.parse import quote, unquote

from django.urls import path, register_converter

from . import views


class SubmissionIdConverter:
    """Any submission id the table can hold, "/" and spaces included, as one path segment.

    Ids come from the game's table, so a ``<str:>`` parameter (no "/") would make ``{% url %}``
    raise NoReverseMatch for one odd id and take down the whole queue. ``to_url`` percent-encodes
    everything but letters, digits, "_" and "-" (Django then encodes the "%" once more, so the
    server's decoding of the path leaves "%2F" rather than "/"); ``to_python`` undoes it. Ids
    that are this app's own path words ("count", "bulk") are encoded too, so they still reach the
    review. The views validate what arrives (``forms.valid_submission_id``).
    """

    regex = "[^/]+"
    reserved = frozenset({"count", "bulk", "badge", "duplicates", "shortcuts", "reasons"})

    def to_python(self, value: str) -> str:
        try:
            return unquote(value, errors="strict")
        except UnicodeDecodeError:  # bytes that are no UTF-8 text: no id; the page quotes them
            return value  # as typed, not as the U+FFFD a lenient decoding would make of them

    def to_url(self, value: str) -> str:
        value = str(value)
        if not value:
            raise ValueError("empty submission id")  # NoReverseMatch: nothing to link to
        # "." and "~" are never quoted by quote(); "." or ".." alone would be dot-segments.
        encoded = quote(value, safe="-_").replace(".", "%2E").replace("~", "%7E")
        if value in self.reserved:
            encoded = f"%{ord(value[0]):02X}{encoded[1:]}"
        return encoded


register_converter(SubmissionIdConverter, "submission_id")

app_name = "moderation"
urlpatterns = [
    path("", views.index, name="index"),
    path("count/", views.pending_count, name="count"),
    path("bulk/", views.bulk, name="bulk"),
    path("bulk/<slug:token>/", views.bulk_confirm, name="bulk_confirm"),
    path("bulk/<slug:token>/results/", views.bulk_results, name="bulk_results"),
    path("bulk/<slug:token>/cancel/", views.bulk_cancel, name="bulk_cancel"),
    path("badge/", views.badge, name="badge"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("shortcuts/", views.shortcuts, name="shortcuts"),
    path("reasons/", views.edit_reasons, name="reasons"),
    path("<submission_id:submission_id>/", views.review, name="review"),
    path("<submission_id:submission_id>/approve/", views.approve, name="approve"),
    path("<submission_id:submission_id>/reject/", views.reject, name="reject"),
    path(
        "<submission_id:submission_id>/reject-duplicate/",
        views.reject_duplicate,
        name="reject_duplicate",
    ),
    path("<submission_id:submission_id>/undo/", views.undo, name="undo"),
]
