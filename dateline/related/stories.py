"""Stories: which published articles cover the same developing story. Writes live here;
what a story is, and how similar two articles are as parts of one, in scoring.py.

- At publish time (`assign`, called by services.refresh_related): the article joins the
  story its nearest articles are in when its average story similarity to that story's
  members is at least STORY_THRESHOLD, or starts one with its nearest article that is in
  none; otherwise it is in no story (most articles are not).
- In a rebuild (`apply`, called by rebuild.py): every article is grouped again, by
  average-link clustering (scoring.cluster_stories) over each article's nearest
  neighbours; existing stories keep their rows (and addresses) where their articles stay.
- Editors' decisions stick: an article an editor put in a story stays there; one an
  editor took out is never put back in it; a name an editor gave is kept.
"""

from collections import Counter, defaultdict

from django.db import transaction
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


def story_name(article_ids):
    """An automatic story's name: its first article's headline."""
    first = (
        Article.objects.filter(pk__in=article_ids)
        .order_by("published_at", "pk")
        .values_list("headline", flat=True)
        .first()
    )
    return Truncator(first or "A developing story").chars(200)


def new_story(article_ids):
    name = story_name(article_ids)
    story = Story.objects.create(name=name, slug=f"pending-{min(article_ids)}-{len(article_ids)}")
    story.slug = f"{slugify(name)[:180] or 'story'}-{story.pk}"
    story.save(update_fields=["slug"])
    return story


def announce(story_ids):
    """The pages that show these stories changed: the story pages and their articles'."""
    members = StoryMember.objects.filter(story_id__in=story_ids).values_list(
        "article_id", flat=True
    )
    changes.announce(*map(changes.story, story_ids), *map(changes.article, members))


@transaction.atomic
def assign(article, candidates):
    """Put a just-published (or updated) article in its story, or in none. `candidates`:
    [(article id, text cosine)] of its nearest live articles, best first."""
    member = StoryMember.objects.filter(article=article).select_related("story").first()
    if member is not None and member.by_editor:
        return member.story
    before = member.story_id if member is not None else None
    nearest = [(pk, text) for pk, text in candidates[: scoring.STORY_NEIGHBOURS] if text > 0]
    docs = {doc.id: doc for doc in docs_of([article.pk, *(pk for pk, _ in nearest)])}
    entities = entity_vectors(docs.values())
    own = docs[article.pk]
    similarity = {
        pk: scoring.story_similarity(
            text,
            scoring.similarity(entities[article.pk], entities.get(pk, {})),
            own.published_at,
            docs[pk].published_at if pk in docs else None,
        )
        for pk, text in nearest
        if pk in docs
    }
    story_of = dict(
        StoryMember.objects.filter(article_id__in=list(similarity)).values_list(
            "article_id", "story_id"
        )
    )
    excluded = set(
        StoryExclusion.objects.filter(article=article).values_list("story_id", flat=True)
    )
    sizes = Counter(
        StoryMember.objects.live()
        .filter(story_id__in=set(story_of.values()))
        .exclude(article=article)
        .values_list("story_id", flat=True)
    )
    sums = defaultdict(float)
    for pk, value in similarity.items():
        if pk in story_of:
            sums[story_of[pk]] += value
    averages = {
        story_id: total / sizes[story_id]
        for story_id, total in sums.items()
        if sizes[story_id] and story_id not in excluded
    }
    target = None
    best = max(averages.items(), key=lambda item: item[1], default=(None, 0.0))
    if best[1] >= scoring.STORY_THRESHOLD:
        target = Story.objects.get(pk=best[0])
    else:
        alone = [(pk, v) for pk, v in similarity.items() if pk not in story_of]
        partner = max(alone, key=lambda item: item[1], default=(None, 0.0))
        if partner[1] >= scoring.STORY_THRESHOLD:
            target = new_story([article.pk, partner[0]])
            StoryMember.objects.create(article_id=partner[0], story=target)
    if target is None:
        if member is not None:
            member.delete()
    elif member is None:
        StoryMember.objects.create(article=article, story=target)
    else:
        member.story = target
        member.save(update_fields=["story"])
    touched = {story_id for story_id in (before, target and target.pk) if story_id}
    if touched:
        announce(touched)
        drop_empty(touched)
    return target


def leave(article):
    """An unpublished article leaves the story it was put in automatically."""
    member = StoryMember.objects.filter(article=article, by_editor=False).first()
    if member is not None:
        story_id = member.story_id
        member.delete()
        announce([story_id])
        drop_empty([story_id])


def drop_empty(story_ids):
    """Stories left with no article at all go (one left: it waits for the next)."""
    Story.objects.filter(pk__in=story_ids, members__isnull=True).delete()


@transaction.atomic
def apply(groups):
    """Make the automatic memberships those of `groups` (sets of article ids, from a
    rebuild's clustering), keeping editors' decisions and existing stories' rows."""
    fixed = dict(StoryMember.objects.filter(by_editor=True).values_list("article_id", "story_id"))
    excluded = set(StoryExclusion.objects.values_list("article_id", "story_id"))
    current = dict(StoryMember.objects.values_list("article_id", "story_id"))
    wanted = {}
    used = set()
    for group in sorted(groups, key=len, reverse=True):
        # The story most of the group is in already (an editor's first): its row stays.
        votes = Counter(current[pk] for pk in group if pk in current)
        editor_votes = Counter(fixed[pk] for pk in group if pk in fixed)
        choice = (editor_votes or votes).most_common(1)
        story_id = choice[0][0] if choice and choice[0][0] not in used else None
        if story_id is None:
            story_id = new_story([pk for pk in group if pk not in fixed]).pk
        used.add(story_id)
        for pk in group:
            if pk not in fixed and (pk, story_id) not in excluded:
                wanted[pk] = story_id
    automatic = StoryMember.objects.filter(by_editor=False)
    gone = [pk for pk, at in current.items() if pk not in fixed and wanted.get(pk) != at]
    touched = {current[pk] for pk in gone} | set(wanted.values())
    automatic.filter(article_id__in=gone).delete()
    StoryMember.objects.bulk_create(
        [StoryMember(article_id=pk, story_id=story_id) for pk, story_id in wanted.items()
         if current.get(pk) != story_id]
    )  # fmt: skip
    for story in Story.objects.filter(pk__in=touched, named_by_editor=False):
        ids = list(story.members.values_list("article_id", flat=True))
        if ids:
            name = story_name(ids)
            if name != story.name:
                story.name = name
                story.save(update_fields=["name"])
    drop_empty(touched)
    if touched:
        changes.announce(changes.SITE)  # many pages at once: every article page's parts
    return len(groups)


# Reads for the reader pages.

SHOWN = 5


def block_for(article):
    """What "More on this story" shows on `article`'s page, or None: up to SHOWN other
    live articles of its story, those nearest to it in time, oldest first, each with
    whether it is the story's latest. One query, two for an article in a story."""
    member = StoryMember.objects.filter(article=article).select_related("story").first()
    if member is None:
        return None
    others = list(
        Article.objects.published()
        .filter(story_member__story=member.story_id)
        .exclude(pk=article.pk)
        .select_related("primary_topic")
    )
    if not others:
        return None
    latest = max([*others, article], key=lambda a: (a.published_at, a.pk))
    moment = article.published_at
    nearest = sorted(others, key=lambda a: abs((a.published_at - moment).total_seconds()))
    shown = sorted(nearest[:SHOWN], key=lambda a: (a.published_at, a.pk))
    return {
        "story": member.story,
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
