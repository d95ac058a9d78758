"""What a notification says, independent of the channel that carries it."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Message:
    """A notification. `subject` and `body` may be lazy translations: they are rendered (in the language
    active when the message is sent) before the message is queued. `link` is a path or URL of the page the
    message is about; `kind` a short dotted code such as "case.dispatched", for filtering."""

    subject: str
    body: str
    link: str = ""
    kind: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "subject": " ".join(str(self.subject).split()),  # one line: it becomes an e-mail header
            "body": str(self.body),
            "link": str(self.link or ""),
            "kind": str(self.kind or ""),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Message":
        return cls(
            subject=data["subject"], body=data["body"], link=data.get("link", ""), kind=data.get("kind", "")
        )


def absolute_link(link: str) -> str:
    """A site-relative path made absolute with CHENGGUAN_NOTIFY_BASE_URL (for e-mail and SMS, which are read
    outside the site); anything else, or any link when the setting is empty, unchanged."""
    base = settings.CHENGGUAN_NOTIFY_BASE_URL
    return base + link if base and link.startswith("/") and not link.startswith("//") else link
