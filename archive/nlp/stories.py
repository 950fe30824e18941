"""Story clusters: articles that report the same story, across languages.

An article linked to an event joins that event's cluster. Otherwise it joins
the cluster of a nearby article (within two days) that mentions mostly the same
people; a cluster without an event is what the admin offers as a proposed event.
"""
from datetime import timedelta

from django.db import connection

from archive.models import Article, Mention, Person, StoryCluster

STORY_DAYS = 2
MIN_SHARED_PEOPLE = 2
MIN_OVERLAP = 0.5


def _cluster_for_event(event, article) -> StoryCluster:
    cluster = StoryCluster.objects.filter(event=event).order_by("id").first()
    if cluster is None:
        cluster = StoryCluster.objects.create(event=event, label=event.name_en,
                                              start_date=event.start_date, end_date=event.end_date)
    return cluster


# The query of similar_article as SQL: it runs for every imported article, and Django
# took ~9 ms to build the equivalent QuerySet (annotations with filtered counts, a
# subquery) against ~1.5 ms to run it (SQLite, measured during an import). Portable:
# CASE sums instead of FILTER, the same text on SQLite and PostgreSQL.
_SIMILAR_SQL = """
SELECT a.id, a.story_id,
       SUM(CASE WHEN m.person_id IN ({ids}) THEN 1 ELSE 0 END) AS shared,
       SUM(CASE WHEN p.hidden THEN 0 ELSE 1 END) AS total
FROM {article} a
JOIN {mention} m ON m.article_id = a.id
JOIN {person} p ON p.id = m.person_id
WHERE a.id IN (SELECT u.article_id FROM {mention} u JOIN {article} v ON v.id = u.article_id
               WHERE u.person_id IN ({ids}) AND v.published BETWEEN %s AND %s)
  AND a.id <> %s
GROUP BY a.id, a.story_id
HAVING SUM(CASE WHEN m.person_id IN ({ids}) THEN 1 ELSE 0 END) >= %s
ORDER BY shared DESC, a.id
LIMIT 20
"""


def similar_article(article: Article, people) -> Article | None:
    """The nearby article sharing most of this one's people, if any shares enough.

    One query: the candidates (up to 20, most shared people first) come with
    their shared and total mention counts. Hidden people's mentions are kept but count
    for neither side (``people`` never holds a hidden person).
    """
    ids = sorted({p.pk for p in people})
    if len(ids) < MIN_SHARED_PEOPLE or not article.published:
        return None
    window = (article.published - timedelta(days=STORY_DAYS), article.published + timedelta(days=STORY_DAYS))
    sql = _SIMILAR_SQL.format(
        ids=", ".join(str(int(pk)) for pk in ids), article=Article._meta.db_table,
        mention=Mention._meta.db_table, person=Person._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*window, article.pk, MIN_SHARED_PEOPLE])
        rows = cursor.fetchall()
    for pk, story_id, shared, total in rows:
        if shared / (len(ids) + total - shared) >= MIN_OVERLAP:  # Jaccard of the people
            return Article(pk=pk, story_id=story_id)
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
