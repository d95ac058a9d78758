from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConductConfig(AppConfig):
    name = "chengguan.conduct"
    label = "conduct"
    verbose_name = _("team conduct")

    def ready(self) -> None:
        from chengguan.core.measures import register_source

        from .measures import SOURCE

        register_source(SOURCE)
        from chengguan.core.reference import restore_after_migrate
        from chengguan.notices import services as notices

        from . import rules  # noqa: F401  (registers the permissions)
        from .defaults import load_default_checklists, load_default_rules
        from .services.stars import SUBJECT_TYPE, on_notice_outcome

        notices.register_outcome_handler(SUBJECT_TYPE, on_notice_outcome)

        def load(apps):
            load_default_rules(apps.get_model("conduct", "RuleSet"), apps.get_model("conduct", "Rule"))
            load_default_checklists(
                apps.get_model("conduct", "Checklist"),
                apps.get_model("conduct", "ChecklistItem"),
                apps.get_model("conduct", "Rule"),
            )

        restore_after_migrate(self, load)
