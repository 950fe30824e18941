"""Sign-up confirmed by email, login by email, logout, password reset, lockout, no admin for readers."""
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone


pytestmark = pytest.mark.django_db
PASSWORD = "a-reader-password-7"


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def sign_up(client, email="new@example.org", password=PASSWORD):
    return client.post("/accounts/signup/", {"email": email, "password1": password, "password2": password})


def test_sign_up_makes_an_inactive_account_and_emails_its_link(client):
    response = sign_up(client, "New@Example.org")
    assert response.status_code == 200
    assert "We have sent a link to new@example.org" in response.content.decode()
    user = get_user_model().objects.get(email="new@example.org")
    assert not user.is_active and not user.is_staff and user.username == "new@example.org"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.org"]
    # Before confirming, logging in fails with a message saying why it may fail.
    login = client.post("/accounts/login/", {"username": "new@example.org", "password": PASSWORD})
    assert login.status_code == 200 and "open the link in the email" in login.content.decode()


def test_the_confirmation_link_activates_once_then_login_by_email_works(client):
    sign_up(client)
    link = link_in(mail.outbox[0])
    response = client.get(link, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "Your email is confirmed" in response.content.decode()
    assert get_user_model().objects.get(email="new@example.org").is_active
    assert client.get(link).status_code == 400  # used
    logged_in = client.post("/accounts/login/", {"username": "NEW@example.org", "password": PASSWORD})
    assert logged_in.status_code == 302 and logged_in["Location"] == "/saved/"
    page = client.get("/saved/").content.decode()
    assert "new@example.org" in page and "Log out" in page


def test_a_wrong_confirmation_link_is_a_clear_400(client):
    sign_up(client)
    uid = link_in(mail.outbox[0]).rstrip("/").split("/")[-2]
    assert "This link does not work" in client.get(f"/accounts/confirm/{uid}/wrong-token/").content.decode()
    assert client.get("/accounts/confirm/!!!/x/").status_code == 400
    assert not get_user_model().objects.get(email="new@example.org").is_active


def test_sign_up_refuses_a_taken_email_and_weak_passwords(client, reader):
    taken = sign_up(client, "READER@example.org")
    assert taken.status_code == 400 and "already exists" in taken.content.decode()
    weak = sign_up(client, "weak@example.org", "12345678")
    assert weak.status_code == 400 and "too common" in weak.content.decode()
    mismatch = client.post("/accounts/signup/", {"email": "x@example.org", "password1": PASSWORD, "password2": "other-pass-9"})
    assert mismatch.status_code == 400
    assert not get_user_model().objects.filter(email__in=["weak@example.org", "x@example.org"]).exists()


def test_signing_up_again_before_confirming_resends_the_link_and_keeps_the_password(client):
    sign_up(client)
    sign_up(client, password="another-password-8")
    assert len(mail.outbox) == 2
    user = get_user_model().objects.get(email="new@example.org")
    assert user.check_password(PASSWORD)
    client.get(link_in(mail.outbox[1]))
    assert get_user_model().objects.get(pk=user.pk).is_active


def test_logout_is_a_post(client, reader):
    client.force_login(reader)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "Log in" in client.get("/").content.decode()


def test_header_shows_log_in_and_sign_up_to_anonymous_readers(client, db):
    html = client.get("/search/").content.decode()
    assert 'href="/accounts/login/?next=/search/"' in html and 'href="/accounts/signup/"' in html
    assert "Saved searches" not in html


def test_password_reset_through_the_emailed_link(client, reader):
    response = client.post("/accounts/password-reset/", {"email": "reader@example.org"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password-reset/sent/"
    link = link_in(mail.outbox[0])
    form = client.get(link, follow=True)
    assert form.context["validlink"]
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "brand-new-pass-42", "new_password2": "brand-new-pass-42"})
    assert done.status_code == 302 and done["Location"] == "/accounts/reset/done/"
    assert client.post("/accounts/login/", {"username": "reader@example.org", "password": "brand-new-pass-42"}).status_code == 302


def test_too_many_wrong_passwords_lock_the_login_out(client, reader, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/accounts/login/", {"username": "reader@example.org", "password": "wrong"}).status_code == 200
    locked = client.post("/accounts/login/", {"username": "reader@example.org", "password": "wrong"})
    assert locked.status_code == 429 and "Too many failed logins" in locked.content.decode()
    # Even the right password is refused while locked out.
    right = client.post("/accounts/login/", {"username": "reader@example.org", "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_reader_cannot_reach_the_admin(client, reader):
    client.force_login(reader)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get("/admin/archive/article/").status_code == 302
    # The admin's own login form refuses a reader's right password.
    form = client.post("/admin/login/", {"username": "reader@example.org", "password": PASSWORD})
    assert form.status_code == 200 and "_auth_user_id" in client.session  # still the reader, not staff
    assert client.get("/admin/").status_code == 302


def test_staff_create_accounts_in_the_admin(client, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    client.force_login(admin)
    response = client.post("/admin/auth/user/add/", {
        "username": "helper@example.org", "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true",
    })
    assert response.status_code == 302
    assert django_user_model.objects.filter(username="helper@example.org", is_staff=False).exists()


def test_too_many_sign_ups_from_one_address_are_refused(client, settings):
    from archive.models import SignupAttempt

    settings.ACCOUNT_SIGNUP_LIMIT = 3
    for n in range(3):
        response = client.post("/accounts/signup/", {"email": f"new{n}@example.org", "password1": PASSWORD,
                                                     "password2": PASSWORD})
        assert response.status_code == 200, response.content.decode()[:500]
    refused = client.post("/accounts/signup/", {"email": "new3@example.org", "password1": PASSWORD,
                                                "password2": PASSWORD})
    assert refused.status_code == 429 and "Too many sign-ups" in refused.content.decode()
    assert not get_user_model().objects.filter(email="new3@example.org").exists()
    # Another address is not held back, and the hour passes.
    assert client.post("/accounts/signup/", {"email": "new4@example.org", "password1": PASSWORD, "password2": PASSWORD},
                       REMOTE_ADDR="203.0.113.9").status_code == 200
    SignupAttempt.objects.update(attempted_at=timezone.now() - timedelta(hours=2))
    assert client.post("/accounts/signup/", {"email": "new5@example.org", "password1": PASSWORD,
                                             "password2": PASSWORD}).status_code == 200

