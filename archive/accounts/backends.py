"""Log in with an email address (readers' accounts are known by their email)."""
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Authenticate ``username`` as an email address, case-insensitively.

    Django's ``User.email`` is not unique (staff may create accounts sharing one), so
    only an address that names exactly one account logs in; sign-up refuses an address
    already taken. Inactive accounts (email not yet confirmed) are refused by
    ``user_can_authenticate``, as ModelBackend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password or "@" not in username:
            return None
        users = list(get_user_model()._default_manager.filter(email__iexact=username.strip())[:2])
        if len(users) != 1:
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
