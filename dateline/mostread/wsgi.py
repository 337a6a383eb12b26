"""Beacons answered before Django handles the request, as the page cache answers its hits
(pagecache/wsgi.py; dateline/wsgi.py puts it in front). Every article view sends one,
views from the page cache and nginx's cache too, and a beacon needs nothing Django's
request handling gives: through it and its dozen middleware a beacon took 0.3 to 1.2 ms
of Python on the shared 2-core machine, twenty times a cached page's hit (15 to 20 µs);
answered here, 10 to 18 µs. The beacon that finds the flush due (every
MOST_READ_FLUSH_SECONDS) goes through Django, whose request handling keeps the database
connection it writes with in order (CONN_MAX_AGE, health checks): nothing here touches
the database. Where this is not in front (`manage.py runserver`, the test client) the
view (views.py) answers every beacon alike."""

import re

from django.urls import reverse

from dateline.mostread.beacon import count_if_read
from dateline.mostread.services import flush_is_due


class BeaconApp:
    def __init__(self, application):
        self.application = application
        # The view's address with the id as a group: /mostread/view/<id>/.
        before, _, after = reverse("mostread:beacon", args=[0]).rpartition("0")
        self.address = re.compile(re.escape(before) + "([0-9]+)" + re.escape(after))

    def __call__(self, environ, start_response):
        found = self.address.fullmatch(environ.get("PATH_INFO", ""))
        if found is None or environ.get("SCRIPT_NAME") or flush_is_due():
            return self.application(environ, start_response)
        count_if_read(
            method=environ.get("REQUEST_METHOD"),
            user_agent=environ.get("HTTP_USER_AGENT", ""),
            sent_from=environ.get("HTTP_SEC_FETCH_SITE"),
            article_id=int(found[1]),
        )
        start_response("204 No Content", [("Cache-Control", "no-store")])
        return []
