from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import NewPasswordForm, SignInForm
from accounts.views import ResetRequestView
from roundtable import pwa

admin.site.site_header = "Roundtable operations"
admin.site.site_title = "Roundtable operations"

auth_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        ResetRequestView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=NewPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("accounts/", include(auth_patterns)),
    path("admin/", admin.site.urls),
    path("manifest.webmanifest", pwa.manifest, name="pwa_manifest"),
    path("sw.js", pwa.service_worker, name="pwa_worker"),
    path("offline/", pwa.offline, name="offline"),
    path("", include("ops.urls")),
    path("", include("accounts.urls")),
    path("", include("codev.urls")),
    path("", include("meetings.urls")),
    path("", include("library.urls")),
    path("", include("vocabulary.urls")),
    path("", include("practice.urls")),
    path("", include("coaching.urls")),
    path("", include("recognition.urls")),
]
