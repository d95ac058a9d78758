"""A text-message gateway for the multi-node test: it records each delivery (its key) in a file, reports
the process sending, and takes its time, so the test can kill a worker in the middle of a send."""

import os
import time
from pathlib import Path

from chengguan.core.notify.sms import SmsGateway


def _folder() -> Path:
    return Path(os.environ["CHENGGUAN_TEST_SMS_DIR"])


class SlowFileGateway(SmsGateway):
    def send(self, phone: str, text: str, *, key: str = "") -> None:
        with open(_folder() / "delivered", "a") as out:
            out.write(f"{key}\n")
        (_folder() / "sending.pid").write_text(str(os.getpid()))
        time.sleep(float(os.environ.get("CHENGGUAN_TEST_SMS_DELAY", "0")))

    def already_sent(self, key: str) -> bool:
        delivered = _folder() / "delivered"
        return delivered.exists() and key in delivered.read_text().split()
