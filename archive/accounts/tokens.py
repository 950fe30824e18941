"""The token of a sign-up confirmation link."""
from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Like the password-reset token, with its own salt, and void once the account is active.

    The hash covers ``is_active``, so a confirmation link works once; it expires after
    ``PASSWORD_RESET_TIMEOUT`` like a reset link.
    """

    key_salt = "archive.accounts.tokens.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{user.email}{timestamp}"


activation_token = ActivationTokenGenerator()
