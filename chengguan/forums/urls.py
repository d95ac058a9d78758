"""Pages of the forums app (namespace "forums", mounted at /forums/): the schedules and the late list, the
year by month, one community, the forums and one forum with its writes."""

from django.urls import path

from .views import actions, pages

app_name = "forums"

urlpatterns = [
    path("", pages.overview, name="overview"),
    path("late/", pages.late, name="late"),
    path("year/", pages.year, name="year"),
    path("list/", pages.forum_list, name="list"),
    path("schedules/new/", actions.new_schedule, name="schedule_new"),
    path("community/<int:pk>/", pages.community, name="community"),
    path("community/<int:pk>/schedule/", actions.edit_schedule, name="schedule_edit"),
    path("community/<int:pk>/new/", actions.schedule_forum, name="forum_new"),
    path("<int:pk>/", pages.forum, name="forum"),
    path("<int:pk>/<str:action>/", actions.forum_action, name="forum_action"),
    path("opinions/<int:pk>/<str:action>/", actions.opinion_action, name="opinion_action"),
]
