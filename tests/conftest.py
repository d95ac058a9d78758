import pytest

from chengguan.core.versioning import VersionedCache


@pytest.fixture
def make_user(django_user_model):
    def make(username="user", password="pw-for-tests-1", **extra):
        return django_user_model.objects.create_user(username=username, password=password, **extra)

    return make


@pytest.fixture(autouse=True)
def _fresh_reference_caches():
    """Test rollbacks reset version rows, so a later test could match a stale cached version."""
    for caches in VersionedCache.instances.values():
        for cache in caches:
            cache.invalidate()


@pytest.fixture(autouse=True)
def _own_audit_checkpoints(settings, tmp_path):
    """Each test's audit entries are checkpointed to a file of its own (rolled-back tests reuse ids)."""
    settings.CHENGGUAN_AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.log"
