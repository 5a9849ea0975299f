from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm

from . import lockout


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


class StaffAuthenticationForm(AuthenticationForm):
    """Only staff accounts may sign in (a non-staff account would loop between / and login)."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class LoginView(auth_views.LoginView):
    """Django's login, refusing further tries for a while after repeated failures."""

    template_name = "accounts/login.html"
    authentication_form = StaffAuthenticationForm
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
