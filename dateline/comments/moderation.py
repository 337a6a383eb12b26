"""What happens to a new comment: the moderation policy, one small check per rule.

Checks run in the order of `CommentModerator.checks`; the first that returns a verdict
decides. A comment no check objects to is approved. Every verdict carries its reason,
which is stored with the comment and in its decision log, so a moderator always sees why.
"""

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from dateline.comments import policy, spam
from dateline.comments.models import BlockedTerm, Comment

LINK_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str
    detail: str = ""


def links_in(text):
    return LINK_RE.findall(text or "")


def link_domains(comment):
    urls = links_in(comment.body)
    if comment.author_url:
        urls.append(comment.author_url)
    domains = set()
    for url in urls:
        if not url.lower().startswith(("http://", "https://")):
            url = "http://" + url
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        if host:
            domains.add(host)
    return domains


def blocked_terms():
    """Every blocklist entry as (kind, value), as last committed (comments/policy.py)."""
    return policy.committed(policy.BLOCKLIST, load_blocked_terms)


def load_blocked_terms():
    return list(BlockedTerm.objects.order_by().values_list("kind", "value"))


def blocklist_changed(sender, **kwargs):
    """post_save and post_delete of a BlockedTerm (comments/apps.py)."""
    policy.replace_when_committed(policy.BLOCKLIST, load_blocked_terms)


class Blocklist:
    """All blocklist entries, read once per comment (from the cache, comments/policy.py)."""

    def __init__(self, terms=None):
        terms = blocked_terms() if terms is None else terms
        self.by_kind = {kind: [] for kind in BlockedTerm.Kind.values}
        for kind, value in terms:
            self.by_kind[kind].append(value)

    def matching_word(self, *texts):
        haystack = " ".join(t for t in texts if t).lower()
        for word in self.by_kind["word"]:
            if re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", haystack):
                return word
        return None

    def matching_email(self, email):
        email = (email or "").strip().lower()
        if not email:
            return None
        for blocked in self.by_kind["email"]:
            # "@example.com" blocks a whole domain; anything else is one address.
            if email == blocked or (blocked.startswith("@") and email.endswith(blocked)):
                return blocked
        return None

    def matching_ip(self, ip):
        if not ip:
            return None
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return None
        for blocked in self.by_kind["ip"]:
            try:
                if address in ipaddress.ip_network(blocked, strict=False):
                    return blocked
            except ValueError:
                continue
        return None

    def matching_domain(self, domains):
        for domain in sorted(domains):
            for blocked in self.by_kind["domain"]:
                if domain == blocked or domain.endswith("." + blocked):
                    return blocked
        return None


class CommentModerator:
    """The moderation policy for new comments. Read top to bottom: first match wins."""

    checks = [
        "blocked_email",
        "blocked_ip",
        "blocked_word",
        "blocked_domain",
        "classifier",
        "too_many_links",
        "first_comment",
    ]

    def __init__(self, blocklist=None, earlier_statuses=()):
        self.blocklist = blocklist or Blocklist()
        # Statuses the caller saw among the sender's earlier comments: each is a history
        # known without a query.
        self.earlier_statuses = frozenset(earlier_statuses)
        self._histories = {}

    @property
    def hold_links(self):
        return settings.COMMENTS_HOLD_LINKS

    def has_earlier(self, comment, status):
        """Whether an earlier comment from this email address has `status` (approved or
        spam): one indexed lookup, asked once per address and status, and only when a check
        needs it (most comments need only "approved")."""
        email = (comment.author_email or "").strip().lower()
        if not email:
            return False
        if status in self.earlier_statuses:
            return True
        if (email, status) not in self._histories:
            earlier = Comment.objects.by_email(email).filter(status=status)
            self._histories[email, status] = earlier.exists()
        return self._histories[email, status]

    def is_returning_commenter(self, comment):
        """An earlier comment from this address was approved and none is in spam."""
        return self.has_earlier(comment, Comment.Status.APPROVED) and not self.has_earlier(
            comment, Comment.Status.SPAM
        )

    def moderate(self, comment):
        for name in self.checks:
            verdict = getattr(self, f"check_{name}")(comment)
            if verdict is not None:
                return verdict
        return Verdict(
            Comment.Status.APPROVED,
            "known-commenter",
            "An earlier comment from this email address was approved.",
        )

    def check_blocked_email(self, comment):
        if blocked := self.blocklist.matching_email(comment.author_email):
            return Verdict(Comment.Status.SPAM, "blocked-email", f"Email matches {blocked!r}.")

    def check_blocked_ip(self, comment):
        if blocked := self.blocklist.matching_ip(comment.ip_address):
            return Verdict(Comment.Status.SPAM, "blocked-ip", f"IP address matches {blocked}.")

    def check_blocked_word(self, comment):
        texts = (comment.body, comment.author_name, comment.author_url)
        if blocked := self.blocklist.matching_word(*texts):
            return Verdict(Comment.Status.SPAM, "blocked-word", f"Contains {blocked!r}.")

    def check_blocked_domain(self, comment):
        if blocked := self.blocklist.matching_domain(link_domains(comment)):
            return Verdict(Comment.Status.SPAM, "blocked-domain", f"Links to {blocked}.")

    def check_classifier(self, comment):
        score = comment.spam_score
        if score is None or score < spam.hold_threshold():
            return None
        if self.is_returning_commenter(comment):
            # Approved comments outweigh a word the model distrusts: the default model
            # learned on YouTube, where "subscribe" and "buy" were spam, and a regular
            # reader uses them too. Only a score that would send a newcomer's
            # comment to spam makes theirs wait, and a moderator, not the model, decides.
            if score < spam.spam_threshold():
                return None
            return Verdict(
                Comment.Status.PENDING,
                "classifier",
                f"Spam score {score:.2f} from a returning commenter"
                f" (held from {spam.spam_threshold():.2f}).",
            )
        if score >= spam.spam_threshold():
            return Verdict(
                Comment.Status.SPAM,
                "classifier",
                f"Spam score {score:.2f} (spam from {spam.spam_threshold():.2f}).",
            )
        return Verdict(
            Comment.Status.PENDING,
            "classifier",
            f"Spam score {score:.2f} (held from {spam.hold_threshold():.2f}).",
        )

    def check_too_many_links(self, comment):
        count = len(links_in(comment.body))
        if count >= self.hold_links:
            return Verdict(
                Comment.Status.PENDING,
                "links",
                f"{count} links (comments with {self.hold_links} or more are held).",
            )

    def check_first_comment(self, comment):
        if not self.has_earlier(comment, Comment.Status.APPROVED):
            return Verdict(
                Comment.Status.PENDING,
                "first-comment",
                "First comment from this email address: held until a moderator approves one.",
            )
