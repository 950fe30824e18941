"""Editors' actions on people: merge, split a name off, add a name, hide, decide a suggestion.

Analysis respects the outcome: a merged person's names belong to the survivor, a
hidden person stays out of pages, search and events (its mentions are kept).
"""
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from archive.models import Article, CurationLog, Mention, MergeSuggestion, Person, PersonName
from archive.nlp.gazetteer import clear_cache
from archive.nlp.linking import add_name, latin_name, new_person, resolve
from archive.nlp.pipeline import analyze_article

from .log import editor, log
from .relink import articles_naming, relink_articles

Action = CurationLog.Action


@transaction.atomic
def merge_people(keep: Person, other: Person, *, acting_user) -> Person:
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
    _retarget_suggestions(keep, other, acting_user=acting_user)
    clear_cache()
    log(acting_user, Action.MERGE, f"Merged {other} (#{other.pk}) into {keep} (#{keep.pk}); {moved} mentions moved",
        keep=keep.pk, other=other.pk, mentions=moved)
    return keep


def _retarget_suggestions(keep: Person, other: Person, *, acting_user) -> None:
    """Pending suggestions naming ``other`` now concern ``keep``; the merged pair's own is accepted.

    A retargeted suggestion whose new pair already has one is redundant and goes.
    """
    decided = {"status": MergeSuggestion.Status.ACCEPTED, "decided_by": editor(acting_user),
               "decided_at": timezone.now()}
    pending = MergeSuggestion.objects.filter(status=MergeSuggestion.Status.PENDING)
    pending.filter(person__in=[keep, other], other__in=[keep, other]).update(**decided)
    for suggestion in pending.filter(Q(person=other) | Q(other=other)):
        third = suggestion.other_id if suggestion.person_id == other.pk else suggestion.person_id
        first, second = sorted([keep.pk, third])
        if first == second or MergeSuggestion.objects.filter(person_id__in=[first, second],
                                                             other_id__in=[first, second]).exists():
            suggestion.delete()
        else:
            suggestion.person_id, suggestion.other_id = first, second
            suggestion.save(update_fields=["person", "other"])


@transaction.atomic
def split_name(name: PersonName, *, acting_user) -> Person:
    """Move a wrongly attached name to a new person, with its spellings and inflected forms.

    The new person is displayed by the name's Latin form (national standard).
    Names of the old person with the same cross-script key (the same name in
    another script) go too, else analysis would link the name back through
    them. The articles whose mentions of the old person were written as one of
    the moved names are analysed again, so they link to the new person.
    """
    old = name.person
    latin = latin_name(name.name, name.language)
    person = new_person(latin)
    same = old.names.filter(key=name.key).exclude(pk=name.pk).exclude(kind=PersonName.Kind.INFLECTED)
    canonical = set()
    moved = set()
    for row in [name, *same]:
        row.person = person
        row.kind = PersonName.Kind.ALIAS if row.language in canonical else PersonName.Kind.CANONICAL
        canonical.add(row.language)
        row.save(update_fields=["person", "kind"])
        moved.add(row.name)
    # Inflected forms of the split name (same surname key) go with it, unless one
    # of the old person's own names has that surname too.
    last = name.key.split()[-1] if name.key else ""
    if last:
        for row in old.names.filter(kind=PersonName.Kind.INFLECTED):
            if row.key.split() and row.key.split()[-1].startswith(last) and not old.names.filter(
                    kind__in=[PersonName.Kind.CANONICAL, PersonName.Kind.ALIAS],
                    key__endswith=row.key.split()[-1]).exists():
                row.person = person
                row.save(update_fields=["person"])
                moved.add(row.name)
    if latin not in moved:
        add_name(person, latin, "en", PersonName.Kind.ALIAS if "en" in canonical else PersonName.Kind.CANONICAL)
    clear_cache()
    affected = [article_id for article_id, forms in
                Mention.objects.filter(person=old).values_list("article_id", "surface_forms")
                if moved.intersection(forms or [])]
    for article in Article.objects.filter(pk__in=affected):
        analyze_article(article)
    log(acting_user, Action.SPLIT, f"Split {name.name!r} off {old} (#{old.pk}) into new person {person} (#{person.pk}); "
        f"{len(affected)} articles relinked", old=old.pk, new=person.pk, name=name.name, articles=affected)
    return person


@transaction.atomic
def add_person_name(person: Person, name: str, language: str, *, acting_user) -> PersonName:
    """Add an editor's alias to ``person`` (curated or discovered) and relink the articles writing it."""
    row, created = PersonName.objects.get_or_create(person=person, name=name, language=language,
                                                    defaults={"kind": PersonName.Kind.ALIAS, "from_editor": True})
    if not created and not row.from_editor:
        row.from_editor = True
        row.save(update_fields=["from_editor"])
    relinked = relink_articles(articles_naming(person, [name]))
    log(acting_user, Action.ADD_NAME, f"Added name {name!r} ({language}) to {person} (#{person.pk}); "
        f"{relinked} articles relinked", person=person.pk, name=name, articles=relinked)
    return row


@transaction.atomic
def names_edited(person: Person, *, added: list[PersonName], changed: list[tuple[PersonName, str]],
                 removed: list[tuple[str, str]], acting_user) -> int:
    """Record an editor's edits of ``person``'s names (the person form) and relink what they concern.

    ``added`` and ``changed`` are saved rows (``changed`` with the name it had before),
    ``removed`` the ``(name, language)`` pairs deleted. The added and changed names are the
    editor's (``from_editor``), so recognition knows them whatever the person's origin.
    Each edit is one log row; returns how many articles were relinked.
    """
    for row in added + [row for row, _ in changed]:
        if not row.from_editor:
            row.from_editor = True
            row.save(update_fields=["from_editor"])
    for row in added:
        log(acting_user, Action.ADD_NAME, f"Added name {row.name!r} ({row.language}) to {person} (#{person.pk})",
            person=person.pk, name=row.name)
    for row, before in changed:
        summary = (f"Changed name {before!r} of {person} (#{person.pk}) to {row.name!r}" if before != row.name
                   else f"Edited name {row.name!r} ({row.language}, {row.get_kind_display()}) of {person} (#{person.pk})")
        log(acting_user, Action.EDIT_NAME, summary, person=person.pk, name=row.name, before=before)
    for name, language in removed:
        log(acting_user, Action.REMOVE_NAME, f"Removed name {name!r} ({language}) from {person} (#{person.pk})",
            person=person.pk, name=name)
    words = [row.name for row in added] + [row.name for row, _ in changed]
    return relink_articles(articles_naming(person, words)) if words or removed else 0


@transaction.atomic
def set_origin(person: Person, origin: str, *, acting_user, before: str | None = None) -> None:
    """Mark ``person`` curated or discovered (``before``: the origin it had, when already saved),
    and relink the articles that write its names."""
    before = before if before is not None else Person.objects.filter(pk=person.pk).values_list("origin", flat=True).first()
    if before == origin:
        return
    person.origin = origin
    person.save(update_fields=["origin"])
    # A curated person's names are all known to recognition (a discovered one's only the
    # editor's): the articles writing them are relinked either way.
    names = list(person.names.filter(kind__in=[PersonName.Kind.CANONICAL, PersonName.Kind.ALIAS])
                 .values_list("name", flat=True))
    relinked = relink_articles(articles_naming(person, names))
    log(acting_user, Action.SET_ORIGIN,
        f"Origin of {person} (#{person.pk}) changed from {Person.Origin(before).label if before else '-'} "
        f"to {Person.Origin(origin).label}; {relinked} articles relinked",
        person=person.pk, before=before, origin=origin, articles=relinked)


@transaction.atomic
def set_hidden(person: Person, hidden: bool, *, acting_user) -> None:
    """Hide a false person (kept out of pages, search and events) or show it again.

    The mentions stay, so showing the person again brings its articles back.
    """
    person.hidden = hidden
    person.save(update_fields=["hidden"])
    clear_cache()
    log(acting_user, Action.HIDE if hidden else Action.UNHIDE, f"{'Hid' if hidden else 'Showed'} {person} (#{person.pk})",
        person=person.pk)


@transaction.atomic
def decide_suggestion(suggestion: MergeSuggestion, accept: bool, *, acting_user) -> None:
    """Accept (merge the pair, keeping the curated or older record) or reject a merge suggestion.

    Either person may have been merged elsewhere since the suggestion was filed:
    the survivors are merged, and a pair that is already one person is simply accepted.
    """
    suggestion.status = MergeSuggestion.Status.ACCEPTED if accept else MergeSuggestion.Status.REJECTED
    suggestion.decided_by = editor(acting_user)
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    if accept:
        keep, other = sorted([resolve(suggestion.person), resolve(suggestion.other)],
                             key=lambda p: (p.origin != Person.Origin.CURATED, p.pk))
        if keep.pk != other.pk:
            merge_people(keep, other, acting_user=acting_user)
    if not accept:
        log(acting_user, Action.REJECT_MERGE, f"Rejected merging {suggestion.person} and {suggestion.other}",
            suggestion=suggestion.pk)
