"""Every public service of the Open311 adapter refuses to run without an actor."""

from chengguan.open311 import services
from tests.missing_actor import assert_services_require_actor


def test_every_open311_service_requires_an_actor():
    assert set(assert_services_require_actor(services)) == {"create_key", "submit_request"}
