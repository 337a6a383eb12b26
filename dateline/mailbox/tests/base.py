import tempfile
from pathlib import Path

from django.test import override_settings

from dateline.mailbox import backend
from dateline.test import BaseTestCase


class MailboxTestCase(BaseTestCase):
    """The site's e-mail goes to the mailbox, in a directory of this test's own."""

    def setUp(self):
        super().setUp()
        self.directory = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.enterContext(override_settings(EMAIL_BACKEND=backend.PATH, MAILBOX_DIR=self.directory))

    def files(self):
        return sorted(path.name for path in self.directory.iterdir())
