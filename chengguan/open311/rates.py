"""Rate limits written as "100/min": a number of requests per second, minute, hour or day."""

PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}
PERIODS |= {"d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """(requests, seconds) from "100/min"; ValueError when it is not of that form."""
    number, _, period = (rate or "").strip().partition("/")
    count = int(number)
    if count < 1 or period.strip().lower() not in PERIODS:
        raise ValueError(rate)
    return count, PERIODS[period.strip().lower()]
