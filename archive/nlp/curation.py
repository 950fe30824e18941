"""Editors' curation of people and events, as service functions (one transaction each).

Every action is written to ``CurationLog`` (who, what, when). Analysis respects
the outcome: a merged person's names belong to the survivor, a hidden person is
never linked again, a detached automatic event link is kept as ``rejected``.
"""
from django.db import transaction
from django.utils import timezone

from archive.models import CurationLog, Event, EventArticle, Mention, MergeSuggestion, Person, PersonName

from .gazetteer import clear_cache  # noqa: F401  (re-exported for the admin)
from .keys import name_key
from .linking import script_of, unique_slug


def log(user, action: str, summary: str, **details) -> CurationLog:
    """Record one curation action."""
    return CurationLog.objects.create(user=user if getattr(user, "pk", None) else None,
                                      action=action, summary=summary, details=details)


@transaction.atomic
def merge_people(keep: Person, other: Person, *, user=None) -> Person:
    """Merge ``other`` into ``keep``: names and mentions move, ``other`` stays as a redirect."""
    if keep.pk == other.pk:
        raise ValueError("cannot merge a person into itself")
    if keep.merged_into_id:
        raise ValueError(f"{keep} was itself merged into another person")
    have = set(keep.names.values_list("name", "language"))
    for row in other.names.all():
        if (row.name, row.language) in have:
            row.delete()
        else:
            row.person = keep
            if row.kind == PersonName.Kind.CANONICAL and keep.names.filter(
                    language=row.language, kind=PersonName.Kind.CANONICAL).exists():
                row.kind = PersonName.Kind.ALIAS
            row.save(update_fields=["person", "kind"])
    moved = 0
    for mention in Mention.objects.filter(person=other):
        existing = Mention.objects.filter(article_id=mention.article_id, person=keep).first()
        if existing:
            existing.count += mention.count
            existing.first_position = min(existing.first_position, mention.first_position)
            existing.surface_forms = list(dict.fromkeys(existing.surface_forms + mention.surface_forms))
            existing.save()
            mention.delete()
        else:
            mention.person = keep
            mention.save(update_fields=["person"])
        moved += 1
    for event in other.events.all():
        event.participants.add(keep)
        event.participants.remove(other)
    Person.objects.filter(merged_into=other).update(merged_into=keep)
    other.merged_into = keep
    other.save(update_fields=["merged_into"])
    if keep.origin != Person.Origin.CURATED and other.origin == Person.Origin.CURATED:
        keep.origin = Person.Origin.CURATED
        keep.save(update_fields=["origin"])
    MergeSuggestion.objects.filter(person__in=[keep, other], other__in=[keep, other],
                                   status=MergeSuggestion.Status.PENDING).update(
        status=MergeSuggestion.Status.ACCEPTED, decided_by=user if getattr(user, "pk", None) else None,
        decided_at=timezone.now())
    clear_cache()
    log(user, "merge", f"Merged {other} (#{other.pk}) into {keep} (#{keep.pk}); {moved} mentions moved",
        keep=keep.pk, other=other.pk, mentions=moved)
    return keep


@transaction.atomic
def split_name(name: PersonName, *, user=None) -> Person:
    """Move a wrongly attached name (and its inflected forms' mentions stay) to a new person."""
    old = name.person
    person = Person.objects.create(name=name.name if script_of(name.name) == "Latn" else name.name,
                                   slug=unique_slug(name.name), origin=Person.Origin.DISCOVERED)
    name.person, name.kind = person, PersonName.Kind.CANONICAL
    name.save(update_fields=["person", "kind"])
    # Forms of the split name (same surname key) go with it.
    last = name.key.split()[-1] if name.key else ""
    if last:
        for row in old.names.filter(kind=PersonName.Kind.INFLECTED, language=name.language):
            if row.key.split() and row.key.split()[-1].startswith(last) and not old.names.filter(
                    kind__in=[PersonName.Kind.CANONICAL, PersonName.Kind.ALIAS],
                    key__endswith=row.key.split()[-1]).exists():
                row.person = person
                row.save(update_fields=["person"])
    clear_cache()
    log(user, "split", f"Split {name.name!r} off {old} (#{old.pk}) into new person #{person.pk}",
        old=old.pk, new=person.pk, name=name.name)
    return person


@transaction.atomic
def add_person_name(person: Person, name: str, language: str, *, user=None) -> PersonName:
    """Add an alias to ``person``."""
    row, _ = PersonName.objects.get_or_create(
        person=person, name=name, language=language,
        defaults={"kind": PersonName.Kind.ALIAS, "key": name_key(name), "script": script_of(name)})
    clear_cache()
    log(user, "add_name", f"Added name {name!r} ({language}) to {person}", person=person.pk, name=name)
    return row


@transaction.atomic
def set_hidden(person: Person, hidden: bool, *, user=None) -> None:
    """Hide a false person (kept out of pages, search and future analysis) or show it again."""
    person.hidden = hidden
    person.save(update_fields=["hidden"])
    if hidden:
        Mention.objects.filter(person=person).delete()
    clear_cache()
    log(user, "hide" if hidden else "unhide", f"{'Hid' if hidden else 'Showed'} {person} (#{person.pk})",
        person=person.pk)


@transaction.atomic
def decide_suggestion(suggestion: MergeSuggestion, accept: bool, *, user=None) -> None:
    """Accept (merge the pair, keeping the older record) or reject a merge suggestion."""
    if accept:
        keep, other = sorted([suggestion.person, suggestion.other],
                             key=lambda p: (p.origin != Person.Origin.CURATED, p.pk))
        merge_people(keep, other, user=user)
    suggestion.status = MergeSuggestion.Status.ACCEPTED if accept else MergeSuggestion.Status.REJECTED
    suggestion.decided_by = user if getattr(user, "pk", None) else None
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    if not accept:
        log(user, "reject_merge", f"Rejected merging {suggestion.person} and {suggestion.other}",
            suggestion=suggestion.pk)


@transaction.atomic
def attach_article(event: Event, article, *, user=None) -> None:
    """An editor links an article to an event; analysis never removes this link."""
    EventArticle.objects.update_or_create(event=event, article=article,
                                          defaults={"source": EventArticle.Source.EDITOR})
    log(user, "attach", f"Attached article #{article.pk} to {event}", event=event.pk, article=article.pk)


@transaction.atomic
def detach_article(event: Event, article, *, user=None) -> None:
    """An editor unlinks an article; the row stays as ``rejected`` so analysis does not relink."""
    EventArticle.objects.update_or_create(event=event, article=article,
                                          defaults={"source": EventArticle.Source.REJECTED, "score": 0})
    log(user, "detach", f"Detached article #{article.pk} from {event}", event=event.pk, article=article.pk)


@transaction.atomic
def event_from_cluster(cluster, *, user=None) -> Event:
    """Create an event from a proposed story cluster; its articles are attached by the editor."""
    from django.utils.text import slugify

    from archive.models import Article

    articles = list(Article.objects.filter(story=cluster))
    base = slugify(cluster.label)[:180] or f"story-{cluster.pk}"
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    event = Event.objects.create(slug=slug, name_en=cluster.label or f"Story {cluster.pk}",
                                 start_date=cluster.start_date, end_date=cluster.end_date)
    people = Person.objects.filter(mentions__article__in=articles).distinct()
    event.participants.add(*people[:20])
    for article in articles:
        EventArticle.objects.update_or_create(event=event, article=article,
                                              defaults={"source": EventArticle.Source.EDITOR})
    cluster.event = event
    cluster.save(update_fields=["event"])
    log(user, "event_from_story", f"Created event {event} from story #{cluster.pk}",
        event=event.pk, cluster=cluster.pk)
    return event
