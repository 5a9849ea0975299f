from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from . import lockout


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


class LoginView(auth_views.LoginView):
    """Django's login, refusing further tries for a while after repeated failures."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")[:150]
        if lockout.is_locked(username, _address(request)):
            response = self.render_to_response(
                self.get_context_data(
                    form=self.get_form(),
                    locked_out=True,
                )
            )
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        lockout.record_failure(self.request.POST.get("username", "")[:150], _address(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        lockout.clear(form.get_user().get_username(), _address(self.request))
        response = super().form_valid(form)
        messages.success(self.request, f"Signed in as {form.get_user().get_username()}.")
        return response


def logged_out(request) -> HttpResponse:  # pragma: no cover - handled by LogoutView redirect
    return HttpResponse(status=204)
