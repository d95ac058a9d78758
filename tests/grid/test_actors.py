"""Every public write of the grid refuses to run without an actor (reading a file is no write)."""

from chengguan.grid import services
from tests.missing_actor import assert_services_require_actor


def test_every_grid_service_requires_an_actor():
    checked = assert_services_require_actor(services, exempt={"load_features"})
    assert checked == ["import_grid"]
