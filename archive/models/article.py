"""Articles and the people they mention."""
from django.db import models
from django.urls import reverse

from .outlet import Outlet
from .person import Person


class ArticleQuerySet(models.QuerySet):
    def search(self, q: str, *, prepare=None):
        """These articles matching the query text ``q`` as archive.search.SearchResults (best first)."""
        # The search package reads people and outlets from the models: imported when used.
        from archive.search import search

        return search(self, q, prepare=prepare)


class Article(models.Model):
    """One news article as the loader read it."""

    title = models.CharField(max_length=1000)
    lead = models.TextField(blank=True, help_text="Lead or subtitle")
    body = models.TextField()
    published = models.DateField(null=True, blank=True, db_index=True)
    date_inferred = models.BooleanField(default=False, help_text="The year (or date) was not stated in the text")
    language = models.CharField(max_length=8, db_index=True, help_text="ISO 639-1")
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles",
        help_text="The publishing outlet; empty when the text does not say",
    )
    author = models.CharField(max_length=300, blank=True)
    place = models.CharField(
        max_length=200, blank=True, help_text="The city the dateline names (Париж, Київ, Paris), as written in the article",
    )
    tags = models.JSONField(default=list, blank=True)
    cited_outlets = models.ManyToManyField(Outlet, blank=True, related_name="citing_articles")
    people = models.ManyToManyField(Person, through="Mention", related_name="articles")
    url = models.URLField(
        max_length=2000, blank=True,
        help_text="The original article on the web, when the file or page gives it",
    )
    source_name = models.CharField(max_length=500, blank=True)
    content_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the normalized text")
    original_text = models.TextField(help_text="The decoded file, as read")
    encoding = models.CharField(max_length=32, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    # The analyzer's output (archive.search.analyzer): lemmas, one space apart.
    # The database's full-text index is built from these columns.
    title_lemmas = models.TextField(blank=True, editable=False)
    body_lemmas = models.TextField(blank=True, editable=False)
    story = models.ForeignKey(
        "StoryCluster", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [models.Index(fields=["outlet", "published"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        """The article's permalink on the reader's side (the admin's "View on site")."""
        return reverse("web:article", args=[self.pk])


class MentionQuerySet(models.QuerySet):
    def of_visible_people(self):
        """Mentions of people a reader may see (see PersonQuerySet.visible)."""
        return self.filter(person__hidden=False, person__merged_into__isnull=True)


class Mention(models.Model):
    """A person mentioned in an article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    first_position = models.PositiveIntegerField(default=0, help_text="Character offset of the first mention")
    surface_forms = models.JSONField(default=list, blank=True)

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["first_position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="unique_mention")
        ]

    def __str__(self):
        return f"{self.person} in #{self.article_id}"


class ArticleSearchRow(models.Model):
    """The narrow search table: one small row per article, kept by the database's triggers.

    Created by migration 0003 (with, on PostgreSQL, the text vectors, which this
    model leaves out), so Django does not manage it. Counts, facets and the
    ranking of a page read it instead of the wide article rows
    (archive/search/results.py).
    """

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.DO_NOTHING, related_name="+")
    language = models.CharField(max_length=8)
    outlet = models.ForeignKey(Outlet, null=True, on_delete=models.DO_NOTHING, related_name="+")
    published = models.DateField(null=True)

    class Meta:
        managed = False
        db_table = "archive_article_search"
