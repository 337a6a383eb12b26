"""The newsroom's roles, as Django groups. Read this table to know who may do what.

- Authors write and submit their own drafts (the admin shows them only their articles,
  and only while those are drafts or in review).
- Editors edit, schedule, publish and unpublish any article, manage topics and authors,
  send newsletters, arrange the front page and switch the breaking-news banner on and off.
- Live coverage: an article's authors and the editors post, edit, pin and take down its
  updates; editors start and end the coverage.
- Moderators handle comments only.
- Administrators manage people and settings (users, groups, blocklists) and everything else.
- A reader's request for their personal data (export or erase, dateline/privacy/) may be
  handled by anyone who moderates comments or changes newsletter subscribers: Moderators,
  Editors and Administrators.
"""

from django.contrib.auth.models import Group, Permission

AUTHORS, EDITORS, MODERATORS, ADMINISTRATORS = "Authors", "Editors", "Moderators", "Administrators"

# (app label, codename) pairs; "*" means every permission of the app.
ROLE_PERMISSIONS = {
    AUTHORS: [
        ("articles", "add_article"), ("articles", "change_article"), ("articles", "view_article"),
        ("articles", "add_byline"), ("articles", "change_byline"), ("articles", "view_byline"),
        ("articles", "delete_byline"),
        ("topics", "view_topic"), ("authors", "view_author"),
        ("related", "view_relatedlink"),
        ("images", "add_leadimage"), ("images", "change_leadimage"),
        ("images", "view_leadimage"), ("images", "delete_leadimage"),
        # Place pictures from the media library in their stories, and add new ones to it.
        ("images", "view_libraryimage"), ("images", "add_libraryimage"),
        ("live", "add_entry"), ("live", "change_entry"), ("live", "view_entry"),
        ("live", "view_coverage"),
    ],
    EDITORS: [
        ("articles", "*"), ("topics", "*"), ("authors", "*"), ("related", "*"),
        ("newsroom", "*"), ("images", "*"), ("reversion", "*"), ("newsletters", "*"),
        ("live", "*"), ("frontpage", "*"), ("banners", "*"),
    ],
    MODERATORS: [("comments", "*")],
    ADMINISTRATORS: [
        ("auth", "*"), ("articles", "*"), ("topics", "*"), ("authors", "*"), ("related", "*"),
        ("newsroom", "*"), ("images", "*"), ("comments", "*"), ("reversion", "*"),
        ("newsletters", "*"), ("live", "*"), ("frontpage", "*"), ("banners", "*"),
    ],
}  # fmt: skip


def permissions_for(role):
    found = Permission.objects.none()
    for app_label, codename in ROLE_PERMISSIONS[role]:
        perms = Permission.objects.filter(content_type__app_label=app_label)
        if codename != "*":
            perms = perms.filter(codename=codename)
        found |= perms
    return found


def ensure_roles(**kwargs):
    for role in ROLE_PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions_for(role))


def can_publish(user):
    return user.has_perm("articles.publish_article")


def can_edit_any(user):
    return user.has_perm("articles.edit_any_article")


def is_author_of(user, article):
    return article.pk is not None and article.bylines.filter(author__user=user).exists()


# What each kind of admin page needs: the codenames' verbs, any one of which will do.
PAGE_VERBS = {"add": ["add"], "delete": ["delete"]}
VIEW_VERBS = ["view", "change"]


def roles_allowed(app_label, model_name=None, page=None):
    """The roles whose permissions open an admin page: a model's page (`page` is "add",
    "change", "changelist", "history", "delete" or a custom one) or, without a model, an
    app's index. Read from ROLE_PERMISSIONS, so it needs no database."""
    verbs = PAGE_VERBS.get(page, VIEW_VERBS)
    allowed = []
    for role, entries in ROLE_PERMISSIONS.items():
        for label, codename in entries:
            if label != app_label:
                continue
            if codename == "*" or model_name is None:
                allowed.append(role)
                break
            verb, _, model = codename.partition("_")
            if model == model_name and verb in verbs:
                allowed.append(role)
                break
    return allowed
