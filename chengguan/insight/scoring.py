"""The spike test: how unlikely a day's count is if the rolling baseline still held (a one-sided Poisson
test), with the thresholds from the settings."""

import math
from dataclasses import dataclass

from django.conf import settings

# A baseline of zero (nothing reported there in four weeks) would make any report "impossible"; the mean is
# floored at this many reports per day, so it takes several reports at once to count as a spike.
MIN_BASELINE = 0.1


@dataclass(frozen=True)
class Thresholds:
    baseline_days: int
    p_value: float
    min_count: int

    @classmethod
    def from_settings(cls) -> "Thresholds":
        return cls(
            baseline_days=int(getattr(settings, "CHENGGUAN_SPIKE_BASELINE_DAYS", 28)),
            p_value=float(getattr(settings, "CHENGGUAN_SPIKE_P_VALUE", 0.001)),
            min_count=int(getattr(settings, "CHENGGUAN_SPIKE_MIN_COUNT", 5)),
        )


def poisson_tail(count: int, mean: float) -> float:
    """P(X ≥ count) for X ~ Poisson(mean), summed in log space so large counts do not overflow."""
    if count <= 0:
        return 1.0
    mean = max(mean, 1e-12)
    below = 0.0
    log_term = -mean  # log P(X = 0)
    for k in range(count):
        if k:
            log_term += math.log(mean) - math.log(k)
        below += math.exp(log_term)
    return max(0.0, 1.0 - below) if below < 0.999999 else _upper_sum(count, mean)


def _upper_sum(count: int, mean: float) -> float:
    """The tail summed directly (accurate when it is tiny, where 1 − the rest loses every digit)."""
    log_term = -mean + count * math.log(mean) - math.lgamma(count + 1)
    total, k = 0.0, count
    while True:
        term = math.exp(log_term)
        total += term
        if term < total * 1e-15 or k > count + 1000:
            return total
        k += 1
        log_term += math.log(mean) - math.log(k)


def baseline_mean(total: int, days: int) -> float:
    """Reports per day over the baseline window, floored at MIN_BASELINE."""
    return max(total / max(days, 1), MIN_BASELINE)


def is_spike(count: int, mean: float, thresholds: Thresholds) -> tuple[bool, float]:
    """(spike?, p-value) for `count` reports on a day whose baseline mean is `mean`."""
    p = poisson_tail(count, mean)
    return count >= thresholds.min_count and p < thresholds.p_value, p
