"""Personal data encrypted with keys outside the database: AES-GCM or SM4, rotatable, tamper-evident;
keyed hashes for the lookups that need equality."""

import pytest

from chengguan.core import fields


@pytest.mark.parametrize("suite", ["international", "sm"])
def test_values_round_trip_and_are_randomised(settings, suite):
    settings.CHENGGUAN_CRYPTO_SUITE = suite
    first, second = fields.encrypt("张三 13912345678"), fields.encrypt("张三 13912345678")
    assert first != second and "13912345678" not in first
    assert fields.decrypt(first) == fields.decrypt(second) == "张三 13912345678"
    assert (fields.AES_GCM if suite == "international" else fields.SM4_CBC) in first


@pytest.mark.parametrize("suite", ["international", "sm"])
def test_an_altered_value_is_refused(settings, suite):
    settings.CHENGGUAN_CRYPTO_SUITE = suite
    stored = fields.encrypt("13912345678")
    head, payload = stored.rsplit(":", 1)
    tampered = f"{head}:{payload[:-6]}{'A' if payload[-6] != 'A' else 'B'}{payload[-5:]}"
    with pytest.raises(Exception):  # noqa: B017 - InvalidTag (AES-GCM) or ValueError (SM4 tag)
        fields.decrypt(tampered)


def test_values_written_under_an_old_key_still_read_after_rotation():
    old = fields.encrypt("13912345678")
    fields.FIELDS.rotate()
    new = fields.encrypt("13912345678")
    assert old.split(":")[1] != new.split(":")[1]
    assert fields.decrypt(old) == fields.decrypt(new) == "13912345678"


def test_keyed_hashes_match_equal_values_only():
    assert fields.keyed_hash("phone", "13912345678") == fields.keyed_hash("phone", "13912345678")
    assert fields.keyed_hash("phone", "13912345678") != fields.keyed_hash("phone", "13912345679")
    assert fields.keyed_hash("phone", "1") != fields.keyed_hash("device", "1")
