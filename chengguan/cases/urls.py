"""Staff console and public follow-up pages (namespace "cases", mounted at /cases/)."""

from django.urls import path, re_path

from .views import actions, board, desk, desk_hints, detail, followup, geojson, inbox, intake, lists, verify

app_name = "cases"

NUMBER = r"(?P<number>\d{6,20})"

urlpatterns = [
    path("", lists.case_list, name="list"),
    path("export/", lists.export, name="export"),
    path("desk/", desk.desk, name="desk"),
    path("desk/batch/", desk.batch_dispatch, name="desk_batch"),
    path("desk/hints/", desk_hints.desk_hints, name="desk_hints"),
    path("desk/close/", desk.batch_close, name="desk_close"),
    re_path(rf"^desk/{NUMBER}/forms/$", desk.row_forms, name="desk_row_forms"),
    path("intake/", intake.intake, name="intake"),
    path("patrol/", intake.patrol, name="patrol"),
    path("categories/lookup/", intake.category_lookup, name="category_lookup"),
    path("intake/duplicates/", intake.duplicate_lookup, name="intake_duplicates"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("verify/", verify.verify_list, name="verify"),
    path("board/", board.board, name="board"),
    path("map.geojson", geojson.cases_geojson, name="geojson"),
    path("photos/<int:pk>/", detail.photo, name="photo"),
    path("f/<str:token>/", followup.follow_up, name="follow_up"),
    path("f/<str:token>/photos/<int:pk>/", followup.follow_up_photo, name="follow_up_photo"),
    re_path(rf"^{NUMBER}/$", detail.detail, name="detail"),
    re_path(rf"^{NUMBER}/reveal/$", detail.reveal, name="reveal"),
    re_path(rf"^{NUMBER}/do/(?P<action>[a-z_]+)/$", actions.act, name="act"),
]
