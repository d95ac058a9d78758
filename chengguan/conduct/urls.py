"""Pages of the conduct app (namespace "conduct", mounted at /conduct/)."""

from django.urls import path
from django.views.generic import RedirectView

from .views import enforcement, inspections, misc, scores, stars, violations

app_name = "conduct"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="conduct:violations"), name="home"),
    path("rules/", misc.rule_book, name="rules"),
    path("inspections/", inspections.inspection_list, name="inspections"),
    path("inspections/new/", inspections.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/close/", inspections.inspection_close, name="inspection_close"),
    path("findings/evidence/<int:pk>/", inspections.finding_evidence, name="finding_evidence"),
    path("violations/", violations.violation_list, name="violations"),
    path("violations/<int:pk>/", violations.violation_detail, name="violation"),
    path("violations/<int:pk>/decide/", violations.violation_decide, name="violation_decide"),
    path("violations/<int:pk>/statement/", violations.violation_statement, name="violation_statement"),
    path("violations/<int:pk>/decision.pdf", violations.violation_letter, name="violation_letter"),
    path("complaints/", violations.complaints, name="complaints"),
    path("scores/", scores.score_table, name="scores"),
    path("scores/export.xlsx", scores.score_export, name="scores_export"),
    path("scores/mine/", scores.score_history, name="my_record"),
    path("scores/staff/<int:pk>/", scores.score_history, name="score_history"),
    path("commendations/new/", misc.commendation_create, name="commendation_create"),
    path("training/", misc.training_list, name="training"),
    path("stars/", stars.honour_roll, name="honour_roll"),
    path("stars/manage/", stars.star_manage, name="stars_manage"),
    path("stars/manage/nominate/", stars.star_nominate, name="star_nominate"),
    path("stars/nominations/<int:pk>/decide/", stars.star_decide, name="star_decide"),
    path("enforcement/", enforcement.enforcement_list, name="enforcement"),
    path("enforcement/new/", enforcement.enforcement_create, name="enforcement_create"),
    path("enforcement/<int:pk>/", enforcement.enforcement_detail, name="enforcement_detail"),
    path("enforcement/<int:pk>/archive.zip", enforcement.enforcement_archive, name="enforcement_archive"),
    path("enforcement/<int:pk>/verify/", enforcement.enforcement_verify, name="enforcement_verify"),
    path("evidence/<int:pk>/", enforcement.evidence_download, name="evidence"),
]
