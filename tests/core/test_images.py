"""Uploaded images are re-encoded from their pixels: no metadata, orientation applied, bounded, polyglots
reduced to clean images; other evidence must carry its container's signature."""

import io
import os
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from chengguan.core.images import check_container, clean_image


def _jpeg_with_gps(size=(200, 100), orientation=1) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x0112] = orientation
    gps = {1: "N", 2: (30.0, 39.0, 36.0), 3: "E", 4: (117.0, 29.0, 24.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_gps_camera_and_every_other_tag_are_gone():
    original = _jpeg_with_gps()
    assert b"PhoneMaker" in original
    clean = clean_image(original, name="a.jpg")
    assert b"PhoneMaker" not in clean.data and b"Model X" not in clean.data
    with Image.open(io.BytesIO(clean.data)) as image:
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
    assert (clean.content_type, clean.extension) == ("image/jpeg", "jpg")


def test_the_orientation_is_applied_to_the_pixels():
    clean = clean_image(_jpeg_with_gps(size=(200, 100), orientation=6), name="rotated.jpg")
    assert (clean.width, clean.height) == (100, 200)


def test_the_long_side_is_bounded(settings):
    settings.CHENGGUAN_PHOTO_MAX_SIDE = 1000
    out = io.BytesIO()
    Image.new("RGB", (3000, 1500), "white").save(out, format="PNG")
    clean = clean_image(out.getvalue(), name="big.png")
    assert (clean.width, clean.height) == (1000, 500)


def _png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims width × height pixels (a decompression bomb's header)."""
    out = io.BytesIO()
    Image.new("1", (8, 8)).save(out, format="PNG")
    data = bytearray(out.getvalue())
    ihdr = data[12:29]  # the chunk type and its 13 bytes
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


def test_an_image_claiming_144_megapixels_is_refused_before_decoding():
    with pytest.raises(ValidationError, match="144"):
        clean_image(_png_claiming(12000, 12000), name="bomb.png")


def test_a_polyglot_is_stored_as_a_clean_image():
    polyglot = _jpeg_with_gps() + b"<html><script>alert(document.cookie)</script></html>"
    clean = clean_image(polyglot, name="poly.jpg")
    assert b"<script" not in clean.data
    with Image.open(io.BytesIO(clean.data)) as image:
        image.verify()


def test_png_transparency_is_kept():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG")
    clean = clean_image(out.getvalue(), name="t.png")
    with Image.open(io.BytesIO(clean.data)) as image:
        assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0


@pytest.mark.parametrize("data", [b"", os.urandom(2048), b"GIF89a" + b"\0" * 100])
def test_what_is_not_an_accepted_image_is_refused(data):
    with pytest.raises(ValidationError):
        clean_image(data, name="x.jpg")


def test_a_recording_must_carry_its_containers_signature():
    check_container(b"\0\0\0\x18ftypmp42\0\0\0\0", extension="mp4")
    check_container(b"RIFF\x24\0\0\0WAVEfmt ", extension=".wav")
    with pytest.raises(ValidationError, match=r"\.mp4"):
        check_container(os.urandom(64), extension="mp4")
    with pytest.raises(ValidationError, match=r"\.exe"):
        check_container(b"MZ\x90\0" * 8, extension="exe")
