"""Reading enforcement evidence: every view or download is written to the audit log; the archive export
(a zip of the files and a manifest with their hashes) and the checks that find an altered file."""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.utils import timezone

from chengguan.core import audit

from .models import EnforcementAction, EvidenceFile, FindingEvidence

VIEW = "conduct.evidence_view"
FINDING_VIEW = "conduct.finding_evidence_view"
EXPORT = "conduct.evidence_export"
MANIFEST = "manifest.json"


def open_evidence(evidence: EvidenceFile, *, user, request=None):
    """The file opened for reading, after an audit entry naming who opened it."""
    audit.record(
        VIEW,
        actor=user,
        target=evidence,
        request=request,
        data={"action": evidence.action_id, "sha256": evidence.sha256},
    )
    return evidence.file.open("rb")


def open_finding_evidence(evidence: FindingEvidence, *, user, request=None):
    """A finding's evidence file opened for reading, after an audit entry naming who opened it."""
    audit.record(FINDING_VIEW, actor=user, target=evidence, request=request, data={"sha256": evidence.sha256})
    return evidence.file.open("rb")


def _hash_file(evidence: EvidenceFile) -> str | None:
    digest = hashlib.sha256()
    try:
        with evidence.file.storage.open(evidence.file.name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except FileNotFoundError:
        return None
    return digest.hexdigest()


@dataclass
class Check:
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_action(action: EnforcementAction) -> Check:
    """Re-hash every stored file of the action against the hash recorded when it was stored."""
    result = Check()
    for evidence in action.evidence.all():
        result.checked += 1
        actual = _hash_file(evidence)
        if actual is None:
            result.problems.append(f"{evidence.original_name}: the stored file is missing")
        elif actual != evidence.sha256:
            result.problems.append(
                f"{evidence.original_name}: the stored file was altered (SHA-256 {actual})"
            )
    return result


def manifest_for(action: EnforcementAction) -> dict:
    return {
        "action": action.pk,
        "case": action.case_id,
        "place": action.place,
        "started_at": action.started_at.isoformat(),
        "ended_at": action.ended_at.isoformat(),
        "legal_basis": action.legal_basis,
        "outcome": action.outcome,
        "officers": [{"name": o.name, "employee_no": o.employee_no} for o in action.officers.all()],
        "exported_at": timezone.now().isoformat(),
        "files": [
            {
                "path": f"files/{e.pk}-{e.original_name}",
                "device": e.device,
                "sha256": e.sha256,
                "size": e.size,
            }
            for e in action.evidence.all()
        ],
    }


def export_archive(action: EnforcementAction, *, user, request=None) -> bytes:
    """A zip with the files and a manifest of their hashes (recorded in the audit log). Refuses to export
    when a stored file no longer matches its hash."""
    check = verify_action(action)
    if not check.ok:
        raise ValueError("; ".join(check.problems))
    manifest = manifest_for(action)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for evidence, entry in zip(action.evidence.all(), manifest["files"], strict=True):
            with evidence.file.open("rb") as handle:
                archive.writestr(entry["path"], handle.read())
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    data = buffer.getvalue()
    audit.record(
        EXPORT,
        actor=user,
        target=action,
        request=request,
        data={"files": len(manifest["files"]), "sha256": hashlib.sha256(data).hexdigest()},
    )
    return data


def verify_archive(data: bytes) -> Check:
    """Check an exported archive: every file the manifest lists is there with its hash."""
    result = Check()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = json.loads(archive.read(MANIFEST))
    except (zipfile.BadZipFile, KeyError, ValueError):
        result.problems.append("not an evidence archive (no readable manifest)")
        return result
    names = set(archive.namelist())
    for entry in manifest.get("files", []):
        result.checked += 1
        if entry["path"] not in names:
            result.problems.append(f"{entry['path']}: missing from the archive")
        elif hashlib.sha256(archive.read(entry["path"])).hexdigest() != entry["sha256"]:
            result.problems.append(f"{entry['path']}: altered (does not match the manifest)")
    extra = names - {MANIFEST} - {entry["path"] for entry in manifest.get("files", [])}
    result.problems.extend(f"{name}: not listed in the manifest" for name in sorted(extra))
    return result
