"""The `chengguan` console script: Django's manage.py for this project."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chengguan.settings.dev")
    from django.core.management import execute_from_command_line

    from chengguan.core import safety

    address = safety.runserver_address(sys.argv)
    if address is not None:
        try:
            safety.check_serving(address)
        except Exception as refusal:  # ImproperlyConfigured: one sentence, no traceback
            sys.stderr.write(f"{refusal}\n")
            sys.exit(2)

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
