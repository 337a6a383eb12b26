import re

from django.template.loader import render_to_string

from dateline.articles.models import Article
from dateline.images.models import LeadImage
from dateline.images.tests.base import ImagesTestCase, camera_jpeg


class LeadTemplateTestCase(ImagesTestCase):
    def render(self, article_pk=None):
        article = Article.objects.select_related("lead_image").get(pk=article_pk or self.article.pk)
        with self.assertNumQueries(0):
            return render_to_string("images/_lead.html", {"article": article})

    def test_it_renders_a_figure_with_srcset_sizes_alt_caption_and_credit(self):
        lead_image = self.save_lead_image(camera_jpeg(2000, 1333))
        url = {
            r["width"]: f"/media/{r['name']}"
            for r in lead_image.renditions
            if r["format"] == "webp"
        }
        fallback = next(r for r in lead_image.renditions if r["format"] == "jpeg")

        html = self.render()

        srcset = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', html)
        self.assertEqual(
            srcset.group(1),
            f"{url[480]} 480w, {url[800]} 800w, {url[1200]} 1200w, {url[1600]} 1600w",
        )
        self.assertEqual(srcset.group(2), "(min-width: 44rem) 42rem, calc(100vw - 2rem)")
        self.assertInHTML(
            f'<img src="/media/{fallback["name"]}" width="800" height="533" '
            'alt="Negotiators shake hands across a long table" loading="eager" '
            'fetchpriority="high" decoding="async">',
            html,
        )
        self.assertInHTML(
            '<figcaption><span class="caption">The talks resumed on Monday.</span> '
            '<span class="credit">Photo: Jane Doe / Agency</span></figcaption>',
            html,
        )
        self.assertIn('<figure class="lead-image">', html)
        self.assertIn("<picture>", html)

    def test_it_leaves_out_an_empty_caption(self):
        self.save_lead_image(data={"caption": ""})
        html = self.render()
        self.assertInHTML(
            '<figcaption><span class="credit">Photo: Jane Doe / Agency</span></figcaption>', html
        )

    def test_it_escapes_what_editors_typed(self):
        self.save_lead_image(data={"alt_text": 'A "quote" <script>', "credit": "<b>Agency</b>"})
        html = self.render()
        self.assertIn('alt="A &quot;quote&quot; &lt;script&gt;"', html)
        self.assertIn("&lt;b&gt;Agency&lt;/b&gt;", html)
        self.assertNotIn("<script>", html)

    def test_it_renders_nothing_without_a_lead_image(self):
        self.assertEqual(self.render().strip(), "")

    def test_it_renders_nothing_until_the_renditions_are_made(self):
        lead_image = self.save_lead_image()
        LeadImage.objects.filter(pk=lead_image.pk).update(renditions=[])
        self.assertEqual(self.render().strip(), "")

    def test_it_renders_nothing_without_an_article(self):
        self.assertEqual(render_to_string("images/_lead.html", {}).strip(), "")
