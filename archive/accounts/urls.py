"""URLs of readers' accounts (/accounts/...) and saved searches (/saved/...), namespace ``accounts``."""
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from archive.accounts import saved_views, signup
from archive.accounts.feeds import SavedSearchFeed
from archive.accounts.forms import EmailLoginForm

app_name = "accounts"

urlpatterns = [
    path("accounts/signup/", signup.signup, name="signup"),
    path("accounts/confirm/<uidb64>/<token>/", signup.confirm, name="confirm"),
    path("accounts/login/", auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=EmailLoginForm, redirect_authenticated_user=True,
    ), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset_form.html",
        email_template_name="accounts/emails/password_reset_body.txt",
        subject_template_name="accounts/emails/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    ), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"), name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    ), name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"), name="password_reset_complete"),
    path("saved/", saved_views.saved_search_list, name="saved-searches"),
    path("saved/new/", saved_views.save_search, name="save-search"),
    path("saved/<int:pk>/", saved_views.open_saved_search, name="open-saved-search"),
    path("saved/<int:pk>/edit/", saved_views.edit_saved_search, name="edit-saved-search"),
    path("saved/<int:pk>/delete/", saved_views.delete_saved_search, name="delete-saved-search"),
    path("saved/<int:pk>/revoke/", saved_views.revoke_feed, name="revoke-saved-search-feed"),
    path("saved/<str:token>/feed/", SavedSearchFeed(), name="saved-search-feed"),
]
