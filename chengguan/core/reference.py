"""Reference data the code relies on (roles, the default rule sets, the indicator set) is created by data
migrations, and made whole again after every `migrate` and every flush: a flush (`manage.py flush`, each
transactional test) empties the tables without re-running migrations, and the code must not find itself
without its roles."""

from collections.abc import Callable

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


def restore_after_migrate(app_config: AppConfig, load: Callable) -> None:
    """Call `load(apps)` after each migrate or flush; `apps` gives the models as migrated (a historical
    state while migrating)."""

    def receiver(sender, apps=global_apps, using="default", **kwargs):
        try:
            load(apps)
        except LookupError:  # the app is not migrated (yet, or any more): nothing to restore
            return

    post_migrate.connect(
        receiver, sender=app_config, weak=False, dispatch_uid=f"reference:{app_config.label}"
    )
