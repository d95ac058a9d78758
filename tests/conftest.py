import pytest
from django.contrib.auth.signals import user_logged_in

from chengguan.accounts.middleware import SESSION_VERIFIED
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


def _mark_verified(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_VERIFIED] = True


@pytest.fixture(autouse=True)
def _second_factor_passed(request):
    """Every sign-in of a test (client.login, force_login, the log-in page in a browser test) counts as having
    given its second factor, so tests of other features need no authenticator. Tests marked `second_factor`
    go through the real second step."""
    if request.node.get_closest_marker("second_factor"):
        yield
        return
    user_logged_in.connect(_mark_verified, dispatch_uid="tests-second-factor")
    yield
    user_logged_in.disconnect(dispatch_uid="tests-second-factor")
