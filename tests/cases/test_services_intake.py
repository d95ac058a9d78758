"""Intake: a report becomes a case exactly once per client key, located in its cell, with checked photos;
a malformed report is refused field by field and leaves nothing behind."""

import hashlib
import io
import struct
import zlib
from datetime import UTC, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chengguan.cases import selectors, services
from chengguan.cases.models import Attachment, Case, CaseEvent, CaseNumberCounter
from chengguan.cases.states import Action, Channel, State
from chengguan.core import geo

from .conftest import CELL_1, CELL_2, CELL_3, COMMUNITY, COMMUNITY_2, STREET, STREET_2, centre, photo

ANON = AnonymousUser()
pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def report(make_case):
    return make_case.report


def stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def nothing_stored(media) -> bool:
    return (
        not Case.objects.exists()
        and not CaseEvent.objects.exists()
        and not Attachment.objects.exists()
        and not CaseNumberCounter.objects.exists()
        and stored_files(media) == []
    )


# --- idempotency ----------------------------------------------------------------------------------------


def test_the_same_key_twice_gives_one_case(make_case):
    first = services.report_case(
        description="井盖缺失", channel=Channel.WEB, address="秋浦路1号", intake_key="client-42", actor=ANON
    )
    again = services.report_case(
        description="井盖缺失（重发）",
        channel=Channel.WEB,
        address="秋浦路1号",
        intake_key="client-42",
        actor=ANON,
    )
    assert first.created and not again.created
    assert again.case.pk == first.case.pk and again.case.description == "井盖缺失"
    assert Case.objects.count() == 1
    assert CaseEvent.objects.filter(action=Action.REPORT).count() == 1


def test_different_keys_give_different_cases(make_case):
    for key in ("a", "b", None, ""):
        services.report_case(
            description="井盖缺失", channel=Channel.WEB, address="x", intake_key=key, actor=ANON
        )
    assert Case.objects.count() == 4


# --- refusals -------------------------------------------------------------------------------------------


def not_a_photo(name="evil.jpg"):
    return SimpleUploadedFile(name, b"MZ\x90\x00 this is an executable, not a photo" * 20)


def gif():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="GIF")
    return SimpleUploadedFile("anim.jpg", buffer.getvalue())


def pixel_bomb():
    """A PNG claiming 30000 × 30000 pixels: opening it must not bring the server down."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile("big.png", data)


MALFORMED = {
    "no location": ({"lng": None, "lat": None, "address": ""}, "location"),
    "blank description": ({"description": "   "}, "description"),
    "description over 4000 characters": ({"description": "垃" * 4001}, "description"),
    "non-image named .jpg": ({"photos": [photo(), not_a_photo()]}, "photos"),
    "gif": ({"photos": [gif()]}, "photos"),
    "too many pixels": ({"photos": [pixel_bomb()]}, "photos"),
    "too many photos": ({"photos": [photo() for _ in range(7)]}, "photos"),
    "unknown category": ({"category": "S9999"}, "category"),
    "major class": ({"category": "S01"}, "category"),
    "bad phone": ({"reporter_phone": "call me maybe"}, "reporter_phone"),
    "unknown crs": ({"crs": "epsg3857"}, "crs"),
    "longitude out of range": ({"lng": 190.0}, "lng"),
    "only a latitude": ({"lng": None, "lat": 30.6}, "lng"),
    "unknown channel": ({"channel": "pigeon"}, "channel"),
    "unknown urgency": ({"urgency": "yesterday"}, "urgency"),
    "key too long": ({"intake_key": "k" * 101}, "intake_key"),
}


@pytest.mark.parametrize(("changes", "field"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_report_is_refused_on_its_field_and_nothing_is_stored(report, media, changes, field):
    # A valid photo rides along, so a stored file would show.
    with pytest.raises(ValidationError) as refusal:
        report(**{"photos": [photo()], **changes})
    assert field in refusal.value.message_dict, refusal.value.message_dict
    assert all(refusal.value.message_dict[field])
    assert nothing_stored(media)


def test_every_bad_field_is_reported_at_once(report, media):
    with pytest.raises(ValidationError) as refusal:
        report(description="", reporter_phone="x", photos=[not_a_photo()])
    assert {"description", "reporter_phone", "photos"} <= set(refusal.value.message_dict)
    assert nothing_stored(media)


def test_a_bad_photo_is_named_in_the_error(report, media):
    with pytest.raises(ValidationError) as refusal:
        report(photos=[photo(), not_a_photo("违章.jpg")])
    assert any("违章.jpg" in message for message in refusal.value.message_dict["photos"])


# --- photos ---------------------------------------------------------------------------------------------


def heic_photo():
    try:
        return photo("HEIF")
    except (KeyError, OSError) as exc:  # pillow_heif built without an encoder
        pytest.skip(f"pillow_heif cannot write HEIC here: {exc}")


@pytest.mark.parametrize(
    ("make_upload", "content_type", "extension"),
    [
        (lambda: photo("JPEG"), "image/jpeg", "jpg"),
        (lambda: photo("PNG"), "image/png", "png"),
        (lambda: photo("WEBP"), "image/webp", "webp"),
        (heic_photo, "image/jpeg", "jpg"),  # kept as a clean JPEG
        (lambda: photo("PNG", name="looks-like.jpg"), "image/png", "png"),  # the content decides
    ],
    ids=["jpeg", "png", "webp", "heic", "png-named-jpg"],
)
def test_photos_are_stored_by_their_real_format(report, media, make_upload, content_type, extension):
    """The content decides the format; what is kept is a clean copy re-encoded from the pixels."""
    upload = make_upload()
    original = upload.read()
    upload.seek(0)
    case = report(photos=[upload])
    attachment = case.attachments.get()
    data = attachment.file.read()
    attachment.file.seek(0)
    assert Image.open(io.BytesIO(data)).size == Image.open(io.BytesIO(original)).size
    assert (attachment.content_type, attachment.extension, attachment.size) == (
        content_type,
        extension,
        len(data),
    )
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.kind == Attachment.Kind.REPORT
    assert attachment.event == case.events.get(action=Action.REPORT)
    assert attachment.file.name.endswith(f".{extension}")
    assert attachment.file.path.startswith(str(media)) and attachment.file.read() == data
    assert len(stored_files(media)) == 1


# --- text -----------------------------------------------------------------------------------------------


def test_traditional_chinese_is_stored_as_typed_and_found_as_simplified(report, people):
    case = report(description="路邊垃圾堆積，請儘快處理")
    report(description="路灯不亮")
    case.refresh_from_db()
    assert case.description == "路邊垃圾堆積，請儘快處理"
    visible = selectors.visible_cases(people.dispatcher)
    for query in ("垃圾堆积", "尽快处理", "堆積"):
        assert list(selectors.filter_cases(visible, {"q": query})) == [case], query


# --- location -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "community", "street"),
    [(CELL_1, COMMUNITY, STREET), (CELL_2, COMMUNITY, STREET), (CELL_3, COMMUNITY_2, STREET_2)],
)
def test_a_point_in_the_grid_gets_its_cell_community_and_street(report, cell, community, street):
    lng, lat = centre(cell)
    case = report(lng=lng, lat=lat)
    assert (case.cell.code, case.community.code, case.street.code) == (cell, community, street)


def test_a_point_outside_the_grid_is_kept_without_a_cell(report):
    case = report(lng=117.0, lat=30.0)
    assert (case.lng, case.lat, case.cell, case.community, case.street) == (117.0, 30.0, None, None, None)


def test_an_address_alone_is_enough(report):
    case = report(lng=None, lat=None, address="秋浦西路与长江南路交叉口")
    assert case.lng is None and case.cell is None and case.address == "秋浦西路与长江南路交叉口"


def test_gcj02_input_is_converted_to_wgs84(report):
    lng, lat = centre(CELL_2)
    mars_lng, mars_lat = geo.wgs84_to_gcj02(lng, lat)
    assert abs(mars_lng - lng) > 0.001  # hundreds of metres apart: taken as WGS-84 it would miss the grid
    case = report(lng=mars_lng, lat=mars_lat, crs="gcj02")
    assert case.lng == pytest.approx(lng, abs=1e-6) and case.lat == pytest.approx(lat, abs=1e-6)
    assert case.cell.code == CELL_2


# --- the case itself ------------------------------------------------------------------------------------


def test_the_report_is_the_first_event_and_remembers_who_entered_it(report, people):
    case = report()
    assert (case.state, case.channel, case.created_by) == (State.REPORTED, Channel.HOTLINE, people.intake)
    event = case.events.get()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        Action.REPORT,
        people.intake,
        "",
        State.REPORTED,
    )
    assert case.search_text == "路边有一堆暴露垃圾" and case.category.code == "S0102"


def test_an_anonymous_web_report_has_no_author(make_case):
    result = services.report_case(description="小广告", channel=Channel.WEB, address="池阳路", actor=ANON)
    assert result.case.created_by is None and result.case.events.get().actor is None


def at(*args):
    return datetime(*args, tzinfo=SHANGHAI)


def test_numbers_are_unique_sortable_and_prefixed_with_the_local_date(report):
    moments = [at(2026, 11, 22, 9, 0), at(2026, 11, 22, 23, 59), at(2026, 11, 23, 0, 1), at(2026, 11, 23, 8)]
    numbers = []
    for moment in moments:
        with mock.patch("django.utils.timezone.now", return_value=moment):
            numbers.append(report().number)
    assert numbers == ["2026112200001", "2026112200002", "2026112300001", "2026112300002"]
    assert sorted(numbers) == numbers and len(set(numbers)) == 4


def test_the_date_in_the_number_is_the_bureaus_date_not_utc(report):
    # 16:30 UTC is half past midnight the next day in Shanghai.
    with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 11, 22, 16, 30, tzinfo=UTC)):
        assert report().number.startswith("20261123")


def test_many_reports_a_day_keep_distinct_increasing_numbers(report):
    numbers = [report().number for _ in range(12)]
    assert numbers == sorted(numbers) and len(set(numbers)) == 12
    assert all(number[:8] == numbers[0][:8] for number in numbers)
