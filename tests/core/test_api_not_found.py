"""A path under /api/ that names no endpoint answers the API's JSON 404, for every method, and never an HTML
page or a redirect to an added slash."""

import pytest


@pytest.mark.parametrize(
    "path",
    ["/api/v1/cases/photos/null,null/", "/api/v1/nothing", "/api/v1/cases/1/accept", "/api/other/"],
)
@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_an_unknown_api_path_is_a_json_404(client, path, method):
    response = getattr(client, method)(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_a_known_path_still_answers(client):
    assert client.get("/api/v1/grid/describe?lng=-180&lat=-90&crs=bd09").status_code == 200
