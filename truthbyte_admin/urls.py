from django.conf import settings
from django.urls import include, path, re_path

from .accounts.views import LoginView, LogoutView, verify_second_factor
from .core import views as core_views
from .home import views as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("login/", LoginView.as_view(), name="login"),
    path("login/verify/", verify_second_factor, name="verify_second_factor"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("account/", include("truthbyte_admin.accounts.urls")),
    path("queue/", include("truthbyte_admin.moderation.urls")),
    path("questions/retired/", include("truthbyte_admin.retired.urls")),
    path("questions/", include("truthbyte_admin.questions.urls")),
    path("categories/", include("truthbyte_admin.categories.urls")),
    path("players/", include("truthbyte_admin.players.urls")),
    path("daily/", include("truthbyte_admin.daily.urls")),
    path("audit/", include("truthbyte_admin.auditlog.urls")),
]

if settings.DEBUG:
    # Under `make run` (DEBUG on) an unknown URL gets the app's own 404 page, not Django's
    # debug page listing every URL pattern. Must stay the last pattern.
    # [\s\S]: a newline in the address (%0A) is still this page, never the debug one.
    urlpatterns.append(re_path(r"^[\s\S]*\Z", core_views.debug_not_found))

handler400 = "truthbyte_admin.core.views.bad_request"
handler403 = "truthbyte_admin.core.views.permission_denied"
handler404 = "truthbyte_admin.core.views.page_not_found"
handler500 = "truthbyte_admin.core.views.server_error"
