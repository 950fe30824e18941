"""Events the articles report, and clusters of articles telling the same story."""
from django.db import models
from django.urls import reverse

from .article import Article
from .person import Person


#: The languages an event has its own name, place and description in (English is the fallback).
EVENT_LANGUAGES = ("en", "ru", "uk")


class Event(models.Model):
    """Something that happened, named, placed and described in each language.

    The English fields (``name_en``, ``place``, ``description``) are required or the
    fallback; ``*_ru`` and ``*_uk`` are what Russian and Ukrainian readers see when
    filled (:meth:`name_in`, :meth:`place_in`, :meth:`description_in`).
    """

    slug = models.SlugField(max_length=200, unique=True)
    name_en = models.CharField(max_length=300)
    name_ru = models.CharField(max_length=300, blank=True)
    name_uk = models.CharField(max_length=300, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True, help_text="In English")
    place_ru = models.CharField(max_length=200, blank=True)
    place_uk = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True, help_text="In English")
    description_ru = models.TextField(blank=True)
    description_uk = models.TextField(blank=True)
    key_terms = models.JSONField(
        default=dict, blank=True,
        help_text='Phrases that name the event, per language, e.g. {"ru": ["коалиция желающих"]}; '
        "matched on lemmas, so any grammatical case counts",
    )
    place_names = models.JSONField(
        default=list, blank=True, help_text='The place in every language, e.g. ["Париж", "Paris"]'
    )
    participants = models.ManyToManyField(Person, blank=True, related_name="events")
    articles = models.ManyToManyField(Article, through="EventArticle", related_name="events")

    class Meta:
        ordering = ["-start_date", "name_en"]

    def __str__(self):
        return self.name_en

    def get_absolute_url(self) -> str:
        """The reader's page of the event (the admin's "View on site")."""
        return reverse("web:event", args=[self.slug])

    def _in(self, english: str, field: str, language: str | None) -> str:
        code = (language or "")[:2].lower()
        if code in EVENT_LANGUAGES and code != "en":
            return getattr(self, f"{field}_{code}") or getattr(self, english)
        return getattr(self, english)

    def name_in(self, language: str | None) -> str:
        """The event's name in ``language`` (ru, uk), else the English name."""
        return self._in("name_en", "name", language)

    def place_in(self, language: str | None) -> str:
        """Where it happened, in ``language`` when given, else in English."""
        return self._in("place", "place", language)

    def description_in(self, language: str | None) -> str:
        """The description in ``language`` when written, else the English one."""
        return self._in("description", "description", language)


class EventArticleQuerySet(models.QuerySet):
    def counted(self):
        """Links that count: found by analysis or attached by an editor, not the ones an editor detached."""
        return self.exclude(source=EventArticle.Source.REJECTED)


class EventArticle(models.Model):
    """An article's link to an event; editors' choices survive re-analysis."""

    class Source(models.TextChoices):
        AUTO = "auto", "Found by analysis"
        EDITOR = "editor", "Attached by an editor"
        # An automatic link an editor removed: kept so re-analysis does not bring it back.
        REJECTED = "rejected", "Detached by an editor"

    event = models.ForeignKey(Event, on_delete=models.CASCADE)
    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.AUTO)
    score = models.FloatField(default=0)

    objects = EventArticleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "article"], name="unique_event_article")
        ]


class StoryCluster(models.Model):
    """Articles reporting the same story, across languages and outlets.

    A cluster without an event is a proposed event: the admin offers editors an
    action to create the event from it.
    """

    label = models.CharField(max_length=300, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="clusters")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.label or f"Story #{self.pk}"
