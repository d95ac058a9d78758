"""Every public service of the taxonomy refuses to run without an actor."""

from chengguan.taxonomy import services
from tests.missing_actor import assert_services_require_actor


def test_every_taxonomy_service_requires_an_actor():
    assert set(assert_services_require_actor(services)) >= {"import_table", "import_file", "export_table"}
