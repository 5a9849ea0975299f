"""The sign-in forms: password (staff accounts only) and the second factor's codes."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from . import two_factor


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


AUTHENTICATOR_CODE_SHAPE = "Enter the 6-digit code your app shows."
SIGN_IN_CODE_SHAPE = (
    "Enter the 6-digit code your app shows, or a backup code (8 letters and digits)."
)


class AuthenticatorCodeForm(forms.Form):
    """The first code from the app, on set-up. A badly formed one is refused here, unchecked:
    django-otp counts every code it checks and refuses towards a pause before the next."""

    token = forms.CharField(
        max_length=16,
        error_messages={
            "required": AUTHENTICATOR_CODE_SHAPE,
            "max_length": AUTHENTICATOR_CODE_SHAPE,
        },
    )

    def clean_token(self) -> str:
        code = two_factor.normalise_code(self.cleaned_data["token"])
        if not two_factor.is_authenticator_code(code):
            raise forms.ValidationError(AUTHENTICATOR_CODE_SHAPE)
        return code


class SignInCodeForm(forms.Form):
    """The code at sign-in: one from the app or a backup code, refused unchecked (so without a
    pause) unless it has the shape of one of them."""

    token = forms.CharField(
        max_length=16,
        error_messages={"required": SIGN_IN_CODE_SHAPE, "max_length": SIGN_IN_CODE_SHAPE},
    )

    def clean_token(self) -> str:
        code = two_factor.normalise_code(self.cleaned_data["token"])
        if not (two_factor.is_authenticator_code(code) or two_factor.is_backup_code(code)):
            raise forms.ValidationError(SIGN_IN_CODE_SHAPE)
        return code
