"""Every write on the 门前三包 register, for views, commands, the job and the demo:

from chengguan.frontage import services as frontage
unit = frontage.register_unit(actor=user, name=…, address=…, lng=…, lat=…, contact_phone=…)
frontage.record_agreement(actor=user, unit_id=unit.pk, signed_on=…, starts_on=…, ends_on=…)
run = frontage.import_units(actor=user, data=…, filename="units.xlsx")
check = frontage.record_check(actor=inspector, unit_id=unit.pk, clean_ok=False, order_ok=True, …)
frontage.publish_monthly_list(actor=user, month=date(2026, 3, 1))
"""

from .checks import failures_counting, record_check
from .common import CASE_ORIGIN, NOTICE_SUBJECT, FrontageCode, FrontageRefused
from .imports import ImportRefused, import_units
from .lists import LIST_ACTOR, on_notice_outcome, publish_due_list, publish_monthly_list, settle_list_notice
from .units import record_agreement, register_unit, reveal_contact, update_unit

__all__ = [
    "CASE_ORIGIN",
    "LIST_ACTOR",
    "NOTICE_SUBJECT",
    "FrontageCode",
    "FrontageRefused",
    "ImportRefused",
    "failures_counting",
    "import_units",
    "on_notice_outcome",
    "publish_due_list",
    "publish_monthly_list",
    "record_agreement",
    "record_check",
    "register_unit",
    "reveal_contact",
    "settle_list_notice",
    "update_unit",
]
