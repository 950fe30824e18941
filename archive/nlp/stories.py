"""Story clusters: articles that report the same story, across languages.

An article linked to an event joins that event's cluster. Otherwise it joins
the cluster of a nearby article (within two days) that mentions mostly the same
people; a cluster without an event is what the admin offers as a proposed event.
"""
from datetime import timedelta

from django.db.models import Count, Q

from archive.models import Article, Mention, StoryCluster

STORY_DAYS = 2
MIN_SHARED_PEOPLE = 2
MIN_OVERLAP = 0.5


def _cluster_for_event(event, article) -> StoryCluster:
    cluster = StoryCluster.objects.filter(event=event).order_by("id").first()
    if cluster is None:
        cluster = StoryCluster.objects.create(event=event, label=event.name_en,
                                              start_date=event.start_date, end_date=event.end_date)
    return cluster


def similar_article(article: Article, people) -> Article | None:
    """The nearby article sharing most of this one's people, if any shares enough.

    One query: the candidates (up to 20, most shared people first) come with
    their shared and total mention counts. Hidden people's mentions are kept but count
    for neither side (``people`` never holds a hidden person).
    """
    ids = {p.pk for p in people}
    if len(ids) < MIN_SHARED_PEOPLE or not article.published:
        return None
    window = (article.published - timedelta(days=STORY_DAYS), article.published + timedelta(days=STORY_DAYS))
    sharing = Mention.objects.filter(person_id__in=ids, article__published__range=window).values("article")
    candidates = (Article.objects.filter(pk__in=sharing).exclude(pk=article.pk)
                  .annotate(shared=Count("mentions", filter=Q(mentions__person_id__in=ids)),
                            total=Count("mentions", filter=Q(mentions__person__hidden=False)))
                  .filter(shared__gte=MIN_SHARED_PEOPLE)
                  .only("id", "story")
                  .order_by("-shared", "id")[:20])
    for other in candidates:
        if other.shared / (len(ids) + other.total - other.shared) >= MIN_OVERLAP:  # Jaccard of the people
            return other
    return None


def assign_story(article: Article, events, people, *, fresh: bool = False) -> StoryCluster | None:
    """Put ``article`` in its story cluster (idempotent).

    ``fresh``: the article was created in this transaction, with no story yet.
    """
    if events:
        cluster = _cluster_for_event(events[0], article)
    elif article.story_id and article.story.event_id is None:
        return article.story
    else:
        other = similar_article(article, people)
        if other is None:
            cluster = None
        elif other.story_id:
            cluster = other.story
        else:
            names = ", ".join(p.name for p in people[:3])
            cluster = StoryCluster.objects.create(label=f"{names} ({article.published:%Y-%m-%d})",
                                                  start_date=article.published, end_date=article.published)
            Article.objects.filter(pk=other.pk).update(story=cluster)
    if cluster and article.published:
        changed = False
        if not cluster.start_date or article.published < cluster.start_date:
            cluster.start_date, changed = article.published, True
        if not cluster.end_date or article.published > cluster.end_date:
            cluster.end_date, changed = article.published, True
        if changed:
            cluster.save(update_fields=["start_date", "end_date"])
    if cluster is not None or not fresh:  # a fresh article without a story has nothing to write
        Article.objects.filter(pk=article.pk).update(story=cluster)
    article.story = cluster
    return cluster
