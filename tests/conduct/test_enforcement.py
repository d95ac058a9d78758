"""Enforcement records: refused for an auxiliary, an expired certificate or a single device; a valid one
stores its evidence with SHA-256 hashes; altering a stored file is detected; every download is audited."""

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from chengguan.conduct import evidence, services
from chengguan.conduct.models import EnforcementAction, EvidenceFile
from chengguan.core import audit
from chengguan.core.models import AuditEntry

from .conftest import upload, user

pytestmark = pytest.mark.django_db


def record(org, *, lead="officer", officers=(), files=None, actor="officer"):
    start = timezone.now() - timedelta(hours=2)
    return services.record_enforcement_action(
        actor=user(org, actor),
        lead_officer=org[lead],
        officers=[org[o] for o in officers],
        started_at=start,
        ended_at=start + timedelta(minutes=30),
        place="人民路88号",
        legal_basis="《城市市容和环境卫生管理条例》第十四条",
        outcome="责令改正，当场整改完毕",
        evidence=files if files is not None else [("DV-001", upload("a.mp4")), ("DV-002", upload("b.mp4"))],
    )


def test_an_auxiliary_may_not_enforce(org):
    with pytest.raises(services.EnforcementRefused) as refused:
        record(org, lead="auxiliary", actor="discipline")
    assert "赵协管" in " ".join(refused.value.message_dict["officers"])
    # zh-Hans is the default language
    assert "协管人员不得从事行政执法" in " ".join(refused.value.message_dict["officers"])
    assert not EnforcementAction.objects.exists() and not EvidenceFile.objects.exists()


def test_an_auxiliary_among_the_officers_is_refused_too(org):
    with pytest.raises(services.EnforcementRefused) as refused:
        record(org, officers=["auxiliary"])
    assert "officers" in refused.value.message_dict


def test_an_expired_certificate_is_refused(org):
    with pytest.raises(services.EnforcementRefused) as refused:
        record(org, lead="expired", actor="expired")
    assert "王过期" in refused.value.message_dict["officers"][0]
    assert "没有有效的执法证件" in refused.value.message_dict["officers"][0]


def test_one_devices_record_is_not_enough(org, settings):
    with pytest.raises(services.EnforcementRefused) as refused:
        record(org, files=[("DV-001", upload("a.mp4")), ("DV-001", upload("b.mp4"))])
    assert "至少需要 2 台记录设备" in refused.value.message_dict["evidence"][0]
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.mp4"))  # nothing stored


def test_a_valid_action_stores_its_evidence_with_hashes(org):
    action = record(org, officers=["partner"])
    files = list(action.evidence.all())
    assert {f.device for f in files} == {"DV-001", "DV-002"}
    for item in files:
        with item.file.open("rb") as handle:
            import hashlib

            assert hashlib.sha256(handle.read()).hexdigest() == item.sha256
    assert set(action.officers.all()) == {org["officer"], org["partner"]}
    with pytest.raises(ValueError):
        files[0].save()  # never altered


def test_altering_a_stored_file_is_detected(org):
    action = record(org)
    assert evidence.verify_action(action).ok
    stored = action.evidence.first()
    Path(stored.file.path).write_bytes(b"tampered")
    check = evidence.verify_action(action)
    assert not check.ok and "altered" in check.problems[0]
    with pytest.raises(ValueError):
        evidence.export_archive(action, user=user(org, "discipline"))


def test_the_archive_holds_the_files_and_a_manifest_that_verifies(org):
    action = record(org)
    data = evidence.export_archive(action, user=user(org, "discipline"))
    assert evidence.verify_archive(data).ok
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read("manifest.json"))
    assert len(manifest["files"]) == 2
    # Altering a file inside the archive is found as well.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as altered:
        for name in archive.namelist():
            altered.writestr(name, b"x" if name != "manifest.json" else archive.read(name))
    assert not evidence.verify_archive(buffer.getvalue()).ok
    assert AuditEntry.objects.filter(action=evidence.EXPORT).exists()


def test_every_view_of_evidence_is_audited(org):
    action = record(org)
    item = action.evidence.first()
    with evidence.open_evidence(item, user=user(org, "captain")) as handle:
        assert handle.read()
    entry = AuditEntry.objects.get(action=evidence.VIEW)
    assert entry.actor_id == user(org, "captain").pk and entry.target_id == str(item.pk)
    assert audit.verify()[1] is None


def test_only_enforcement_roles_record(org):
    with pytest.raises(PermissionDenied):
        record(org, actor="cleaner")


def test_the_verify_command_names_the_altered_file(org, tmp_path):
    from django.core.management import CommandError, call_command

    action = record(org)
    out = io.StringIO()
    call_command("conduct_verify_evidence", stdout=out)
    assert "2 file(s) checked, all unaltered" in out.getvalue()
    archive = tmp_path / "a.zip"
    archive.write_bytes(evidence.export_archive(action, user=user(org, "discipline")))
    call_command("conduct_verify_evidence", archive=str(archive), stdout=out)
    stored = action.evidence.last()
    Path(stored.file.path).write_bytes(b"tampered")
    with pytest.raises(CommandError) as failed:
        call_command("conduct_verify_evidence", action=action.pk)
    assert "b.mp4" in str(failed.value) and "altered" in str(failed.value)
