"""People mentioned in articles, with their names in every language and script."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.db.models import Prefetch

from archive.text.keys import name_key, script_of
from archive.text.transcription import SURNAME_SOUND_LENGTH, surname_sound


#: ``Person.name`` is the Latin display name: what an English reader sees.
DISPLAY_NAME_LANGUAGE = "en"


def needs_local_name(language: str | None) -> bool:
    """Whether a reader of ``language`` sees another name than ``Person.name``."""
    code = (language or "")[:2].lower()
    return bool(code) and code != DISPLAY_NAME_LANGUAGE


def choose_display_name(name: str, names, language: str | None) -> str:
    """From ``names``, ``(language, kind, name)`` triples, the canonical name in ``language``,
    else its first alias, else ``name`` (inflected forms are never shown as the name)."""
    if not needs_local_name(language):
        return name
    code = language[:2].lower()
    alias = None
    for found_language, kind, found_name in names:
        if found_language != code:
            continue
        if kind == PersonName.Kind.CANONICAL:
            return found_name
        if kind == PersonName.Kind.ALIAS and alias is None:
            alias = found_name
    return alias or name


class PersonQuerySet(models.QuerySet):
    """The rules about which people a reader meets, and how they are named, written once."""

    def visible(self):
        """People a reader may see: neither hidden (a false person) nor merged into someone else."""
        return self.filter(hidden=False, merged_into__isnull=True)

    def not_hidden(self):
        """Visible people and merged records: a merged person's slug still leads to the survivor."""
        return self.filter(hidden=False)

    def unmerged(self):
        """Every record that is a person of its own (hidden ones too): what editors choose among."""
        return self.filter(merged_into__isnull=True)

    def with_display_names(self) -> "PersonQuerySet":
        """The people with their display names prefetched, for :meth:`Person.name_in` (one query in all)."""
        return self.prefetch_related(display_names_prefetch())


class Person(models.Model):
    """One real person, whatever the language, script or case of the name.

    A person merged into another keeps its row with ``merged_into`` set, so that
    old links redirect to the surviving record.
    """

    class Origin(models.TextChoices):
        CURATED = "curated", "Curated"
        DISCOVERED = "discovered", "Discovered"

    name = models.CharField(max_length=200, help_text="Display name in Latin script")
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.DISCOVERED)
    hidden = models.BooleanField(default=False, help_text="A false person, kept out of pages and search")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        """The reader's page of the person (a merged record's page redirects to the survivor)."""
        return reverse("web:person", args=[self.slug])

    def name_in(self, language: str | None) -> str:
        """The name a reader of ``language`` knows this person by.

        The canonical name in that language (``uk`` -> «Кирило Буданов», ``ru`` ->
        «Кирилл Буданов») when the archive has one (else an alias in it), else
        :attr:`name`, which is also the English name ("Kyrylo Budanov"). Reads the names prefetched by
        :func:`display_names_prefetch`; without them it costs one query, so lists
        prefetch (``Person.objects.with_display_names()``).
        """
        if not needs_local_name(language):
            return self.name
        names = getattr(self, "display_names", None)
        if names is None:
            names = list(display_names_prefetch().queryset.filter(person=self))
        return choose_display_name(self.name, ((n.language, n.kind, n.name) for n in names), language)


class PersonNameQuerySet(models.QuerySet):
    def of_visible_people(self):
        """Names of people a reader may see (see PersonQuerySet.visible)."""
        return self.filter(person__hidden=False, person__merged_into__isnull=True)


class PersonName(models.Model):
    """A name form of a person in one language and script.

    ``kind``: the canonical name per language, aliases (other spellings), and
    every inflected form seen in an article (``Стивеном Уиткоффом``, ``Уиткоффом``).
    Surname-only forms are stored too, so a one-word query finds the person.

    ``surname_sound`` is the sound key of the surname (``Хант`` and ``Hunt`` -> ``hnt``), so a
    name met in the other script finds the person (archive/nlp/cross_script.py).

    ``from_editor``: an editor gave the name (the person form's names, "add a name").
    The known-name index holds such names of every person, curated or discovered, as it
    holds all the curated people's names (see ``archive.nlp.gazetteer``).

    ``key`` is ``archive.text.keys.name_key(name)``: each word lowercased and
    folded to one Latin spelling shared by Russian, Ukrainian and Latin letters
    (Уиткофф, Віткофф, Witkoff -> ``vitkof``; Кислица, Кислиця, Kyslytsia ->
    ``kislica``), words joined by one space. It folds letters, not grammar, so
    ``Уиткоффом`` keys as ``vitkofom``: to expand a query word to a person,
    look up ``PersonName.key == name_key(word)`` and take all of that person's names.
    :meth:`save` computes it (and a blank ``script``), so it never goes stale;
    ``bulk_create`` callers build their rows with :meth:`derived` (frozen data
    migrations keep their own copy).
    """

    class Kind(models.TextChoices):
        CANONICAL = "canonical", "Canonical"
        ALIAS = "alias", "Alias"
        INFLECTED = "inflected", "Inflected form"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    language = models.CharField(max_length=8, blank=True)
    script = models.CharField(max_length=16, blank=True, help_text="Cyrl, Latn, ...")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ALIAS)
    key = models.CharField(
        max_length=200, blank=True, db_index=True,
        help_text="Cross-script matching key: archive.text.keys.name_key(name), e.g. Віткоффом -> vitkofom",
    )
    from_editor = models.BooleanField(
        default=False,
        help_text="Given by an editor: recognition knows it in any case form, whatever the person's origin",
    )

    surname_sound = models.CharField(
        max_length=SURNAME_SOUND_LENGTH, blank=True, db_index=True, editable=False,
        help_text="Sound key of the surname: archive.text.transcription.surname_sound(name), Хант and Hunt -> hnt",
    )

    objects = PersonNameQuerySet.as_manager()

    class Meta:
        ordering = ["language", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "name", "language"], name="unique_person_name")
        ]

    def __str__(self):
        return self.name

    @classmethod
    def derived(cls, **fields) -> "PersonName":
        """An unsaved name with ``key`` and ``script`` derived from ``name`` (for ``bulk_create``)."""
        row = cls(**fields)
        row.derive()
        return row

    def derive(self) -> None:
        """Set ``key``, ``surname_sound`` (and a blank ``script``) from ``name``: the one place they
        are computed."""
        self.key = name_key(self.name)[:200]
        self.surname_sound = surname_sound(self.name)
        self.script = self.script or script_of(self.name)

    def save(self, *args, **kwargs):
        """Save with ``key`` (and a blank ``script``) derived from ``name``."""
        self.derive()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "key", "surname_sound", "script"}
        super().save(*args, **kwargs)


class MergeSuggestion(models.Model):
    """Two people who may be the same, waiting for an editor's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(default=0)
    reason = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="unique_merge_suggestion")
        ]

    def __str__(self):
        return f"{self.person} ≟ {self.other}"


def display_names_prefetch(lookup: str = "names") -> Prefetch:
    """Prefetch the names a person may be shown by (canonical names and aliases, not the
    inflected forms) of the people at ``lookup``, for :meth:`Person.name_in`.

    ``lookup`` reaches the people's names from what is fetched: ``"names"`` for
    people, ``"person__names"`` for mentions, ``"visible_mentions__person__names"``
    for articles whose mentions were prefetched into ``visible_mentions``.
    """
    return Prefetch(
        lookup,
        queryset=PersonName.objects.filter(kind__in=[PersonName.Kind.CANONICAL, PersonName.Kind.ALIAS])
        .order_by("language", "id"),
        to_attr="display_names",
    )
