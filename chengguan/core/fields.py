"""Personal data encrypted at rest, with the key outside the database.

`EncryptedTextField` stores `v1:<key id>:<algorithm>:<base64>`: AES-256-GCM (international suite) or
SM4-CBC with an HMAC-SM3 tag (sm suite), under the current key of `Keyring("fields")`; it reads back
whichever key and algorithm a value names, so `rotate_field_keys` can re-encrypt everything at leisure.
Encryption is randomised, so equal values differ in the database: a field that must be matched for
equality (the same phone, an idempotent replay) keeps a `keyed_hash` beside it, under its own key
(`Keyring("lookup")`, never rotated: rotating it would orphan every stored hash)."""

import base64
import hashlib
import hmac
import os
import re

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import models
from gmssl.sm4 import SM4_DECRYPT, SM4_ENCRYPT, CryptSM4

from . import crypto

FIELDS = crypto.Keyring("fields")
LOOKUP = crypto.Keyring("lookup")
PREFIX = "v1"
AES_GCM = "aesgcm"
SM4_CBC = "sm4cbc"


def default_cipher() -> str:
    from django.conf import settings

    return SM4_CBC if settings.CHENGGUAN_CRYPTO_SUITE == "sm" else AES_GCM


def _sm4(key: bytes, mode: int) -> CryptSM4:
    cipher = CryptSM4()
    cipher.set_key(key[:16], mode)
    return cipher


def encrypt(text: str) -> str:
    key_id, key = FIELDS.current()
    algorithm = default_cipher()
    data = text.encode()
    if algorithm == AES_GCM:
        nonce = os.urandom(12)
        sealed = nonce + AESGCM(key).encrypt(nonce, data, key_id.encode())
    else:
        iv = os.urandom(16)
        body = iv + _sm4(key, SM4_ENCRYPT).crypt_cbc(iv, data)
        sealed = body + bytes.fromhex(crypto.mac(crypto.HMAC_SM3, key[16:], body))
    return f"{PREFIX}:{key_id}:{algorithm}:{base64.b64encode(sealed).decode()}"


def is_encrypted(stored: str) -> bool:
    return stored.startswith(f"{PREFIX}:")


def decrypt(stored: str) -> str:
    _version, key_id, algorithm, payload = stored.split(":", 3)
    key = FIELDS.key(key_id)
    if key is None:
        raise ValueError(f"no key {key_id!r} in the fields keyring")
    sealed = base64.b64decode(payload)
    if algorithm == AES_GCM:
        return AESGCM(key).decrypt(sealed[:12], sealed[12:], key_id.encode()).decode()
    body, tag = sealed[:-32], sealed[-32:]
    if not hmac.compare_digest(bytes.fromhex(crypto.mac(crypto.HMAC_SM3, key[16:], body)), tag):
        raise ValueError("the stored value was altered")
    return _sm4(key, SM4_DECRYPT).crypt_cbc(body[:16], body[16:]).decode()


def current_key_id() -> str:
    return FIELDS.current()[0]


def keyed_hash(kind: str, value: str) -> str:
    """HMAC-SHA256 of `value` under the lookup key, namespaced by `kind`: equal inputs give equal hashes,
    and nobody without the key can test a guessed phone number against one."""
    _key_id, key = LOOKUP.current()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def phone_hash(phone: str) -> str:
    """The keyed hash that stands for a phone number wherever one is matched (the same phone, one ballot
    or one support per phone); "" for no number. Spaces and dashes do not count."""
    phone = re.sub(r"[\s-]+", "", phone or "")
    return keyed_hash("phone", phone) if phone else ""


class EncryptedTextField(models.TextField):
    """Text encrypted in the database and clear in Python. It can be filtered only for being empty or null
    (anything else could never match a randomised ciphertext): match on a keyed hash kept beside it."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "" or not is_encrypted(value):
            return value
        return decrypt(value)

    def get_db_prep_save(self, value, connection):
        if hasattr(value, "as_sql"):  # an expression (F(), Value(…) with its own field) is written as it is
            return value
        value = self.get_prep_value(value)
        if value is None or value == "" or is_encrypted(value):
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        if lookup_name == "exact":
            return EmptyOnlyExact
        return None


class EmptyOnlyExact(models.lookups.Exact):
    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise ValueError("An encrypted field can only be compared with '': filter on its keyed hash.")
        return super().get_prep_lookup()
