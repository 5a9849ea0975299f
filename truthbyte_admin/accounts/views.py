"""Signing in and out (password, then the second factor), one's own security page (password,
second factor), and the admins' staff accounts page (unlock, reset a second factor)."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import update_last_login
from django.contrib.auth.password_validation import password_validators_help_texts
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from ..core.errors import PageNotFound
from ..core.links import local_path
from ..core.params import shown
from . import events, lockout, signed_out, staff, two_factor
from .forms import (
    AuthenticatorCodeForm,
    CurrentPasswordForm,
    OwnPasswordChangeForm,
    SignInCodeForm,
    StaffAuthenticationForm,
)
from .roles import require_capability


class LoginView(auth_views.LoginView):
    """Django's login; django-axes refuses locked-out attempts (see ``lockout``), and a second
    factor is asked for next when the account has one or must have one."""

    template_name = "accounts/login.html"
    authentication_form = StaffAuthenticationForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = lockout.normalise(request.POST.get("username"))
        with lockout.one_attempt_at_a_time(username, lockout.client_address(request)):
            return super().post(request, *args, **kwargs)

    def get_redirect_url(self):
        # The one rule of where signing in goes on to, with or without a second factor.
        return _safe_next(self.request)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **_sign_in_notices(self.request),
            "tries_left": lockout.tries_left(self.request),
            "pause": lockout.describe_wait(lockout.seconds()),
        }

    def form_valid(self, form):
        user = form.get_user()
        response = super().form_valid(form)
        signed_out.remember_unsaved(self.request)
        if two_factor.second_step_after_password(user) is not None:
            # Only the password so far: signed in (audit log, last_login) once the code is
            # entered or the required set-up done.
            self.request.session[SIGN_IN_PENDING] = True
            return HttpResponseRedirect(_with_next(reverse("verify_second_factor"), self.request))
        sign_in_complete(self.request, user)
        return response


@method_decorator(login_not_required, name="dispatch")  # signed out already: nothing to ask
class LogoutView(auth_views.LogoutView):
    # Open to anyone, so that a signed-out visit (a bookmark, Back) gets the app's "use the
    # page's button" page rather than a sign-in that lands there; a POST just signs out.
    def post(self, request, *args, **kwargs):
        username = request.user.get_username() if request.user.is_authenticated else ""
        # Signed out before the second factor: no sign-in was recorded, so no sign-out is.
        completed = username and SIGN_IN_PENDING not in request.session
        response = super().post(request, *args, **kwargs)
        if username:
            if completed:
                events.record(username, "sign_out", address=lockout.client_address(request))
            # Said on the sign-in page it lands on (the session is a new, anonymous one).
            messages.info(request, f"Signed out {username}.")
        return response


# In the session between a password accepted and the second factor that completes the sign-in.
SIGN_IN_PENDING = "accounts.sign_in_pending"


def sign_in_complete(request, user, *, second_factor: str = "") -> None:
    """The sign-in is complete (password, then the code or set-up if any): recorded as
    "Signed in" in the audit log and as the account's last sign-in, and said."""
    request.session.pop(SIGN_IN_PENDING, None)
    update_last_login(None, user)
    details = {"second_factor": second_factor} if second_factor else {}
    events.record(
        user.get_username(), "sign_in", address=lockout.client_address(request), **details
    )
    messages.success(request, f"Signed in as {user.get_username()}.")
    signed_out.remind_after_sign_in(request)


def _safe_next(request) -> str:
    """The page to go on to after signing in, if it is one of this site's ("" if not). Never
    the sign-out page: opened, it only says to use the button (signing out is a form)."""
    target = local_path(request.POST.get("next") or request.GET.get("next")) or ""
    return "" if urlsplit(target).path == reverse("logout") else target


def _with_next(url: str, request) -> str:
    target = _safe_next(request)
    return f"{url}?{urlencode({'next': target})}" if target else url


def _next_or_home(request) -> str:
    return _safe_next(request) or reverse("home")


def _sign_in_notices(request) -> dict:
    """Sent here from a page (``next``): signed out; from a change: not saved either."""
    return {
        "sent_from_page": bool(_safe_next(request)),
        "unsaved": signed_out.told_unsaved(request),
        "session_ended": signed_out.ended_because(request),
        "session_hours": signed_out.session_hours(),
    }


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in page again, saying how long this lockout has left.
    For someone signed in (a wrong current password on the Account security page), the page
    they were on, which already says so."""
    if request.user.is_authenticated and original_response is not None:
        return original_response
    username = lockout.normalised_username(request, credentials)
    lock = lockout.current_lockout(username, lockout.client_address(request))
    seconds = lockout.seconds_to_wait(lock)
    form = StaffAuthenticationForm(request, initial={"username": username or ""})
    response = render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "locked_out": True,
            "wait": lockout.describe_wait(seconds),
            "lock_scope": lock.scope if lock else "account",
            "next": request.POST.get("next", ""),
            **_sign_in_notices(request),
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def _password_refused(page: HttpResponse, form) -> HttpResponse:
    """A page whose form refused the current password: 400, or 429 saying when to try again
    (Retry-After, as the sign-in page's) while this account is paused at this address."""
    seconds = form.seconds_locked_out
    if seconds is None:
        page.status_code = 400
    else:
        page.status_code = 429
        page["Retry-After"] = str(seconds)
    return page


# --- second factor -----------------------------------------------------------------------------


@login_not_required  # the sign-in's second step
@require_http_methods(["GET", "POST"])
def verify_second_factor(request):
    """Step two of signing in: a code from the authenticator app, or a backup code."""
    user = request.user
    if not user.is_authenticated:
        # Signed out (a bookmark, Back after signing out): the first step, not the set-up
        # page's sign-in, which would land there.
        return HttpResponseRedirect(_with_next(reverse("login"), request))
    due = two_factor.second_step_due(user)
    if due is None:  # verified, or signed in with the password alone
        if not user.is_verified() and request.session.get(SIGN_IN_PENDING):
            sign_in_complete(request, user)  # its second factor went meanwhile: done
        return HttpResponseRedirect(_next_or_home(request))
    if due == "set_up":
        return HttpResponseRedirect(_with_next(reverse("second_factor_setup"), request))
    if request.method == "GET":
        return _verify_page(request, SignInCodeForm())
    form = SignInCodeForm(request.POST)
    if form.is_valid():
        code = form.cleaned_data["token"]
        address = lockout.client_address(request)
        if wait := two_factor.sign_in_pause_left(user, code):
            form.add_error("token", _paused(wait))  # not checked, so not a failed attempt
        elif device := two_factor.verify(user, code):
            otp_login(request, device)
            sign_in_complete(request, user, second_factor=device.name)
            return HttpResponseRedirect(_next_or_home(request))
        else:
            events.record(user.get_username(), "second_factor_failed", address=address)
            form.add_error(
                "token", "That code is not valid (or was already used). Try the next one."
            )
    return _verify_page(request, form, status=400)


def _verify_page(request, form, status: int = 200):
    return render(
        request,
        "accounts/verify.html",
        {"form": form, "next": _next_param(request), "half_signed_in": True},  # "code" due
        status=status,
    )


def _paused(wait: int) -> str:
    """The message for a code refused unchecked during django-otp's pause after wrong codes."""
    if not wait:
        return ""
    return (
        f"After a wrong code, the next one is checked only after a pause: wait {wait} "
        f"second{'s' if wait != 1 else ''}, then enter the code your app shows."
    )


def _next_param(request) -> str:
    return request.POST.get("next") or request.GET.get("next") or ""


@require_http_methods(["GET", "POST"])
def second_factor_setup(request):
    """Enrol an authenticator app: scan the QR code (or type the key), confirm with one code.
    Confirmed, the new backup codes are shown on a page of their own (Post/Redirect/Get)."""
    user = request.user
    if two_factor.second_step_due(user) == "code":
        # Replacing a second factor needs the current one first.
        return HttpResponseRedirect(_with_next(reverse("verify_second_factor"), request))
    if request.method == "GET":
        return _setup_page(request, two_factor.pending_authenticator(user), AuthenticatorCodeForm())
    device = two_factor.authenticator_being_set_up(user)
    if device is None:
        return _set_up_already(request)
    if _password_asked_again(request):
        password = CurrentPasswordForm(request, request.POST)
        if not password.is_valid():  # the code is not checked, nor counted
            page = _setup_page(request, device, AuthenticatorCodeForm(), password)
            return _password_refused(page, password)
    form = AuthenticatorCodeForm(request.POST)
    if form.is_valid():
        code = form.cleaned_data["token"]
        had_codes = two_factor.backup_codes_left(user) > 0  # replaced by the set-up (new phone)
        if wait := two_factor.pause_left([device]):
            form.add_error("token", _paused(wait))
        elif (codes := two_factor.confirm_authenticator(user, device, code)) is not None:
            otp_login(request, device)
            events.record(
                user.get_username(),
                "second_factor_enrolled",
                address=lockout.client_address(request),
            )
            if request.session.get(SIGN_IN_PENDING):  # the set-up its sign-in needed
                sign_in_complete(request, user, second_factor=device.name)
            _show_once(request, codes, then=_next_or_home(request), replaced=had_codes)
            return redirect("new_backup_codes")
        else:
            form.add_error(
                "token",
                "That code doesn't match. Check the app's clock, then enter the code it shows "
                "after a short pause: after a wrong code the next one is checked only after "
                "a wait (1 second, then longer after each wrong one).",
            )
    return _setup_page(request, device, form, status=400)


def _password_asked_again(request) -> bool:
    """Whether a set-up asks for the password first: always, but right after the sign-in that
    checked it (the set-up that sign-in needs). A session left open (a new phone, or a set-up
    due after an admin's reset) can't put another authenticator in place of the owner's."""
    return not request.session.get(SIGN_IN_PENDING)


def _setup_page(request, device, form, password_form=None, status: int = 200):
    replacing = two_factor.is_enrolled(request.user)
    asked = _password_asked_again(request)
    context = {
        "form": form,
        "password_form": (password_form or CurrentPasswordForm(request)) if asked else None,
        "qr_code": two_factor.qr_code_data_uri(device),
        "secret": two_factor.secret_for_typing(device),
        "required": two_factor.required_by_role(request.user),
        "set_up_due": two_factor.set_up_due(request.user),
        # Moving to a new phone: the app in use keeps working until this one is confirmed.
        "replacing": replacing,
        # Set up because the sign-in needs it: nothing else opens before it is done.
        "half_signed_in": two_factor.second_step_due(request.user) == "set_up",
        "next": _next_param(request),
    }
    return render(request, "accounts/setup.html", context, status=status)


def _set_up_already(request):
    """A set-up form sent when no set-up is open: sent again (Back, a reload) after it was
    confirmed, or after an admin's reset. Nothing is checked or made from it."""
    if NEW_BACKUP_CODES in request.session:
        # Sent twice quickly: the first send's codes are still to be shown. Show them.
        return redirect("new_backup_codes")
    if two_factor.is_enrolled(request.user):
        messages.info(
            request,
            "Two-factor sign-in is already on: that set-up form was sent again, so "
            "nothing changed.",
        )
        return redirect("account_security")
    messages.info(
        request,
        "That set-up page was out of date: scan this code (or type the key) and enter "
        "the code your app shows.",
    )
    return HttpResponseRedirect(_with_next(reverse("second_factor_setup"), request))


# The backup codes just made, between the POST that made them and the page that shows them.
NEW_BACKUP_CODES = "accounts.new_backup_codes"


def _show_once(request, codes: list[str], then: str, *, replaced: bool) -> None:
    """``replaced``: there were backup codes before, which these replace."""
    request.session[NEW_BACKUP_CODES] = {"codes": codes, "then": then, "replaced": replaced}


@require_GET
def new_backup_codes(request):
    """The backup codes just made, shown once: this page forgets them as it shows them, so a
    reload neither shows them again nor makes others."""
    shown = request.session.pop(NEW_BACKUP_CODES, None)
    if shown is None:
        messages.info(
            request,
            "Backup codes are shown only once, right after they are made. If you didn't "
            "keep yours, make new ones (the old ones then stop working).",
        )
        return redirect("account_security")
    context = {"codes": shown["codes"], "next": shown["then"], "replaced": shown.get("replaced")}
    return render(request, "accounts/backup_codes.html", context)


# The message after a password change, shown in the page's Password section (where the form was).
PASSWORD_CHANGED_TAG = "password-changed"


@require_http_methods(["GET", "POST"])
def security(request):
    """The signed-in user's password (change it) and second factor (its state, the ways to
    change it)."""
    if request.method == "GET":
        return _security_page(request, OwnPasswordChangeForm(request.user, request))
    change = staff.change_own_password(request, request.POST)
    if change.other_sessions_ended is None:
        form = change.form
        return _password_refused(_security_page(request, form), form)
    ended = change.other_sessions_ended
    others = (
        f" Your {ended} other session{'s' if ended != 1 else ''} (other browsers or devices) "
        f"{'were' if ended != 1 else 'was'} signed out."
        if ended
        else " You had no other session open."
    )
    messages.success(
        request,
        "Password changed. Use the new one from your next sign-in; you stay signed in here."
        + others,
        extra_tags=PASSWORD_CHANGED_TAG,
    )
    return redirect("account_security")


def _security_page(request, form, status: int = 200):
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "password_form": form,
            "password_help": password_validators_help_texts(),
            "password_changed_tag": PASSWORD_CHANGED_TAG,
            "enrolled": two_factor.is_enrolled(user),
            "required": two_factor.required_by_role(user),
            "backup_codes_left": two_factor.backup_codes_left(user),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def replace_backup_codes(request):
    """GET: the confirmation page. POST with confirmed=yes: new backup codes (the old ones stop
    working), shown once on their own page. POST without: the confirmation page."""
    user = request.user
    if not two_factor.is_enrolled(user):
        # Backup codes alone would count as a second factor, asked for at every sign-in.
        messages.info(request, "Backup codes come with an authenticator app: set one up first.")
        return redirect("account_security")
    if request.method == "GET" or request.POST.get("confirmed") != "yes":
        return _replace_backup_codes_page(request, CurrentPasswordForm(request))
    password = CurrentPasswordForm(request, request.POST)
    if not password.is_valid():
        return _password_refused(_replace_backup_codes_page(request, password), password)
    had_codes = two_factor.backup_codes_left(user) > 0
    codes = two_factor.replace_backup_codes(user)
    events.record(
        user.get_username(), "backup_codes_replaced", address=lockout.client_address(request)
    )
    _show_once(request, codes, then=reverse("account_security"), replaced=had_codes)
    return redirect("new_backup_codes")


def _replace_backup_codes_page(request, password_form, status: int = 200):
    return render(
        request,
        "accounts/replace_backup_codes.html",
        {
            "backup_codes_left": two_factor.backup_codes_left(request.user),
            "new_count": two_factor.BACKUP_CODE_COUNT,
            "password_form": password_form,
        },
        status=status,
    )


# --- staff accounts (admins) ---------------------------------------------------------------------

MANAGE_STAFF = (
    "Only admins can see staff accounts, unlock sign-ins or reset a colleague's two-factor."
)


@require_GET
@require_capability("manage_staff", MANAGE_STAFF)
def staff_accounts(request):
    return render(
        request,
        "accounts/staff.html",
        {
            "members": staff.staff_members(),
            "locked_addresses": lockout.address_lockouts(),
            "address_limit": settings.LOGIN_ADDRESS_FAILURE_LIMIT,
            "lockout_wait": lockout.describe_wait(lockout.seconds()),
        },
    )


@require_POST
@require_capability("manage_staff", MANAGE_STAFF)
def unlock_staff(request, username: str):
    _staff_account(username)
    unlocked = staff.unlock(
        username, admin=request.user.get_username(), address=lockout.client_address(request)
    )
    cleared = unlocked.failures_cleared
    if cleared:
        text = (
            f"Unlocked {username}: {cleared} failed sign-in{'s' if cleared != 1 else ''} forgotten"
        )
    else:
        text = f"{username} had no failed sign-in to forget; nothing changed"
    if unlocked.locked_addresses:
        # Forgetting this account's failures doesn't lift an address lockout (any username).
        where = ", ".join(
            f"{lock.address} (until {lock.ends_by:%H:%M} UTC)" for lock in unlocked.locked_addresses
        )
        messages.warning(
            request,
            f"{text}. Sign-ins from {where} are still refused for every username: if "
            f"{username} signs in from there, unlock that address too (Locked addresses below).",
        )
    elif cleared:
        messages.success(request, f"{text}, they can sign in again now.")
    else:
        messages.info(request, f"{text}.")
    _audit_missing(request, unlocked.audit_not_written)
    return redirect("staff_accounts")


def _audit_missing(request, why: str | None) -> None:
    """Said beside the change's own message: it is made, its audit log entry is not."""
    if why:
        messages.warning(
            request, f"That change is made, but its audit log entry could not be written: {why}"
        )


@require_POST
@require_capability("manage_staff", MANAGE_STAFF)
def unlock_address(request):
    """Lift an address lockout (one address, too many failures with any usernames)."""
    locked_address = lockout.valid_address(request.POST.get("address", ""))
    if locked_address is None:
        messages.error(request, "That is not a network address; nothing changed.")
        return redirect("staff_accounts")
    done = staff.unlock_address(
        locked_address, admin=request.user.get_username(), address=lockout.client_address(request)
    )
    cleared = done.count
    if cleared:
        messages.success(
            request,
            f"Unlocked the address {locked_address}: {cleared} failed sign-in"
            f"{'s' if cleared != 1 else ''} from there forgotten; sign-ins from it are taken "
            "again now.",
        )
    else:
        messages.info(
            request, f"{locked_address} had no failed sign-in to forget; nothing changed."
        )
    _audit_missing(request, done.audit_not_written)
    return redirect("staff_accounts")


@require_http_methods(["GET", "POST"])
@require_capability("manage_staff", MANAGE_STAFF)
def reset_staff_two_factor(request, username: str):
    """GET, or a POST not confirmed (the Staff page's dialog never opened: no JavaScript): the
    confirmation page. POST with confirmed=yes: the reset."""
    user = _staff_account(username)
    if user.pk == request.user.pk:
        # One's own goes through the Account page, which asks for the password first.
        messages.info(
            request,
            "Your own two-factor sign-in is changed on your Account page (Move to a new phone), "
            "which asks for your password first. Nothing changed.",
        )
        return redirect("account_security")
    if request.method == "GET" or request.POST.get("confirmed") != "yes":
        return render(
            request,
            "accounts/reset_two_factor_confirm.html",
            {"member": username, "enrolled": two_factor.is_enrolled(user)},
        )
    done = staff.reset_two_factor(
        user, admin=request.user.get_username(), address=lockout.client_address(request)
    )
    if done.count:
        messages.success(
            request,
            f"Reset {username}'s two-factor sign-in: their authenticator app and backup codes no "
            "longer work; they must set it up again at their next sign-in (or on their next "
            "page, if signed in now) before they can go on.",
        )
    else:
        messages.info(request, f"{username} had no two-factor sign-in set up; nothing changed.")
    _audit_missing(request, done.audit_not_written)
    return redirect("staff_accounts")


def _staff_account(username: str):
    user = staff.find(username)
    if user is None:
        raise PageNotFound(f"There is no staff account “{shown(username, limit=80)}”.")
    return user
