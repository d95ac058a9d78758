"""What a notification says, independent of the channel that carries it."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


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
    """A site-relative path made absolute with CHENGGUAN_NOTIFY_BASE_URL (for e-mail, SMS and PDFs, which are
    read outside the site); an absolute link unchanged. A relative link with no base configured is a setup
    error, not a text that reaches a citizen with a path nobody can open."""
    if not link.startswith("/") or link.startswith("//"):
        return link
    base = settings.CHENGGUAN_NOTIFY_BASE_URL
    if not base:
        raise ImproperlyConfigured(
            "CHENGGUAN_NOTIFY_BASE_URL is not set: texts and e-mails need the site's address, "
            "e.g. CHENGGUAN_NOTIFY_BASE_URL=https://cg.example.gov.cn"
        )
    return base + link
