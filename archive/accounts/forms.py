"""Forms of readers' accounts and saved searches."""
from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from archive.models import SavedSearch

#: The alert frequencies as the reader reads them (the model's labels are not translated).
FREQUENCY_LABELS = {
    SavedSearch.Frequency.NONE: _("No alerts"),
    SavedSearch.Frequency.IMMEDIATE: _("Immediately"),
    SavedSearch.Frequency.DAILY: _("Daily"),
    SavedSearch.Frequency.WEEKLY: _("Weekly"),
}


class SignUpForm(BaseUserCreationForm):
    """Email and password twice; the account is made inactive until the email is confirmed.

    The user name is the email (lower-cased), so the admin lists readers by it.
    """

    email = forms.EmailField(label=_("Email"), max_length=150,
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))

    class Meta:
        model = get_user_model()
        fields = ("email",)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        users = get_user_model()._default_manager
        self.pending_user = users.filter(email__iexact=email, is_active=False, last_login__isnull=True).first()
        if self.pending_user is None and (users.filter(email__iexact=email).exists()
                                          or users.filter(username__iexact=email).exists()):
            raise forms.ValidationError(
                _("An account with this email already exists. Log in, or reset its password."), code="taken")
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        user.username = user.email
        user.is_active = False
        user.is_staff = False
        if commit:
            user.save()
        return user


class EmailLoginForm(AuthenticationForm):
    """Django's login form with the email as the name (staff may still give their user name)."""

    username = forms.CharField(label=_("Email"), max_length=254,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "email"}))
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Please enter a correct email and password. If you have just signed up, "
                           "open the link in the email we sent you first."),
    }


class SaveSearchForm(forms.Form):
    """The name of a search being saved, and the search itself (the results page's query string)."""

    name = forms.CharField(label=_("Name"), max_length=200, strip=True)
    query_string = forms.CharField(required=False, max_length=4000, widget=forms.HiddenInput)


class SavedSearchForm(forms.ModelForm):
    """Rename a saved search and choose how often alerts are sent for it."""

    alert_frequency = forms.ChoiceField(label=_("Email alerts"), choices=list(FREQUENCY_LABELS.items()))

    class Meta:
        model = SavedSearch
        fields = ("name", "alert_frequency")
        labels = {"name": _("Name")}
