"""The article filters, shared by the HTML search page and the JSON API.

Invalid values (an unknown outlet, a malformed date, a page out of range) are
form errors: callers check ``is_valid()`` (FilterView's strict behaviour, DRF's
DjangoFilterBackend answers 400), never a 500.
"""
from __future__ import annotations

import django_filters
from django import forms
from django.forms.models import ModelChoiceIterator
from django.core.validators import RegexValidator
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from archive.models import Article, Event, EventArticle, Mention, Outlet, Person
from archive.nlp.linking import resolve
from archive.search import SearchResults, engine, match_articles, parse, ranking
from archive.search.engine import choice as engine_choice
from archive.search.results import NEWEST

#: Facets shown in the side panel, in this order (dates get the chart and a range form).
FACET_KEYS = ("language", "outlet", "person", "event")
#: Filters that may take several values (any of them matches).
MULTI_KEYS = (*FACET_KEYS, "cites")
#: Parameters a search URL may carry; every other parameter is ignored (and dropped from links).
FILTER_KEYS = ("q", *MULTI_KEYS, "date_from", "date_to", "sort")
#: Pages beyond this are refused (deep pages cost the database and help no reader).
MAX_PAGE = 100

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
]


class ArticleFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


class OneOrManyMixin:
    """A multiple-value field that also takes one plain value (``{"person": "slug"}`` from code).

    Empty values are no choice, as a form's empty select sends them (``language=``).
    """

    def clean(self, value):
        if isinstance(value, str):
            value = [value]
        if isinstance(value, (list, tuple)):
            value = [item for item in value if item != ""]
        return super().clean(value)


class SlugsField(OneOrManyMixin, forms.ModelMultipleChoiceField):
    """Slugs of ``queryset``; ``listed``, when given, is the narrower set a form offers as choices
    (the person filter takes a merged person's old slug, but never lists a merged record)."""

    #: Slugs already looked up by another form of the same search, {slugs: cleaned value}
    #: (ArticleFilter.checked_slugs), or None.
    checked: dict | None = None

    def __init__(self, *args, listed=None, **kwargs):
        self.listed = listed  # first: setting the queryset in __init__ reads the choices
        super().__init__(*args, **kwargs)

    def clean(self, value):
        given = [value] if isinstance(value, str) else list(value or ())
        if not self.required and all(item == "" for item in given):
            # No choice is an empty list, not Django's empty QuerySet: each filter method's
            # ``if value`` (and ``only_searched()``) would evaluate that QuerySet, compiling a
            # statement for nothing, four to eight times a search.
            return []
        if self.checked is None:
            return super().clean(value)
        slugs = tuple(value) if isinstance(value, (list, tuple)) else (value,)
        if slugs not in self.checked:
            self.checked[slugs] = super().clean(value)
        return self.checked[slugs]

    def _get_choices(self):
        if self.listed is None:
            return super()._get_choices()
        # Lazy, as the field's own choices are: read only when a form is rendered, never when
        # a filter is built (every search builds one, and sets the field's queryset, which asks
        # for the choices, four times).
        return ListedChoices(self)

    choices = property(_get_choices, forms.ModelMultipleChoiceField.choices.fset)


class ListedChoices(ModelChoiceIterator):
    """A :class:`SlugsField`'s choices from its ``listed`` set (a QuerySet or a function
    returning one), made only when the choices are read."""

    def _listed(self):
        listed = self.field.listed
        self.queryset = listed() if callable(listed) else listed

    def __iter__(self):
        self._listed()
        return super().__iter__()

    def __len__(self):
        self._listed()
        return super().__len__()

    def __bool__(self):
        self._listed()
        return super().__bool__()


class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Several slugs of ``queryset`` (``outlet=a&outlet=b``); any of them matches."""

    field_class = SlugsField


# The filters' querysets as functions (django-filter calls a callable ``queryset`` with the
# request): every FilterSet deep-copies its filters, and a deep copy of a QuerySet copies its
# whole Query, where a function is copied by reference (a third of building a filterset).
def _outlets(request=None):
    return Outlet.objects.all()


def _people_not_hidden(request=None):
    return Person.objects.not_hidden()


def _people_visible(request=None):
    return Person.objects.visible()


def _events(request=None):
    return Event.objects.all()


class LanguageCodesField(OneOrManyMixin, forms.MultipleChoiceField):
    """Several language codes (``language=ru&language=uk``), each checked by its form, not a fixed list."""

    code = RegexValidator(r"^[a-z]{2,3}$", _("Use a language code such as en, ru or uk."))

    def valid_value(self, value):
        return True

    def validate(self, value):
        super().validate(value)
        for code in value:
            self.code(code)


class LanguageFilter(django_filters.MultipleChoiceFilter):
    field_class = LanguageCodesField


class ArticleFilter(django_filters.FilterSet):
    """q, language, outlet, person, event, cites, date_from, date_to, sort, page.

    A filter given several values matches any of them (``language=ru&language=uk``:
    Russian or Ukrainian articles); different filters must all match.

    :meth:`results` gives the search as pages read it (ranked on the narrow table,
    see archive.search.results); ``.qs`` is the same set as one ordered QuerySet
    (with ``rank`` when ranked), for whatever reads every match. After either,
    ``parsed_query`` holds the parsed query, whose ``expansions`` say which names
    were widened to other scripts. Outlets, people and events are chosen by slug;
    a merged person's slug means the surviving person.
    """

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", strip=True)
    language = LanguageFilter(
        label=_("Language"), method="filter_language",
        help_text=_("A language code such as en, ru or uk; repeat it for several languages."),
    )
    outlet = SlugsFilter(
        label=_("Outlet"), to_field_name="slug", method="filter_outlet", queryset=_outlets,
        help_text=_("The outlet's slug; repeat it for several outlets."),
    )
    person = SlugsFilter(
        label=_("Person"), to_field_name="slug", method="filter_person",
        queryset=_people_not_hidden, listed=_people_visible,
        help_text=_("The person's slug (a merged person's old slug finds the surviving person); "
                    "repeat it for several people."),
    )
    event = SlugsFilter(
        label=_("Event"), to_field_name="slug", method="filter_event", queryset=_events,
        help_text=_("The event's slug; repeat it for several events."),
    )
    cites = SlugsFilter(
        label=_("Cites"), to_field_name="slug", method="filter_cites", queryset=_outlets,
        help_text=_("The slug of an outlet the article cites; repeat it for several outlets."),
    )
    date_from = django_filters.DateFilter(label=_("From"), field_name="published", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("To"), field_name="published", lookup_expr="lte")
    sort = django_filters.ChoiceFilter(label=_("Sort"), choices=SORT_CHOICES, method="keep")
    page = django_filters.NumberFilter(
        label=_("Page"), method="keep", min_value=1, max_value=MAX_PAGE,
        help_text=_("Pages beyond %(max)d are not served.") % {"max": MAX_PAGE},
    )

    class Meta:
        model = Article
        fields: list[str] = []
        form = ArticleFilterForm

    parsed_query = None
    #: The search's index match (set by filter_q).
    match = None
    #: The first results() made, whose count the later ones share.
    _results = None

    def __init__(self, *args, parsed_query=None, checked_slugs=None, **kwargs):
        """``parsed_query``: ``q`` already parsed by another filterset of the same request
        (a facet counted without its own filter), so it is not parsed again; ``checked_slugs``:
        that filterset's :attr:`checked_slugs`, so the outlets, people and events it looked
        up are not looked up again."""
        super().__init__(*args, **kwargs)
        self.given_parsed_query = parsed_query
        #: {filter name: {slugs: cleaned value}}: the slug lookups of this search's forms.
        self.checked_slugs = checked_slugs if checked_slugs is not None else {}

    @property
    def form(self):
        form = super().form  # built once per filterset; its fields are this form's own copies
        for name, field in form.fields.items():
            if isinstance(field, SlugsField) and field.checked is None:
                field.checked = self.checked_slugs.setdefault(name, {})
        return form

    def keep(self, queryset, name, value):
        return queryset  # applied by results() (sort) or by the paginator (page)

    def parse_q(self, value: str):
        """``q`` parsed, once per filterset (or taken from the filterset that parsed it)."""
        for given in (self.parsed_query, self.given_parsed_query):
            if given is not None and given.text == value:
                return given
        return parse(value)

    def filter_q(self, queryset, name, value):
        self.parsed_query = self.parse_q(value)
        queryset, self.match = match_articles(queryset, self.parsed_query)
        return queryset

    # The ``value`` hints tell the schema generator these filters take slug strings.
    def filter_language(self, queryset: QuerySet[Article], name: str, value: list[str]) -> QuerySet[Article]:
        return queryset.filter(language__in=value) if value else queryset

    def filter_outlet(self, queryset: QuerySet[Article], name: str, value: list[Outlet]) -> QuerySet[Article]:
        return queryset.filter(outlet__in=value) if value else queryset

    def filter_person(self, queryset: QuerySet[Article], name: str, value: list[Person]) -> QuerySet[Article]:
        if not value:
            return queryset
        people = {resolve(person) for person in value}  # merges move mentions to the end of the chain
        return queryset.filter(Exists(Mention.objects.filter(article=OuterRef("pk"), person__in=people)))

    def filter_event(self, queryset: QuerySet[Article], name: str, value: list[Event]) -> QuerySet[Article]:
        if not value:
            return queryset
        return queryset.filter(Exists(EventArticle.objects.counted().filter(article=OuterRef("pk"), event__in=value)))

    def filter_cites(self, queryset: QuerySet[Article], name: str, value: list[Outlet]) -> QuerySet[Article]:
        if not value:
            return queryset
        cited = Article.cited_outlets.through.objects.filter(article=OuterRef("pk"), outlet__in=value)
        return queryset.filter(Exists(cited))

    def filter_queryset(self, queryset):
        return self.results().as_queryset()

    def results(self, *, prepare=None) -> SearchResults:
        """The filtered articles as :class:`SearchResults`, in the order ``sort`` asks for
        (an :class:`~archive.search.engine.results.EngineResults` where the search engine
        answers: ``SEARCH_ENGINE=tantivy``, see archive/search/engine/choice.py).

        ``prepare`` is applied to each page's articles before they are read (what a
        result row shows). Call only on a valid filterset.
        """
        sort = self.form.cleaned_data.get("sort") or ""
        if engine.enabled():  # the embedded engine, where it can answer (engine/choice.py)
            if self.form.cleaned_data.get("q"):
                self.parsed_query = self.parse_q(self.form.cleaned_data["q"])  # filter_q does not run
            searching = self.parsed_query is not None and not self.parsed_query.is_empty
            found = engine_choice.engine_results(self, ranked=searching and sort in ("", "relevance"),
                                                 order="oldest" if sort == "oldest" else "newest", prepare=prepare)
            if found is not None:
                return found
        filtered = self.filtered
        searching = self.parsed_query is not None and not self.parsed_query.is_empty
        rank = ranking(self.parsed_query, using=filtered.db) if searching and sort in ("", "relevance") else None
        order_by = (F("published").asc(nulls_last=True), "id") if sort == "oldest" else NEWEST
        results = SearchResults(filtered, parsed=self.parsed_query, ranking=rank, order_by=order_by,
                                match=self.match if self.only_searched() else None, prepare=prepare)
        # The page's results and the facets' are the same matches: counted (and a phrase's
        # ids kept) once for both.
        if self._results is not None:
            results.share_reading(self._results)
        self._results = results
        return results

    @cached_property
    def filtered(self) -> QuerySet[Article]:
        """The articles every given filter accepts, in no order (the filters run once)."""
        return super().filter_queryset(self.queryset.all())

    def only_searched(self) -> bool:
        """Whether ``q`` is the only condition on the whole archive (the index then answers counts alone)."""
        if self.queryset.query.has_filters():  # a base set narrower than the archive
            return False
        data = self.form.cleaned_data
        return not any(data.get(name) for name in self.filters if name not in ("q", "sort", "page"))
