"""Photos, and the follow-up a reporter reaches by the link in their text message: each read only by
someone who may see the case, or by that link's token."""

from ..models import Attachment, Case, FollowUp
from . import visible_cases


def attachment_for(user, pk: int) -> Attachment | None:
    return Attachment.objects.filter(pk=pk, case__in=visible_cases(user)).first()


def follow_up_for(token: str) -> FollowUp | None:
    return (
        FollowUp.objects.select_related(
            "case__category", "case__community", "case__street", "case__department"
        )
        .filter(token=token)
        .first()
    )


def after_photos(case: Case) -> list[Attachment]:
    """The photos after handling of the case (the reporter sees them on the follow-up page)."""
    return list(case.attachments.filter(kind=Attachment.Kind.HANDLING).order_by("uploaded_at", "id"))


def follow_up_photo(token: str, pk: int) -> Attachment | None:
    """A photo after handling of the case the follow-up link `token` is for; None for any other."""
    return (
        Attachment.objects.filter(pk=pk, kind=Attachment.Kind.HANDLING, case__follow_ups__token=token)
        .distinct()
        .first()
    )
