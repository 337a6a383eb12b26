import json
import re

from django.apps import apps
from django.contrib.staticfiles import finders

from dateline.api.tests.base import ApiTestCase


class SchemaTestCase(ApiTestCase):
    def test_the_openapi_schema_lists_every_path(self):
        response = self.client.get("/api/v1/schema/")

        self.assertEqual(response.status_code, 200)
        schema = json.loads(response.content)
        self.assertTrue(schema["openapi"].startswith("3."))
        self.assertEqual(schema["info"]["title"], "Dateline content API")
        self.assertEqual(
            set(schema["paths"]),
            {
                "/api/v1/",
                "/api/v1/articles/",
                "/api/v1/articles/{id}/",
                "/api/v1/articles/by-slug/{slug}/",
                "/api/v1/articles/{id}/comments/",
                "/api/v1/topics/",
                "/api/v1/topics/{slug}/",
                "/api/v1/authors/",
                "/api/v1/authors/{slug}/",
                "/api/v1/stories/{slug}/",
            },
        )
        for path, operations in schema["paths"].items():
            with self.subTest(path=path):
                self.assertEqual(set(operations), {"get"})  # read-only

    def test_the_schema_documents_the_filters_and_both_ways_to_an_article(self):
        schema = self.get_json("/api/v1/schema/")

        parameters = schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
        self.assertEqual(
            {p["name"] for p in parameters},
            {"page", "page_size", "topic", "author", "published_after", "published_before"},
        )
        by_id = schema["paths"]["/api/v1/articles/{id}/"]["get"]
        by_slug = schema["paths"]["/api/v1/articles/by-slug/{slug}/"]["get"]
        self.assertEqual(by_id["operationId"], "article_detail")
        self.assertEqual(by_slug["operationId"], "article_by_slug")
        for operation in (by_id, by_slug):
            self.assertEqual(
                operation["responses"]["200"]["content"]["application/json"]["schema"],
                {"$ref": "#/components/schemas/ArticleDetail"},
            )

    def test_the_index_points_at_everything(self):
        data = self.get_json("/api/v1/")

        self.assertEqual(data["articles"], "http://testserver/api/v1/articles/")
        self.assertEqual(data["schema_url"], "http://testserver/api/v1/schema/")


class DocsTestCase(ApiTestCase):
    def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(self):
        if not apps.is_installed("ninja"):
            # Without "ninja" in INSTALLED_APPS django-ninja would load Swagger UI from a
            # CDN: the API then serves no docs page at all.
            self.assertEqual(self.client.get("/api/v1/docs/").status_code, 404)
            return

        response = self.client.get("/api/v1/docs/")

        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        self.assertTrue(assets)
        for asset in assets:
            with self.subTest(asset=asset):
                self.assertTrue(asset.startswith("/static/ninja/"))
                self.assertIsNotNone(finders.find(asset.removeprefix("/static/")))
        self.assertNotIn("cdn", html.lower())
        self.assertNotIn("https://", html)
        # The site's policy: scripts from our own origin only, nothing inline that runs.
        self.assertIn("script-src 'self'", response["Content-Security-Policy"])
        self.assertNotRegex(html, r"<script>|<script (?![^>]*\b(src|type=\"application/json\"))")


class SchemaValidityTestCase(ApiTestCase):
    def test_the_schema_is_a_valid_openapi_document(self):
        from openapi_spec_validator import validate

        schema = self.client.get("/api/v1/schema/").json()
        validate(schema)  # raises with the first problem found
        self.assertTrue(schema["openapi"].startswith("3."))
