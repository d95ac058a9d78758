"""The keyed audit chain against someone with database access but not the key: every rewrite, truncation
or recomputation is found by audit_verify, with the key rotated, pruned or under the SM suite."""

import hashlib
import hmac
import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.utils import timezone

from chengguan.core import audit, crypto
from chengguan.core.actors import SystemActor
from chengguan.core.models import AuditEntry, DataVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def write(django_capture_on_commit_callbacks):
    def write(n=4, action=audit.Action.EXPORT, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return [
                audit.record(action, actor_username="tester", data={"rows": i}, **extra) for i in range(n)
            ]

    return write


def _recompute_without_key(start_id: int = 0) -> None:
    """What an attacker can do without the key: recompute every link from `start_id` with plain SHA-256,
    or with an HMAC under a key they might guess (SECRET_KEY)."""
    previous = (
        AuditEntry.objects.filter(id__lt=start_id).order_by("-id").values_list("hash", flat=True).first()
    )
    previous = previous or audit.GENESIS
    for entry in AuditEntry.objects.filter(id__gte=start_id).order_by("id"):
        entry.prev_hash = previous
        entry.hash = hashlib.sha256((previous + audit._canonical(entry)).encode()).hexdigest()
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
        previous = entry.hash


def _broken() -> str:
    with pytest.raises(CommandError) as err:
        call_command("audit_verify")
    return str(err.value)


def test_an_intact_chain_verifies_and_names_its_keys_and_checkpoints(write, capsys):
    write(3)
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "3 entries verified" in out and "3 checkpoints match" in out


def test_editing_an_entry_and_recomputing_the_chain_from_it_is_detected(write):
    entries = write(5)
    AuditEntry.objects.filter(pk=entries[2].pk).update(actor_username="mallory")
    _recompute_without_key(entries[2].pk)
    assert f"entry #{entries[2].pk} was altered" in _broken()


def test_recomputing_every_mac_from_the_first_entry_with_a_guessed_key_is_detected(write, settings):
    write(3)
    for entry in AuditEntry.objects.order_by("id"):
        entry.hash = crypto.mac(
            entry.algorithm,
            settings.SECRET_KEY.encode(),
            (entry.prev_hash + audit._canonical(entry)).encode(),
        )
        AuditEntry.objects.filter(pk=entry.pk).update(hash=entry.hash)
    assert "was altered" in _broken()


def test_removing_the_newest_entry_and_lowering_the_counter_is_detected(write):
    entries = write(4)
    AuditEntry.objects.filter(pk=entries[-1].pk).delete()
    DataVersion.objects.filter(key=audit.CHAIN_LOCK_KEY).update(version=entries[-2].pk)
    assert f"the checkpoint file records entry #{entries[-1].pk}" in _broken()


def test_deleting_every_failed_login_and_recomputing_is_detected(write):
    write(2)
    write(3, action=audit.Action.LOGIN_FAILED)
    write(2)
    first_failed = AuditEntry.objects.filter(action=audit.Action.LOGIN_FAILED).order_by("id").first().pk
    AuditEntry.objects.filter(action=audit.Action.LOGIN_FAILED).delete()
    _recompute_without_key(first_failed)
    assert "was altered" in _broken()


def test_a_rotated_key_signs_new_entries_and_old_ones_still_verify(write, capsys):
    before = write(2)
    call_command("audit_rotate_key")
    after = write(2)
    assert before[0].key_id != after[0].key_id
    call_command("audit_verify")
    assert f"keys: {before[0].key_id}, {after[0].key_id}" in capsys.readouterr().out
    AuditEntry.objects.filter(pk=before[1].pk).update(ip="10.9.9.9")
    assert f"entry #{before[1].pk} was altered" in _broken()


def test_an_entry_signed_with_a_key_the_keyring_lacks_is_reported(write):
    entries = write(2)
    AuditEntry.objects.filter(pk=entries[1].pk).update(key_id="forged")
    assert "names a key ('forged')" in _broken()


def test_pruning_leaves_an_anchor_and_the_rest_verifies(write, capsys):
    old = write(3)
    AuditEntry.objects.filter(pk__in=[e.pk for e in old]).update(at=timezone.now() - timedelta(days=400))
    # The timestamps are part of the MAC: re-sign them as the entries would have been written back then.
    key = audit.KEYRING.key(old[0].key_id)
    previous = audit.GENESIS
    for entry in AuditEntry.objects.order_by("id"):
        entry.prev_hash, entry.hash = previous, None
        entry.hash = audit.compute_hash(entry, key)
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
        previous = entry.hash
    write(2)
    removed = audit.prune(before=timezone.now() - timedelta(days=200), actor=SystemActor("test"))
    assert removed == 3
    call_command("audit_verify")
    assert f"entries up to #{old[-1].pk} pruned" in capsys.readouterr().out


def test_removing_the_oldest_entries_without_pruning_is_detected(write):
    entries = write(4)
    AuditEntry.objects.filter(pk__lte=entries[1].pk).delete()
    assert f"entry #{entries[2].pk} does not follow" in _broken()


def test_pruning_within_the_retention_period_is_refused(write):
    write(2)
    with pytest.raises(ValueError, match="kept for 180 days"):
        audit.prune(before=timezone.now(), actor=SystemActor("test"))
    assert AuditEntry.objects.count() == 2


def test_the_sm_suite_signs_with_hmac_sm3(write, settings, capsys):
    settings.CHENGGUAN_CRYPTO_SUITE = "sm"
    entries = write(2)
    assert {e.algorithm for e in entries} == {crypto.HMAC_SM3}
    call_command("audit_verify")
    AuditEntry.objects.filter(pk=entries[0].pk).update(action="auth.login")
    assert "was altered" in _broken()


def test_hmac_sm3_is_the_rfc_2104_construction():
    """Built as HMAC over SM3; the same construction over SHA-256 gives the standard library's HMAC."""
    sha256 = lambda data: hashlib.sha256(data).digest()  # noqa: E731
    for key in (b"key", b"k" * 100):
        assert crypto._hmac(sha256, key, b"data") == hmac.new(key, b"data", hashlib.sha256).hexdigest()
    assert crypto.mac(crypto.HMAC_SM3, b"key", b"data") != crypto.mac(crypto.HMAC_SM3, b"key2", b"data")
    assert len(crypto.mac(crypto.HMAC_SM3, b"k" * 100, b"data")) == 64
    # GB/T 32905 test vector for SM3 itself: "abc".
    assert crypto._sm3(b"abc").hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def _legacy_chain(n: int) -> list[AuditEntry]:
    """Entries as the unkeyed chain wrote them (plain SHA-256, no key id)."""
    upgrade = importlib.import_module("chengguan.core.migrations.0003_audit_keyed_mac")
    previous, entries = audit.GENESIS, []
    for i in range(n):
        entry = AuditEntry(at=timezone.now(), action="data.export", data={"i": i}, prev_hash=previous)
        entry.hash = hashlib.sha256((previous + upgrade._canonical(entry, keyed=False)).encode()).hexdigest()
        entry.save()
        entries.append(entry)
        previous = entry.hash
    DataVersion.objects.update_or_create(key=audit.CHAIN_LOCK_KEY, defaults={"version": entries[-1].pk})
    return entries


def test_upgrading_re_signs_an_intact_legacy_chain_with_the_key():
    upgrade = importlib.import_module("chengguan.core.migrations.0003_audit_keyed_mac")
    _legacy_chain(3)
    upgrade.resign(django_apps, None)
    assert audit.verify() == (3, None)


def test_upgrading_refuses_a_legacy_chain_that_is_already_broken():
    upgrade = importlib.import_module("chengguan.core.migrations.0003_audit_keyed_mac")
    entries = _legacy_chain(3)
    AuditEntry.objects.filter(pk=entries[1].pk).update(action="auth.login")
    with pytest.raises(RuntimeError, match=f"already broken at entry #{entries[1].pk}"):
        upgrade.resign(django_apps, None)
