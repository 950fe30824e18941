"""Sign-up and its email confirmation link."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from archive.accounts.forms import SignUpForm
from archive.accounts.throttle import allow_signup
from archive.accounts.tokens import activation_token


def send_confirmation(request, user) -> None:
    """Email ``user`` the link that activates the account (in the interface's language)."""
    path = reverse("accounts:confirm", args=[urlsafe_base64_encode(force_bytes(user.pk)), activation_token.make_token(user)])
    context = {"user": user, "link": request.build_absolute_uri(path), "site": request.get_host()}
    subject = render_to_string("accounts/emails/confirm_subject.txt", context).strip()
    body = render_to_string("accounts/emails/confirm_body.txt", context)
    send_mail(subject, body, None, [user.email])


def signup(request):
    """Email and password; the account stays inactive until the emailed link is opened.

    Signing up again with the address of an account never confirmed sends its link
    again and changes nothing else (so nobody can set a password on another's address).
    Too many sign-ups from one address in an hour are refused (429, archive/accounts/throttle.py).
    """
    if request.user.is_authenticated:
        return redirect("accounts:saved-searches")
    if request.method == "POST" and not allow_signup(request):
        return render(request, "accounts/signup_throttled.html", status=429)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.pending_user or form.save()
        send_confirmation(request, user)
        return render(request, "accounts/signup_done.html", {"email": user.email})
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


def confirm(request, uidb64: str, token: str):
    """Activate the account the link names; a wrong, used or expired link says so (400)."""
    try:
        user = get_user_model()._default_manager.get(pk=int(urlsafe_base64_decode(uidb64)))
    except (ValueError, OverflowError, get_user_model().DoesNotExist):
        user = None
    if user is None or not activation_token.check_token(user, token):
        return render(request, "accounts/confirm_invalid.html", status=400)
    user.is_active = True
    user.save(update_fields=["is_active"])
    messages.success(request, _("Your email is confirmed. You can log in now."))
    return redirect("accounts:login")
