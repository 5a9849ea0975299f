from django.urls import path, register_converter

from . import views


class CategoryKeyConverter:
    """Any category key in an address, "/" included: legacy categories the game wrote verbatim
    may hold one ("sci/fi"); the views validate the value.

    Except a key with a "." or ".." segment ("a/../b"): a browser resolves those before it sends
    the form, so Rename or Delete would go to another category ("b"). ``to_url`` refuses such a
    key; ``{% url … as %}`` then gives nothing, and the page offers no form for it.
    """

    regex = ".+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        value = str(value)
        if any(segment in (".", "..") for segment in value.split("/")):
            raise ValueError("a dot segment: a browser would send the form elsewhere")
        return value


register_converter(CategoryKeyConverter, "category_key")

app_name = "categories"
urlpatterns = [
    path("", views.index, name="index"),
    path("reconcile/", views.reconcile, name="reconcile"),
    path("verify/", views.verify_now, name="verify"),
    path("verify/status/", views.verify_status, name="verify-status"),
    path("<category_key:slug>/rename/", views.rename, name="rename"),
    path("<category_key:slug>/delete/", views.delete, name="delete"),
    path("<category_key:slug>/put-back/", views.put_back, name="put-back"),
]
