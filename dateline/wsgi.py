"""WSGI entry point for the production server (`manage.py serve`: granian).

Anonymous readers' cache hits are answered before Django runs (dateline/pagecache/wsgi.py).
Around both, the access log (dateline/ops/accesslog.py; ACCESS_LOG=0 leaves it out).
"""

import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from dateline.ops.accesslog import AccessLog

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")

application = get_wsgi_application()

from dateline.mostread.wsgi import BeaconApp  # noqa: E402  (needs settings)
from dateline.pagecache.wsgi import PageCacheApp  # noqa: E402

application = PageCacheApp(application)
# Most read's beacons, sent by every article view, answered before Django too.
application = BeaconApp(application)
if settings.ACCESS_LOG:
    application = AccessLog(application)

# What start-up loaded (Django, the URL patterns, the apps' modules) lives as long as the
# process: kept out of the garbage collector's full passes, which walked it all again.
gc.freeze()
