"""Timelines for the demo cases: for each case, which final state it reaches and when each step of the way
happens. No database writes here; `cases.py` carries the steps out through the real services.

Open cases are planned backwards from now, so a case meant to be overdue or due soon really is when the
build finishes; finished cases are planned forwards from a report somewhere in the last 60 days. Staff act
in office hours (working-time arithmetic); reports and follow-up answers come at any hour."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from chengguan.cases import supervision
from chengguan.core import worktime

WINDOW_DAYS = 60
MINUTE = timedelta(minutes=1)

# The final states (and the paths to them) and their shares of the demo cases.
SCENARIOS = (
    ("reported", 4),
    ("rejected", 5),
    ("accepted", 2),
    ("reopened", 2),  # closed, the reporter says the problem is back, reopened: accepted again
    ("dispatched", 7),
    ("in_progress", 11),
    ("rework", 4),
    ("handled", 6),
    ("verified", 4),
    ("closed", 46),
    ("sent_back", 4),
    ("suspended", 3),
)
# How an open case in a department's hands stands against its deadline when the build ends.
RELATIONS = (("on_time", 4), ("due_soon", 3), ("overdue", 4))
CLOSED_VARIANTS = (("plain", 62), ("rework", 14), ("extension", 10), ("send_back", 8), ("reopened", 6))
RATINGS = ((5, 42), (4, 30), (3, 13), (2, 9), (1, 6))


@dataclass
class Step:
    at: datetime
    name: str  # a runner method in cases.py: report, accept, dispatch, start, handled, …
    args: dict = field(default_factory=dict)


def allocate(count: int) -> list[str]:
    """`count` scenario names: one of each first (when there is room), the rest by share, rounded by
    largest remainder."""
    names = [name for name, _ in SCENARIOS]
    base = [1] * len(names) if count >= len(names) else [0] * len(names)
    rest = count - sum(base)
    total = sum(weight for _, weight in SCENARIOS)
    exact = [rest * weight / total for _, weight in SCENARIOS]
    shares = [int(x) for x in exact]
    order = sorted(range(len(names)), key=lambda i: (shares[i] - exact[i], i))
    for i in order[: rest - sum(shares)]:
        shares[i] += 1
    return [name for name, b, s in zip(names, base, shares, strict=True) for _ in range(b + s)]


def pick(rng: random.Random, table) -> str:
    return rng.choices([key for key, _ in table], weights=[weight for _, weight in table])[0]


def fwd(moment: datetime, hours: float) -> datetime:
    return worktime.add_working_time(moment, round(max(hours, 0.0), 3), worktime.HOURS)


def back(end: datetime, hours: float) -> datetime:
    """The latest moment from which `hours` working hours run until `end` (within a minute)."""
    if hours <= 0:
        return end
    low = end - timedelta(days=hours / worktime.hours_per_day() * 1.5 + 4)
    while worktime.working_time_between(low, end) < hours:
        low -= timedelta(days=7)
    high = end
    while high - low > MINUTE:
        middle = low + (high - low) / 2
        if worktime.working_time_between(middle, end) >= hours:
            low = middle
        else:
            high = middle
    return low


class Planner:
    """Plans one case: `plan(scenario)` gives its steps, in time order, all before `now`."""

    def __init__(self, rng: random.Random, now: datetime, limit_hours: float, limit: tuple, has_phone: bool):
        self.rng, self.now, self.limit = rng, now, limit_hours
        self.threshold = supervision.threshold_hours(*limit)
        self.has_phone = has_phone

    def u(self, low: float, high: float) -> float:
        return self.rng.uniform(low, high)

    def plan(self, scenario: str) -> list[Step]:
        steps = getattr(self, f"_{scenario}")()
        for before, after in zip(steps, steps[1:], strict=False):  # never two steps out of order
            after.at = max(after.at, before.at + MINUTE)
        return [step for step in steps if step.at < self.now]

    # --- cases still at the front desk ---

    def _reported(self):
        return [Step(self.now - timedelta(minutes=self.u(2, 180)), "report")]

    def _accepted(self):
        report = self.now - timedelta(minutes=self.u(20, 300))
        return [Step(report, "report"), Step(report + (self.now - report) * self.u(0.2, 0.7), "accept")]

    def _rejected(self):
        report = self.now - timedelta(days=self.u(0.2, WINDOW_DAYS - 2))
        reject = fwd(report, self.u(0.1, 1.5))
        if reject >= self.now:  # reported out of hours just now: the night shift decides at once
            reject = self._between(report, self.now)
        return [Step(report, "report"), Step(reject, "reject")]

    # --- open cases in a department's hands, planned back from now ---

    def _intake(self, dispatch: datetime) -> list[Step]:
        report = dispatch - timedelta(minutes=self.u(12, 200))
        accept = report + (dispatch - report) * self.u(0.2, 0.8)
        return [Step(report, "report"), Step(accept, "accept"), Step(dispatch, "dispatch")]

    def _elapsed(self, relation: str) -> float:
        """Working hours between the deadline's start and now for the wanted relation to the deadline."""
        limit, threshold = self.limit, self.threshold
        if relation == "overdue":
            return limit + self.u(0.3, 24)
        if relation == "on_time" and limit > threshold:
            return (limit - threshold) * self.u(0.05, 0.95)
        return limit - min(threshold, limit) * self.u(0.15, 0.9)  # due soon

    def _anchor(self) -> datetime:
        return back(self.now, self._elapsed(pick(self.rng, RELATIONS)))

    def _between(self, start: datetime, end: datetime, low=0.1, high=0.9) -> datetime:
        return start + (end - start) * self.u(low, high)

    def _dispatched(self):
        dispatch = self._anchor()
        steps = self._intake(dispatch)
        if self.rng.random() < 0.15:
            steps.append(Step(self._between(dispatch, self.now), "extension", {"days": 2}))
        return steps

    def _in_progress(self):
        variant = self.rng.random()
        if variant < 0.15:  # an extension was approved: overdue on the first deadline, not on the new one
            dispatch = back(self.now, self.limit + self.u(0.5, 5))
            request = fwd(dispatch, self.limit * 0.7)
            approve = self._between(request, min(self.now, request + timedelta(hours=3)))
            return [
                *self._intake(dispatch),
                Step(self._between(dispatch, request), "start"),
                Step(request, "extension", {"days": self.rng.choice((2, 3))}),
                Step(approve, "decide", {"approve": True}),
            ]
        dispatch = self._anchor()
        start = self._between(dispatch, self.now, 0.05, 0.5)
        steps = [*self._intake(dispatch), Step(start, "start")]
        if variant < 0.4:  # waiting for a decision on an extension
            steps.append(
                Step(self._between(start, self.now), "extension", {"days": self.rng.choice((1, 2, 3))})
            )
        elif variant < 0.5:  # suspended for a while, then resumed
            ask = self._between(start, self.now, 0.1, 0.4)
            approve = self._between(ask, self.now, 0.05, 0.3)
            steps += [
                Step(ask, "suspension"),
                Step(approve, "decide", {"approve": True}),
                Step(self._between(approve, self.now, 0.2, 0.6), "resume"),
            ]
        return steps

    def _rework(self):
        verify = self._anchor()  # the failed verification starts a fresh time limit
        handled = verify - timedelta(hours=self.u(0.5, 6))
        start = handled - timedelta(hours=self.u(0.5, 10))
        dispatch = start - timedelta(hours=self.u(0.2, 4))
        return [
            *self._intake(dispatch),
            Step(start, "start"),
            Step(handled, "handled"),
            Step(verify, "verify", {"passed": False}),
        ]

    def _handling_before(self, handled: datetime) -> list[Step]:
        dispatch = back(handled, self.limit * self.u(0.2, 1.3))
        return [
            *self._intake(dispatch),
            Step(self._between(dispatch, handled), "start"),
            Step(handled, "handled"),
        ]

    def _handled(self):
        return self._handling_before(self.now - timedelta(hours=self.u(0.2, 30)))

    def _verified(self):
        verify = self.now - timedelta(hours=self.u(0.2, 20))
        handled = verify - timedelta(hours=self.u(0.5, 24))
        return [*self._handling_before(handled), Step(verify, "verify", {"passed": True})]

    def _sent_back(self):
        send_back = self.now - timedelta(hours=self.u(0.2, 30))
        dispatch = back(send_back, self.limit * self.u(0.05, 0.5))
        return [*self._intake(dispatch), Step(send_back, "send_back")]

    def _suspended(self):
        approve = self.now - timedelta(hours=self.u(1, 200))
        ask = approve - timedelta(hours=self.u(0.3, 4))
        start = ask - timedelta(hours=self.u(0.5, 10))
        dispatch = start - timedelta(hours=self.u(0.2, 3))
        return [
            *self._intake(dispatch),
            Step(start, "start"),
            Step(ask, "suspension"),
            Step(approve, "decide", {"approve": True}),
        ]

    # --- finished cases, planned forwards from the report ---

    def _closed(self):
        variant = pick(self.rng, CLOSED_VARIANTS)
        return self._forward("plain" if variant == "reopened" and not self.has_phone else variant)

    def _reopened(self):
        return self._forward("reopened", stop_after_reopen=True)

    def _forward(self, variant: str, stop_after_reopen: bool = False) -> list[Step]:
        # Every choice is drawn before the schedule, so a retry from an earlier report is the same case.
        draws = [self.rng.random() for _ in range(40)]
        report = self.now - timedelta(days=WINDOW_DAYS * (0.05 + 0.9 * draws[0]))
        for _attempt in range(12):
            steps = _Schedule(self, draws, variant, stop_after_reopen).build(report)
            overshoot = steps[-1].at - (self.now - 5 * MINUTE)
            if overshoot <= timedelta(0):
                return steps
            report -= overshoot + timedelta(days=1)
        return [step for step in steps if step.at < self.now]


class _Schedule:
    """A finished case's path forwards from its report, its random choices fixed in `draws`."""

    def __init__(self, planner: Planner, draws: list[float], variant: str, stop_after_reopen: bool):
        self.p, self.d, self.variant, self.stop = planner, draws, variant, stop_after_reopen
        self.i = 1

    def draw(self, low: float, high: float) -> float:
        value = low + (high - low) * self.d[self.i % len(self.d)]
        self.i += 1
        return value

    def build(self, report: datetime) -> list[Step]:
        self.i, limit = 1, self.p.limit
        accept = report + timedelta(minutes=self.draw(5, 90))
        dispatch = fwd(accept, self.draw(0.05, 0.5))
        steps = [Step(report, "report"), Step(accept, "accept"), Step(dispatch, "dispatch")]
        if self.variant == "send_back":
            send_back = fwd(dispatch, self.draw(0.1, 0.5) * limit)
            dispatch = fwd(send_back, self.draw(0.1, 2))
            steps += [Step(send_back, "send_back"), Step(dispatch, "dispatch", {"other": True})]
        steps += self._handle(dispatch, allow_late=True)
        if self.variant == "reopened":
            reopen = fwd(steps[-1].at, self.draw(0.2, 3))  # after the unhappy follow-up (or the closure)
            steps.append(Step(reopen, "reopen"))
            if self.stop:
                return steps
            dispatch = fwd(reopen, self.draw(0.1, 1))
            steps.append(Step(dispatch, "dispatch"))
            steps += self._handle(dispatch, allow_late=False, unhappy=False)
        return steps

    def _handle(self, dispatch: datetime, *, allow_late: bool, unhappy: bool | None = None) -> list[Step]:
        limit = self.p.limit
        start = fwd(dispatch, self.draw(0.02, 0.25) * limit)
        steps = [Step(start, "start")]
        late = allow_late and self.draw(0, 1) < 0.25
        if self.variant == "extension" and allow_late:
            request = fwd(dispatch, self.draw(0.4, 0.8) * limit)
            days = 2 if self.draw(0, 1) < 0.5 else 3
            handled = fwd(dispatch, limit + self.draw(0.2, 0.9) * days * worktime.hours_per_day())
            steps += [
                Step(request, "extension", {"days": days}),
                Step(request + timedelta(minutes=self.draw(15, 150)), "decide", {"approve": True}),
            ]
        else:
            handled = fwd(dispatch, self.draw(1.05, 2.5) * limit if late else self.draw(0.3, 0.95) * limit)
        steps.append(Step(handled, "handled"))
        verify = fwd(handled, self.draw(0.3, 4))
        if self.variant == "rework" and allow_late:
            steps.append(Step(verify, "verify", {"passed": False}))
            again = fwd(verify, self.draw(0.3, 0.9) * limit)
            steps += [Step(fwd(verify, self.draw(0.02, 0.2) * limit), "start"), Step(again, "handled")]
            verify = fwd(again, self.draw(0.3, 3))
        close = fwd(verify, self.draw(0.1, 2))
        steps += [Step(verify, "verify", {"passed": True}), Step(close, "close")]
        unhappy = (self.variant == "reopened") if unhappy is None else unhappy
        if self.p.has_phone and (unhappy or self.draw(0, 1) < 0.8):
            answer = close + timedelta(hours=self.draw(1, 72))
            steps.append(Step(answer, "answer", {"rating": self._rating(unhappy), "persists": unhappy}))
        return steps

    def _rating(self, unhappy: bool) -> int:
        if unhappy:
            return 1 if self.draw(0, 1) < 0.5 else 2
        point, total = self.draw(0, 1) * sum(w for _, w in RATINGS), 0
        for rating, weight in RATINGS:
            total += weight
            if point < total:
                return rating
        return RATINGS[-1][0]
