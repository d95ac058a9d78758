"""舆情 pages (namespace "insight", mounted at /insight/)."""

from django.urls import path

from .views import board, digests, media

app_name = "insight"

urlpatterns = [
    path("", board.board, name="board"),
    path("cases.geojson", board.board_geojson, name="board_geojson"),
    path("check/", board.check_now, name="check"),
    path("alerts/<int:pk>/", board.alert, name="alert"),
    path("alerts/<int:pk>/acknowledge/", board.acknowledge, name="acknowledge"),
    path("media/", media.media_list, name="media"),
    path("media/new/", media.media_new, name="media_new"),
    path("digests/", digests.digest_list, name="digests"),
    path("digests/<int:pk>/", digests.digest_detail, name="digest"),
]
