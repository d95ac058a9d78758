from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.security, name="security"),
    path("verify/", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("password/", views.password, name="password"),
    path("sessions/<int:session_id>/end/", views.end_session, name="end_session"),
    path("tokens/", views.issue_token, name="issue_token"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
]
