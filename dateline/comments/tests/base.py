from django.contrib.auth.models import Group, Permission
from django.test import override_settings

from dateline.comments.forms import make_token
from dateline.comments.models import Comment
from dateline.comments.services import refresh_comment_counts
from dateline.test import BaseTestCase

READER_COMMENT = "The part about the grid pact matches what I saw in Strelna last winter."


@override_settings(COMMENTS_MIN_FILL_SECONDS=0, COMMENTS_FLOOD_SECONDS=0)
class CommentsTestCase(BaseTestCase):
    """Flood control and the minimum fill time are off here; each has its own tests."""

    def setUp(self):
        super().setUp()
        self.article = self.make_article("Grid pact signed")

    def make_moderator(self, user):
        moderators, _ = Group.objects.get_or_create(name="Moderators")
        moderators.permissions.set(Permission.objects.filter(content_type__app_label="comments"))
        user.is_staff = True
        user.save()
        user.groups.add(moderators)
        return user

    def form_data(self, article=None, **fields):
        article = article or self.article
        data = {
            "article": str(article.pk),
            "token": make_token(article),
            "comment": READER_COMMENT,
            "name": "Dana Reader",
            "email": "dana@example.org",
            "website": "https://dana.example.org/",
            "phone": "",
        }
        data.update(fields)
        return {key: value for key, value in data.items() if value is not None}

    def post(self, article=None, client=None, follow=False, **fields):
        return (client or self.client).post(
            "/comments/post/", self.form_data(article, **fields), follow=follow
        )

    def make_comment(self, body="A thoughtful reply.", *, article=None, status=None, **fields):
        fields.setdefault("author_name", "Erin Example")
        fields.setdefault("author_email", "erin@example.org")
        fields.setdefault("author_url", "")
        comment = Comment.objects.create(
            article=article or self.article,
            body=body,
            status=status or Comment.Status.APPROVED,
            **fields,
        )
        # As the site keeps it: the article's count of approved comments.
        refresh_comment_counts([comment.article_id])
        return comment
