"""Every write of the insight app goes through these functions."""

from .alerts import SpikeRun, acknowledge_alert, alert_recipients, detect_spikes
from .common import DIGEST_ACTOR, SPIKE_ACTOR, Code, InsightRefused
from .digests import build_digest, last_complete_week
from .media import ORIGIN_TYPE, record_media_item

__all__ = [
    "DIGEST_ACTOR",
    "ORIGIN_TYPE",
    "SPIKE_ACTOR",
    "Code",
    "InsightRefused",
    "SpikeRun",
    "acknowledge_alert",
    "alert_recipients",
    "build_digest",
    "detect_spikes",
    "last_complete_week",
    "record_media_item",
]
