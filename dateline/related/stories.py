"""Stories: which published articles cover the same developing story. Writes live here;
what a story is, and how similar two articles are as parts of one, in scoring.py.

- Stories are groups found by average-link clustering (scoring.cluster_stories) over a
  graph that links every article to its STORY_NEIGHBOURS nearest (StoryNeighbour).
- In a rebuild (rebuild.py): the whole graph is made and grouped again (`apply`).
- At publish time (`assign`, called by services.refresh_related): the article's links are
  added, and its neighbourhood (the article, its nearest, every article of their stories)
  is grouped again; so the article joins a story, starts one, or stays in none (most
  articles do), and an early mistake in the neighbourhood is mended as more arrive.
- Existing stories keep their rows (and addresses) where their articles stay.
- Editors' decisions stick: an article an editor put in a story stays there; one an
  editor took out is never put back in it; a name an editor gave is kept.
"""

from collections import Counter, defaultdict
from uuid import uuid4

from django.db import transaction
from django.db.models import Q
from django.utils.text import Truncator, slugify

from dateline import changes
from dateline.articles.models import Article
from dateline.articles.text import plain_text
from dateline.related import scoring
from dateline.related.models import (
    RelatedIndexState,
    Story,
    StoryExclusion,
    StoryMember,
    StoryNeighbour,
    TermStatistic,
)


def entity_vectors(docs, documents=None):
    """{doc id: its names' signature} (scoring.entity_counts, weighted as the text is)."""
    counts = {doc.id: scoring.entity_counts(doc) for doc in docs}
    terms = set().union(*counts.values()) if counts else set()
    frequencies = dict(
        TermStatistic.objects.filter(term__in=list(terms)).values_list("term", "documents")
    )
    if documents is None:
        documents = RelatedIndexState.get().documents
    idf_of, unseen = scoring.idf_table(frequencies, max(documents, 1))
    return {pk: scoring.weigh(found, idf_of, unseen) for pk, found in counts.items()}


def docs_of(article_ids):
    return [
        scoring.Doc(id=pk, headline=headline, dek=dek, body=plain_text(body), published_at=at)
        for pk, headline, dek, body, at in Article.objects.filter(pk__in=article_ids).values_list(
            "pk", "headline", "dek", "body", "published_at"
        )
    ]


def story_name(headline):
    """An automatic story's name: its first article's headline."""
    return Truncator(headline or "A developing story").chars(200)


def first_headlines(article_ids):
    """{article id: (published_at, id, headline)}, to find each group's first article."""
    found = {}
    for batch in batches(article_ids):
        for pk, at, headline in Article.objects.filter(pk__in=batch).values_list(
            "pk", "published_at", "headline"
        ):
            found[pk] = (at, pk, headline)
    return found


def create_stories(groups):
    """New stories, one per group of article ids (in order), each named after its first
    article: a rebuild from nothing makes thousands, in a few queries."""
    known = first_headlines({pk for group in groups for pk in group})
    created = []
    for group in groups:
        first = min((known[pk] for pk in group if pk in known), default=None)
        name = story_name(first[2] if first else "")
        created.append(Story(name=name, slug=f"pending-{uuid4().hex}"))
    created = Story.objects.bulk_create(created)
    for story in created:
        story.slug = f"{slugify(story.name)[:180] or 'story'}-{story.pk}"
    Story.objects.bulk_update(created, ["slug"], batch_size=BATCH)
    return created


def new_story(article_ids):
    return create_stories([list(article_ids)])[0]


def rename_automatic(story_ids):
    """Stories not named by an editor take the headline of their (new) first article."""
    firsts = {}
    for batch in batches(story_ids):
        rows = StoryMember.objects.filter(
            story_id__in=batch, story__named_by_editor=False
        ).values_list("story_id", "article__published_at", "article_id", "article__headline")
        for story_id, at, pk, headline in rows:
            if story_id not in firsts or (at, pk) < firsts[story_id][:2]:
                firsts[story_id] = (at, pk, headline)
    renamed = []
    for batch in batches(list(firsts)):
        for story in Story.objects.filter(pk__in=batch).only("pk", "name"):
            name = story_name(firsts[story.pk][2])
            if name != story.name:
                story.name = name
                renamed.append(story)
    Story.objects.bulk_update(renamed, ["name"], batch_size=BATCH)


# Ids per IN (...) list: SQLite takes at most 32,766 parameters in one statement.
BATCH = 5000


def batches(ids):
    ids = list(ids)
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def announce(story_ids):
    """The pages that show these stories changed: the story pages and their articles'."""
    members = StoryMember.objects.filter(story_id__in=story_ids).values_list(
        "article_id", flat=True
    )
    changes.announce(*map(changes.story, story_ids), *map(changes.article, members))


@transaction.atomic
def assign(article, candidates):
    """Put a just-published (or updated) article in its story, or in none: record its
    nearest articles (and it in theirs), then group its neighbourhood again as a rebuild
    would (the article, its nearest, and every article of their stories) and apply that
    to the neighbourhood alone. `candidates`: [(article id, text cosine)] of its nearest
    live articles, best first. Returns the article's story, or None."""
    nearest = record_neighbours(article, [(pk, text) for pk, text in candidates[:30] if text > 0])
    member = StoryMember.objects.filter(article=article).first()
    if member is not None and member.by_editor:
        return member.story
    stories_near = set(
        StoryMember.objects.filter(article_id__in=[article.pk, *nearest]).values_list(
            "story_id", flat=True
        )
    )
    local = {article.pk, *nearest}
    local.update(
        StoryMember.objects.live()
        .filter(story_id__in=stories_near)
        .values_list("article_id", flat=True)
    )
    edges = {}
    for a, b, value in StoryNeighbour.objects.filter(
        article_id__in=local, other_id__in=local
    ).values_list("article_id", "other_id", "value"):
        pair = (min(a, b), max(a, b))
        edges[pair] = max(value, edges.get(pair, 0.0))
    apply(scoring.cluster_stories(edges), scope=local)
    member = StoryMember.objects.filter(article=article).select_related("story").first()
    return member.story if member is not None else None


def record_neighbours(article, candidates):
    """The article's STORY_NEIGHBOURS nearest among `candidates` ([(id, text cosine)],
    best first) are its list now; it enters the list of every candidate it is nearer to
    than the farthest there (not only of its own nearest: that kept stale lists, and
    grouping at publish time fell well behind a rebuild's). Returns the nearest's ids."""
    size = scoring.STORY_NEIGHBOURS
    nearest = dict(candidates[:size])
    lists = defaultdict(list)
    for row in StoryNeighbour.objects.filter(article_id__in=[pk for pk, _ in candidates]).exclude(
        other_id=article.pk
    ):
        lists[row.article_id].append(row)
    entering, farther = {}, []
    for pk, text in candidates:
        rows = sorted(lists[pk], key=lambda row: row.text)
        if len(rows) >= size:
            if rows[0].text >= text:
                continue
            farther.append(rows[0].pk)
        entering[pk] = text
    docs = {doc.id: doc for doc in docs_of([article.pk, *nearest, *entering])}
    entities = entity_vectors(docs.values())
    own = docs[article.pk]

    def value(pk, text):
        return scoring.story_similarity(
            text,
            scoring.similarity(entities[article.pk], entities.get(pk, {})),
            own.published_at,
            docs[pk].published_at,
        )

    StoryNeighbour.objects.filter(article=article).delete()
    StoryNeighbour.objects.filter(pk__in=farther).delete()
    StoryNeighbour.objects.filter(article_id__in=list(entering), other=article).delete()
    StoryNeighbour.objects.bulk_create(
        [
            *(StoryNeighbour(article=article, other_id=pk, text=text, value=value(pk, text))
              for pk, text in nearest.items() if pk in docs),
            *(StoryNeighbour(article_id=pk, other=article, text=text, value=value(pk, text))
              for pk, text in entering.items() if pk in docs),
        ]
    )  # fmt: skip
    return [pk for pk in nearest if pk in docs]


def leave(article):
    """An unpublished article leaves the story it was put in automatically, and the
    nearest-article graph."""
    StoryNeighbour.objects.filter(Q(article=article) | Q(other=article)).delete()
    member = StoryMember.objects.filter(article=article, by_editor=False).first()
    if member is not None:
        story_id = member.story_id
        member.delete()
        announce([story_id])
        drop_empty([story_id])


def drop_empty(story_ids):
    """Stories left with no article at all go (one left: it waits for the next)."""
    for batch in batches(story_ids):
        Story.objects.filter(pk__in=batch, members__isnull=True).delete()


@transaction.atomic
def apply(groups, scope=None):
    """Make the automatic memberships those of `groups` (sets of article ids, from a
    clustering), keeping editors' decisions and existing stories' rows. With `scope` (the
    article ids a publish grouped again), only those articles' memberships change."""
    members = StoryMember.objects.all()
    exclusions = StoryExclusion.objects.all()
    if scope is not None:
        members = members.filter(article_id__in=scope)
        exclusions = exclusions.filter(article_id__in=scope)
    fixed = dict(members.filter(by_editor=True).values_list("article_id", "story_id"))
    excluded = set(exclusions.values_list("article_id", "story_id"))
    current = dict(members.values_list("article_id", "story_id"))
    wanted = {}
    used = set()
    pending = []  # the members of each new story, made at once below
    for group in sorted(groups, key=len, reverse=True):
        # The story most of the group is in already (an editor's first): its row stays.
        votes = Counter(current[pk] for pk in group if pk in current)
        editor_votes = Counter(fixed[pk] for pk in group if pk in fixed)
        choice = (editor_votes or votes).most_common(1)
        story_id = choice[0][0] if choice and choice[0][0] not in used else None
        if story_id is None:
            story_id = -len(pending) - 1  # stands for the new story until it exists
            pending.append([pk for pk in group if pk not in fixed])
        used.add(story_id)
        for pk in group:
            if pk not in fixed and (pk, story_id) not in excluded:
                wanted[pk] = story_id
    if pending:
        created = [story.pk for story in create_stories(pending)]
        wanted = {pk: created[-s - 1] if s < 0 else s for pk, s in wanted.items()}
    gone = [pk for pk, at in current.items() if pk not in fixed and wanted.get(pk) != at]
    touched = {current[pk] for pk in gone} | set(wanted.values())
    for batch in batches(gone):
        StoryMember.objects.filter(by_editor=False, article_id__in=batch).delete()
    StoryMember.objects.bulk_create(
        [StoryMember(article_id=pk, story_id=story_id) for pk, story_id in wanted.items()
         if current.get(pk) != story_id],
        batch_size=BATCH,
    )  # fmt: skip
    rename_automatic(touched)
    drop_empty(touched)
    if touched and scope is None:
        changes.announce(changes.SITE)  # many pages at once: every article page's parts
    elif touched:
        announce(touched)
        changes.announce(*map(changes.article, gone))
    return len(groups)


# Reads for the reader pages.

SHOWN = 5


def block_for(article):
    """What "More on this story" shows on `article`'s page, or None: up to SHOWN other
    live articles of its story, those nearest to it in time, oldest first, each with
    whether it is the story's latest. One query: the live members of the article's story,
    with the story and each article's topic."""
    members = list(
        StoryMember.objects.live()
        .filter(story__members__article=article)
        .select_related("story", "article__primary_topic")
    )
    others = [member.article for member in members if member.article_id != article.pk]
    if not others:
        return None
    latest = max([*others, article], key=lambda a: (a.published_at, a.pk))
    moment = article.published_at
    nearest = sorted(others, key=lambda a: abs((a.published_at - moment).total_seconds()))
    shown = sorted(nearest[:SHOWN], key=lambda a: (a.published_at, a.pk))
    return {
        "story": members[0].story,
        "entries": [(other, other.pk == latest.pk) for other in shown],
        "more": len(others) > SHOWN,
    }


# Editors' decisions (the admin calls these). Each sticks through rebuilds.


@transaction.atomic
def rename(story, name):
    story.name = name
    story.named_by_editor = True
    story.save(update_fields=["name", "named_by_editor"])
    announce([story.pk])


@transaction.atomic
def put_in(story, article):
    """The article belongs to `story`, whatever the grouping says."""
    member = StoryMember.objects.filter(article=article).first()
    before = member.story_id if member is not None else None
    StoryExclusion.objects.filter(article=article, story=story).delete()
    StoryMember.objects.update_or_create(
        article=article, defaults={"story": story, "by_editor": True}
    )
    touched = {story.pk, before} - {None}
    announce(touched)
    drop_empty(touched)


@transaction.atomic
def take_out(story, article):
    """The article leaves `story` and is never put back in it automatically."""
    StoryMember.objects.filter(article=article, story=story).delete()
    StoryExclusion.objects.get_or_create(article=article, story=story)
    changes.announce(changes.article(article.pk))
    announce([story.pk])
    drop_empty([story.pk])


@transaction.atomic
def merge(stories_to_merge):
    """One story from several: the oldest keeps its row and address; every article moves
    there as an editor's decision."""
    ordered = sorted(stories_to_merge, key=lambda story: (story.created_at, story.pk))
    keep, others = ordered[0], ordered[1:]
    ids = [story.pk for story in others]
    StoryMember.objects.filter(story_id__in=ids).update(story=keep, by_editor=True)
    StoryMember.objects.filter(story=keep).update(by_editor=True)
    announce([keep.pk, *ids])
    Story.objects.filter(pk__in=ids).delete()
    return keep


@transaction.atomic
def split(story, article_ids, name):
    """A new story of the given articles of `story`, which leave it for good."""
    new = new_story(article_ids)
    rename(new, name)
    for article_id in article_ids:
        StoryMember.objects.filter(story=story, article_id=article_id).update(
            story=new, by_editor=True
        )
        StoryExclusion.objects.get_or_create(article_id=article_id, story=story)
    StoryMember.objects.filter(story=story).update(by_editor=True)
    announce([story.pk, new.pk])
    drop_empty([story.pk])
    return new
