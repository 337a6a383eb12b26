import os
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import SimpleTestCase


class RetiredSettingTestCase(SimpleTestCase):
    def test_check_warns_that_api_cache_seconds_no_longer_applies(self):
        with (
            mock.patch.dict(os.environ, {"API_CACHE_SECONDS": "60"}),
            self.assertRaisesMessage(SystemCheckError, "(api.W001) API_CACHE_SECONDS is no"),
        ):
            call_command("check", fail_level="WARNING", stdout=StringIO(), stderr=StringIO())

    def test_check_is_quiet_when_it_is_gone(self):
        with mock.patch.dict(os.environ):
            os.environ.pop("API_CACHE_SECONDS", None)
            out = StringIO()
            call_command("check", stdout=out, stderr=StringIO())
        self.assertNotIn("api.W001", out.getvalue())
