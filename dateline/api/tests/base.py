from dateline.comments.models import Comment
from dateline.comments.services import refresh_comment_counts
from dateline.images.models import LeadImage
from dateline.related.models import RelatedLink
from dateline.test import BaseTestCase


class ApiTestCase(BaseTestCase):
    def get_json(self, url, status=200, **headers):
        response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, status, response.content)
        self.assertTrue(response["Content-Type"].startswith("application/json"))
        return response.json()

    def make_lead_image(self, article, name="strelna"):
        """A lead image whose copies are made (the files themselves are not needed)."""
        return LeadImage.objects.create(
            article=article,
            image=f"lead/2025/03/{name}.jpg",
            alt_text="Negotiators shake hands across a long table",
            caption="The talks resumed on Monday.",
            credit="Photo: Jane Doe / Agency",
            width=2000,
            height=1333,
            renditions=[
                {"width": 800, "height": 533, "format": "webp", "name": f"r/{name}-800.webp"},
                {"width": 480, "height": 320, "format": "webp", "name": f"r/{name}-480.webp"},
                {"width": 800, "height": 533, "format": "jpeg", "name": f"r/{name}-800.jpg"},
            ],
        )

    def make_comment(self, article, body="Good piece.", *, status="approved", **fields):
        fields.setdefault("author_name", "Dana Reader")
        fields.setdefault("author_email", "dana.reader@example.org")
        fields.setdefault("ip_address", "203.0.113.7")
        fields.setdefault("user_agent", "SecretBrowser/1.0")
        comment = Comment.objects.create(article=article, body=body, status=status, **fields)
        refresh_comment_counts([article.pk])
        return comment

    def link_related(self, article, *others):
        for position, other in enumerate(others):
            RelatedLink.objects.create(
                article=article, related=other, position=position, score=1.0, reason="similar"
            )
