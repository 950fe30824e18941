"""A mail backend whose server refuses every message (importable by worker processes: no pytest)."""
import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("the mail server closed the connection")
