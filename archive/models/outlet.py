"""News outlets: who published an article and whom it cites."""
from django.db import models
from django.urls import reverse


class Outlet(models.Model):
    """A news organisation (agency, newspaper, TV channel or online outlet)."""

    class Kind(models.TextChoices):
        AGENCY = "agency", "News agency"
        NEWSPAPER = "newspaper", "Newspaper"
        TV = "tv", "TV"
        ONLINE = "online", "Online"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    domain = models.CharField(max_length=200, blank=True, help_text="e.g. glavcom.ua")
    homepage = models.URLField(blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    language = models.CharField(max_length=8, blank=True, help_text="ISO 639-1")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        """The reader's page of the outlet (the admin's "View on site")."""
        return reverse("web:outlet", args=[self.slug])


class OutletName(models.Model):
    """An alternative name of an outlet (ТАСС / TASS, «Главком» / glavcom.ua).

    ``key`` is the normalized form used for matching (see archive.nlp.outlets).
    """

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, db_index=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
