"""Post bodies and comments converted by a second process (parallel.py) while the import
writes: the same articles, comments, lists, index and summary as converting them in the
importing process, and no process left behind, whatever happens."""

import io
import multiprocessing
import os
import signal
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.db import transaction

from dateline.articles.models import Article
from dateline.related.models import RelatedLink
from dateline.search.tests.base import index_rows
from dateline.wordpress import content
from dateline.wordpress.management.commands.generate_wxr import generate_export
from dateline.wordpress.parallel import WorkerFailed, can_fork, forked_results
from dateline.wordpress.tests.base import (
    ImportedComment,
    ImportTestCase,
    import_wordpress_export,
    item_xml,
    wxr,
)
from dateline.wordpress.wxr import read_export

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork() or a single CPU here")


def fail_on(number):
    if number == 3:
        raise ValueError("three is right out")
    return number


@needs_fork
def test_results_come_in_order_from_a_second_process():
    with forked_results(lambda n: (n * n, os.getpid()), range(5)) as results:
        squares, pids = zip(*results, strict=True)
    assert squares == (0, 1, 4, 9, 16)
    assert set(pids) != {os.getpid()}
    assert multiprocessing.active_children() == []


def test_without_parallel_they_are_worked_out_here():
    with forked_results(lambda n: (n * n, os.getpid()), range(5), parallel=False) as results:
        assert list(results) == [(n * n, os.getpid()) for n in range(5)]


@needs_fork
def test_an_error_in_the_worker_is_raised_here_and_no_worker_is_left():
    with (
        pytest.raises(WorkerFailed, match="three is right out"),
        forked_results(fail_on, range(10)) as results,
    ):
        assert next(results) == 0
        list(results)
    assert multiprocessing.active_children() == []


@needs_fork
def test_with_on_failure_a_killed_worker_leaves_the_rest_to_this_process():
    here = os.getpid()

    def square_unless_killed(n):
        if n == 3 and os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        return n * n, os.getpid()

    failures = []
    with forked_results(square_unless_killed, range(6), on_failure=failures.append) as results:
        squares, pids = zip(*results, strict=True)
    assert squares == (0, 1, 4, 9, 16, 25)
    assert here not in pids[:3] and pids[3:] == (here, here, here)
    assert [failure.reason for failure in failures] == [
        "the worker process stopped unexpectedly (killed by SIGKILL)"
    ]
    assert multiprocessing.active_children() == []


@needs_fork
def test_ctrl_c_here_ends_the_worker():
    with pytest.raises(KeyboardInterrupt), forked_results(fail_on, range(2, 100)) as results:
        next(results)
        raise KeyboardInterrupt
    assert multiprocessing.active_children() == []


class ParallelImportTestCase(ImportTestCase):
    def import_and_read_back(self, export, *, parallel):
        """Import `export` inside a savepoint, read back what a reader and an editor would
        see (by WordPress ids and slugs, which don't depend on the order rows were made),
        then roll it back."""
        with transaction.atomic():
            summary = import_wordpress_export(
                read_export(io.BytesIO(export.encode())), parallel=parallel
            )
            comments = {
                row.wp_id: (
                    row.comment.article.slug, row.comment.body, row.comment.status,
                    row.comment.depth, row.comment.author_name,
                    row.comment.parent.wordpress_comment.wp_id if row.comment.parent else None,
                )
                for row in ImportedComment.objects.select_related("comment__article")
            }  # fmt: skip
            seen = {
                "summary": summary.lines(2),
                "articles": [
                    (
                        a.slug,
                        a.headline,
                        a.dek,
                        a.body,
                        a.excerpt,
                        a.status,
                        a.published_at,
                        a.updated_at,
                        a.comment_count,
                        a.primary_topic.slug,
                        sorted(t.slug for t in a.topics.all()),
                        [x.slug for x in a.byline_authors],
                    )
                    for a in Article.objects.with_bylines().order_by("slug")
                ],  # fmt: skip
                "comments": comments,
                "related": sorted(
                    (link.article.slug, link.position, link.related.slug, link.reason)
                    for link in RelatedLink.objects.select_related("article", "related")
                ),
                "search": self.search_index(),
            }
            transaction.set_rollback(True)
        return seen

    def search_index(self):
        """What the search index holds, by article slug."""
        slugs = dict(Article.objects.values_list("pk", "slug"))
        return sorted((slugs[pk], *rest) for pk, *rest in index_rows())

    @needs_fork
    def test_a_second_process_imports_what_one_process_imports(self):
        out = io.StringIO()
        generate_export(out, posts=30, comments=150, newest=datetime(2024, 6, 1, tzinfo=UTC))
        export = out.getvalue()

        with mock.patch("dateline.wordpress.services.BATCH", 7):  # several batches
            in_two = self.import_and_read_back(export, parallel=True)
            in_one = self.import_and_read_back(export, parallel=False)

        self.assertEqual(len(in_two["articles"]), 30)
        self.assertEqual(len(in_two["comments"]), 150)
        self.assertTrue(in_two["search"])
        self.assertTrue(in_two["related"])
        for part in in_one:
            self.assertEqual(in_two[part], in_one[part], part)

    @needs_fork
    def test_an_import_whose_converting_process_is_killed_converts_the_rest_itself(self):
        export = wxr(*(item_xml(n, title=f"Story {n}") for n in range(1, 8)))
        importer = os.getpid()
        convert_body = content.convert_body

        def killed_at_post_4(raw, **kwargs):
            if os.getpid() != importer and kwargs["post_id"] == 4:
                os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer
            return convert_body(raw, **kwargs)

        with (
            mock.patch("dateline.wordpress.services.BATCH", 3),  # batch 1 came back first
            mock.patch.object(content, "convert_body", killed_at_post_4),
            self.assertLogs("dateline.wordpress.services", "WARNING"),
        ):
            output = self.run_import(export)

        self.assertEqual(
            sorted(Article.objects.values_list("slug", flat=True)),
            [f"post-{n}" for n in range(1, 8)],
        )
        self.assertIn(
            "Posts: 7 in the export: 7 created, 0 updated, 0 unchanged, 0 failed.", output
        )
        self.assertIn(
            "Converting post bodies: the worker process stopped unexpectedly (killed by "
            "SIGKILL); the import converted the rest itself, more slowly.",
            output,
        )
        self.assertIn("Import done.", output)
        self.assertEqual(multiprocessing.active_children(), [])

    def test_a_post_whose_body_cant_be_converted_fails_alone_either_way(self):
        export = wxr(item_xml(1), item_xml(2, body="[caption]Cursed[/caption]"), item_xml(3))
        convert_body = content.convert_body

        def cursed(raw, **kwargs):
            if "Cursed" in raw:
                raise ValueError("the converter gave up")
            return convert_body(raw, **kwargs)

        for parallel in (True, False):
            with (
                self.subTest(parallel=parallel),
                mock.patch.object(content, "convert_body", cursed),
            ):
                seen = self.import_and_read_back(export, parallel=parallel)
                self.assertEqual([a[0] for a in seen["articles"]], ["post-1", "post-3"])
                summary = " ".join(" ".join(seen["summary"]).split())  # unwrapped
                self.assertIn("0 updated, 0 unchanged, 1 failed", summary)
                self.assertIn("failed, nothing of it was saved: the converter gave up", summary)
        self.assertEqual(multiprocessing.active_children(), [])
