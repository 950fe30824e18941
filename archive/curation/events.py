"""Editors' actions on events: attach or detach an article, make an event from a story.

A detached automatic link is kept as ``rejected``, so analysis does not bring it back.
"""
from django.db import transaction

from archive.models import Article, CurationLog, Event, EventArticle, Person
from archive.nlp.slugs import unique_slug

from .log import log

Action = CurationLog.Action


@transaction.atomic
def attach_article(event: Event, article, *, acting_user) -> None:
    """An editor links an article to an event; analysis never removes this link."""
    EventArticle.objects.update_or_create(event=event, article=article,
                                          defaults={"source": EventArticle.Source.EDITOR})
    log(acting_user, Action.ATTACH, f"Attached article #{article.pk} to {event}", event=event.pk, article=article.pk)


@transaction.atomic
def detach_article(event: Event, article, *, acting_user) -> None:
    """An editor unlinks an article; the row stays as ``rejected`` so analysis does not relink."""
    EventArticle.objects.update_or_create(event=event, article=article,
                                          defaults={"source": EventArticle.Source.REJECTED, "score": 0})
    log(acting_user, Action.DETACH, f"Detached article #{article.pk} from {event}", event=event.pk, article=article.pk)


@transaction.atomic
def event_from_cluster(cluster, *, acting_user) -> Event:
    """Create an event from a proposed story cluster; its articles are attached by the editor."""
    articles = list(Article.objects.filter(story=cluster))
    slug = unique_slug(Event, cluster.label, fallback=f"story-{cluster.pk}")
    event = Event.objects.create(slug=slug, name_en=cluster.label or f"Story {cluster.pk}",
                                 start_date=cluster.start_date, end_date=cluster.end_date)
    # Hidden people keep their mentions, but stay out of events (and of the 20 places).
    people = Person.objects.visible().filter(mentions__article__in=articles).distinct()
    event.participants.add(*people[:20])
    for article in articles:
        EventArticle.objects.update_or_create(event=event, article=article,
                                              defaults={"source": EventArticle.Source.EDITOR})
    cluster.event = event
    cluster.save(update_fields=["event"])
    log(acting_user, Action.EVENT_FROM_STORY, f"Created event {event} from story #{cluster.pk}",
        event=event.pk, cluster=cluster.pk)
    return event
