"""Arrange a flat list of comments into threads. Pure: no queries."""


def build_threads(comments):
    """Top-level comments in order, each with `.thread_replies` (nested the same way).

    A reply whose parent is not shown (held, removed) is shown at the top level rather
    than lost.
    """
    by_id = {comment.pk: comment for comment in comments}
    roots = []
    for comment in comments:
        comment.thread_replies = []
    for comment in comments:
        parent = by_id.get(comment.parent_id)
        if parent is not None and parent is not comment:
            parent.thread_replies.append(comment)
        else:
            roots.append(comment)
    return roots


def count_in_threads(roots):
    return sum(1 + count_in_threads(root.thread_replies) for root in roots)
