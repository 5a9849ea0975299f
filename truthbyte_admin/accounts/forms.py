"""The sign-in forms (password, staff accounts only; the second factor's codes) and changing
one's own password."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.views.decorators.debug import sensitive_variables

from . import lockout, two_factor


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


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's form: the current password, then the new one twice, checked by every
    AUTH_PASSWORD_VALIDATORS validator. The current password goes through authenticate(), as at
    sign-in, so django-axes counts a wrong one as a failed sign-in of this account from this
    address and refuses any while that is locked out: a session left open can't be used to
    guess the password faster than the sign-in page allows."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "That is not your current password. Nothing was changed.",
    }

    def __init__(self, user, request, *args, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].error_messages["required"] = "Enter your current password."
        self.fields["new_password1"].error_messages["required"] = "Enter a new password."
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again."

    @sensitive_variables("old_password")
    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        _check_current_password(
            self.request, self.user, old_password, self.error_messages["password_incorrect"]
        )
        return old_password

    def clean(self):
        # As SetPasswordForm.clean, but a validator's objection to the new password is shown at
        # the new password, not at its repetition (which keeps "the two don't match").
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        new, old = self.cleaned_data.get("new_password1"), self.cleaned_data.get("old_password")
        if new and old and new == old and "new_password1" not in self.errors:
            self.add_error(
                "new_password1",
                forms.ValidationError(
                    "That is your current password: choose a different one. Nothing was changed.",
                    code="password_unchanged",
                ),
            )
        return forms.Form.clean(self)

    @property
    def seconds_locked_out(self) -> int | None:
        return _seconds_locked_out(self, "old_password")


@sensitive_variables("password")
def _check_current_password(request, user, password: str, wrong: str) -> None:
    """ValidationError unless ``password`` is the signed-in user's. Through authenticate(), as
    at sign-in: django-axes counts a wrong one as a failed sign-in of this account from this
    address, and refuses any while that is locked out."""
    username = user.get_username()
    address = lockout.client_address(request)
    with lockout.one_attempt_at_a_time(username, address):
        checked = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        seconds = lockout.seconds_to_wait(lockout.current_lockout(username, address))
        raise forms.ValidationError(
            "Too many wrong passwords for this account from this address: try again in "
            f"{lockout.describe_wait(seconds)}. Nothing was changed.",
            code="locked_out",
            params={"seconds": seconds},
        )
    if checked is None or checked.pk != user.pk:
        raise forms.ValidationError(wrong, code="password_incorrect")


class CurrentPasswordForm(forms.Form):
    """The signed-in user's password, asked again before their second factor is changed (a new
    phone, new backup codes): a session left open is not enough to swap it for another."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to confirm it is you."},
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    @sensitive_variables("password")
    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        _check_current_password(
            self.request,
            self.request.user,
            password,
            "That is not your password. Nothing was changed.",
        )
        return password

    @property
    def seconds_locked_out(self) -> int | None:
        return _seconds_locked_out(self, "password")


def _seconds_locked_out(form: forms.Form, field: str) -> int | None:
    """How long until the current password may be tried again, when ``field`` was refused for
    the lockout; else None."""
    for error in form.errors.as_data().get(field, []):
        if error.code == "locked_out":
            return error.params["seconds"]
    return None
