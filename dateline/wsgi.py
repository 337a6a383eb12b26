"""WSGI entry point for the production server (`manage.py serve`: granian).

Anonymous readers' cache hits are answered before Django runs (dateline/pagecache/wsgi.py).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")

application = get_wsgi_application()

from dateline.pagecache.wsgi import PageCacheApp  # noqa: E402  (needs settings)

application = PageCacheApp(application)
