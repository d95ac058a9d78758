from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from chengguan.core.api import not_found

api_v1 = [
    path("grid/", include("chengguan.grid.urls")),
    path("cases/", include("chengguan.cases.api_urls")),
    path("auth/", include("chengguan.accounts.api_urls")),
    re_path(r"", not_found),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    re_path(r"^api/", not_found),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("account/", include("chengguan.accounts.urls")),
    path("cases/", include("chengguan.cases.urls")),
    path("notices/", include("chengguan.notices.urls")),
    path("evaluation/", include("chengguan.evaluation.urls")),
    path("conduct/", include("chengguan.conduct.urls")),
    path("campaigns/", include("chengguan.campaigns.urls")),
    path("forums/", include("chengguan.forums.urls")),
    path("frontage/", include("chengguan.frontage.urls")),
    path("adverts/", include("chengguan.adverts.urls")),
    path("assessment/", include("chengguan.assessment.urls")),
    path("insight/", include("chengguan.insight.urls")),
    path("open311/v2/", include("chengguan.open311.urls")),
    path("field/", include("chengguan.field.urls")),
    path("", include("chengguan.ops.urls")),
    path("", include("chengguan.web.urls")),
    path("", include("chengguan.portal.urls")),
]

# Uploaded media is never served as plain files: case photos go through `cases:photo`, which checks that the
# user may see the case.

admin.site.site_header = _("chengguan digital urban management")
admin.site.site_title = "chengguan"
admin.site.index_title = _("Reference data")
