"""The demo's mailbox: an e-mail back-end that writes every message to a file of its own
in MAILBOX_DIR, where staff read it at /mailbox/ (views.py). No mail server needed.

EMAIL_BACKEND=dateline.mailbox.backend.EmailBackend turns it on (`make demo` does).
"""

import itertools
import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

PATH = "dateline.mailbox.backend.EmailBackend"
# <nanoseconds since the epoch>-<process id>-<counter>.eml: the names sort by the time each
# message was written, and neither two processes (the server and the task worker) nor two
# messages in one tick of a coarse clock get the same name.
NAME = re.compile(r"[0-9]{20}-[0-9]+-[0-9]+\.eml")
# next() on itertools.count is atomic in CPython: threads never draw the same number.
_counter = itertools.count()


def is_on():
    """Whether the site's e-mail goes to the mailbox (else the mailbox pages don't exist)."""
    return settings.EMAIL_BACKEND == PATH


def new_name():
    return f"{time.time_ns():020d}-{os.getpid()}-{next(_counter):06d}.eml"


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        """Write each message; return how many were written, as Django's back-ends do."""
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue  # as Django's SMTP back-end: a message to nobody is not sent
            try:
                write(message, Path(settings.MAILBOX_DIR))
            except Exception:
                if not self.fail_silently:
                    raise
            else:
                sent += 1
        return sent


def write(message, directory):
    directory.mkdir(parents=True, exist_ok=True)
    name = new_name()
    # Written under a name the mailbox doesn't list, then renamed in one step: the mailbox
    # never shows half a message.
    partial = directory / f".{name}.part"
    try:
        partial.write_bytes(message.message().as_bytes())
        os.replace(partial, directory / name)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
