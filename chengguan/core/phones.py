"""Phone numbers, parsed and normalised one way everywhere (the `phonenumbers` library, region CN).

A mainland mobile is kept as its 11 digits (`13912345678`), a fixed line as people write it, area code,
dash, number (`0566-2345678`), any other number in E.164 (`+85221234567`). `find_phones` finds numbers
inside free text, for masking."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REGION = "CN"


def parse_phone(text: str, *, field: str = "phone") -> str:
    """The number in its normal form, or ValidationError on `field` saying what is wrong."""
    raw = (text or "").strip()
    try:
        number = phonenumbers.parse(raw, REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            {field: [_("Enter a valid phone number (a mobile, or a fixed line with its area code).")]}
        )
    return normal_form(number)


def normal_form(number: phonenumbers.PhoneNumber) -> str:
    if number.country_code != 86:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE:
        return national.replace(" ", "")
    return national.replace(" ", "-", 1).replace(" ", "")


def is_phone(text: str) -> bool:
    try:
        parse_phone(text)
    except ValidationError:
        return False
    return True


def find_phones(text: str) -> list[tuple[int, int]]:
    """(start, end) of every phone number written in `text`."""
    return [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text or "", REGION)]
