"""Pages of the campaigns app (namespace "campaigns", mounted at /campaigns/)."""

from django.urls import path

from .views import applications, console, public, unit, units

app_name = "campaigns"

urlpatterns = [
    path("", console.campaign_list, name="list"),
    path("launch/", console.launch, name="launch"),
    path("units/", units.unit_list, name="units"),
    path("units/<int:pk>/account/", units.unit_account, name="unit_account"),
    path("<int:pk>/", console.dashboard, name="dashboard"),
    path("<int:pk>/inspectors/", console.inspectors, name="inspectors"),
    path("<int:pk>/apply/", console.apply_on_behalf, name="apply_on_behalf"),
    path("<int:pk>/search/", console.search, name="search"),
    path("<int:pk>/export.xlsx", console.export, name="export"),
    path("<int:pk>/do/<str:action>/", console.act, name="act"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path("applications/<int:pk>/inspect/", applications.inspect, name="inspect"),
    path("applications/<int:pk>/veto/", applications.veto, name="veto"),
    path("applications/<int:pk>/refuse/", applications.refuse, name="refuse"),
    path("applications/<int:pk>/measure/", applications.measure, name="measure"),
    path("applications/<int:pk>/reveal/", applications.reveal_contact, name="reveal"),
    path("applications/<int:pk>/certificate.pdf", applications.staff_certificate, name="certificate"),
    path("evidence/<int:pk>/", applications.evidence_file, name="evidence"),
    path("unit/", unit.home, name="unit_home"),
    path("unit/apply/<int:campaign_pk>/", unit.apply, name="unit_apply"),
    path("unit/applications/<int:pk>/", unit.application, name="unit_application"),
    path("unit/applications/<int:pk>/self-assessment/", unit.self_assess, name="unit_self"),
    path(
        "unit/applications/<int:pk>/certificate.pdf", applications.unit_certificate, name="unit_certificate"
    ),
    path("unit/reports/<int:pk>/", unit.report, name="unit_report"),
    path("public/", public.campaign_list, name="public_list"),
    path("public/<int:pk>/", public.campaign_page, name="public"),
]
