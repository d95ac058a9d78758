"""Keys kept outside the database, and the MACs made with them.

A `Keyring` holds the keys of one purpose (the audit chain, personal-data fields…) in a file under
CHENGGUAN_KEYS_DIR (default DATA_DIR/keys, mode 0600), each key named by an id, one of them current. A
fresh installation makes its first key on first use; `rotate()` adds a new current key and keeps the old
ones, so what was written with them still verifies or decrypts. Back the folder up apart from the database:
whoever holds both can rewrite what the keys protect.

MAC algorithms: HMAC-SHA256, or HMAC-SM3 (GB/T 32905) for a bureau that must pass a commercial-cryptography
(商用密码) assessment; CHENGGUAN_CRYPTO_SUITE ("international" or "sm") selects the default."""

import hashlib
import hmac
import json
import os
import secrets
import threading
from pathlib import Path

from django.conf import settings
from gmssl import func, sm3

HMAC_SHA256 = "hmac-sha256"
HMAC_SM3 = "hmac-sm3"
_BLOCK = 64  # bytes: the block size of both SHA-256 and SM3


def default_mac() -> str:
    return HMAC_SM3 if settings.CHENGGUAN_CRYPTO_SUITE == "sm" else HMAC_SHA256


def _sm3(data: bytes) -> bytes:
    return bytes.fromhex(sm3.sm3_hash(func.bytes_to_list(data)))


def _hmac(digest, key: bytes, data: bytes) -> str:
    """HMAC (RFC 2104) over `digest` (bytes → bytes), for hashes the standard library's hmac lacks."""
    if len(key) > _BLOCK:
        key = digest(key)
    key = key.ljust(_BLOCK, b"\0")
    inner = digest(bytes(b ^ 0x36 for b in key) + data)
    return digest(bytes(b ^ 0x5C for b in key) + inner).hex()


def mac(algorithm: str, key: bytes, data: bytes) -> str:
    if algorithm == HMAC_SHA256:
        return hmac.new(key, data, hashlib.sha256).hexdigest()
    if algorithm == HMAC_SM3:
        return _hmac(_sm3, key, data)
    raise ValueError(f"unknown MAC algorithm {algorithm!r}")


def _stamp(path: Path) -> tuple:
    found = path.stat()
    return (str(path), found.st_ino, found.st_mtime_ns)


class Keyring:
    """The keys of one purpose, read from (and, when missing, created in) `<keys dir>/<purpose>.json`."""

    _lock = threading.Lock()

    def __init__(self, purpose: str):
        self.purpose = purpose
        self._ring: dict = {}
        self._seen: tuple | None = None

    @property
    def path(self) -> Path:
        return Path(settings.CHENGGUAN_KEYS_DIR) / f"{self.purpose}.json"

    def _load(self) -> dict:
        """The ring as the file holds it now (re-read only when the file changed)."""
        path = self.path
        try:
            stamp = _stamp(path)
        except FileNotFoundError:
            with self._lock:
                if not path.exists():
                    self._write({"current": "", "keys": {}})
                    self.rotate()
            stamp = _stamp(path)
        if self._seen != stamp:
            self._ring, self._seen = json.loads(path.read_text()), stamp
        return self._ring

    def _write(self, ring: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = self.path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as out:
            json.dump(ring, out, indent=1)
        os.replace(temporary, self.path)

    def current(self) -> tuple[str, bytes]:
        ring = self._load()
        return ring["current"], bytes.fromhex(ring["keys"][ring["current"]])

    def key(self, key_id: str) -> bytes | None:
        found = self._load()["keys"].get(key_id)
        return bytes.fromhex(found) if found else None

    def ids(self) -> list[str]:
        return list(self._load()["keys"])

    def rotate(self) -> dict:
        """Add a new key and make it current; the old ones stay for what they protect."""
        ring = json.loads(self.path.read_text()) if self.path.exists() else {"current": "", "keys": {}}
        key_id = f"k{len(ring['keys']) + 1}"
        ring["keys"][key_id] = secrets.token_hex(32)
        ring["current"] = key_id
        self._write(ring)
        return ring
