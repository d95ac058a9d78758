"""What the privacy notice tells citizens about how long their contact data is kept: the periods the
`purge_contacts` job applies, so the notice and the job cannot disagree."""

from django import template

from chengguan.cases.services.purge import retention_days

register = template.Library()


@register.simple_tag
def contact_retention() -> dict[str, int]:
    """{"reporter": days, "supporter": days} after closure."""
    return retention_days()
