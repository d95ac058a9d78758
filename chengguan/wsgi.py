import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chengguan.settings.production")
application = get_wsgi_application()

# A WSGI server reachable from other machines never runs with DEBUG or a published key.
from chengguan.core import safety  # noqa: E402

for _address in safety.wsgi_bind_addresses(sys.argv):
    safety.check_serving(_address)
