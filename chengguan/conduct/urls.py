"""Pages of the conduct app (namespace "conduct", mounted at /conduct/)."""

from django.urls import path
from django.views.generic import RedirectView

from .views import checks, enforcement, inspections, misc, scores, self_checks, stars, violations

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
    path("checks/", checks.check_list, name="checks"),
    path("checks/new/", checks.check_create, name="check_create"),
    path("checks/summary.pdf", checks.month_summary_pdf, name="checks_summary"),
    path("checks/<int:pk>/", checks.check_detail, name="check"),
    path("checks/<int:pk>/report/", checks.check_report, name="check_report"),
    path("checks/<int:pk>/report.pdf", checks.check_report_pdf, name="check_report_pdf"),
    path("self-checks/", self_checks.phase_list, name="self_checks"),
    path("self-checks/mine/", self_checks.my_self_check, name="my_self_check"),
    path("self-checks/<int:pk>/", self_checks.phase_detail, name="self_check_phase"),
    path("self-checks/<int:pk>/remind/", self_checks.phase_remind, name="self_check_remind"),
    path("self-checks/<int:pk>/summary/", self_checks.phase_summary, name="self_check_summary"),
    path("self-checks/<int:pk>/summary.pdf", self_checks.phase_summary_pdf, name="self_check_summary_pdf"),
]
