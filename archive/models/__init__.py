"""The archive's data model, one module per concern."""
from .outlet import Outlet, OutletName
from .person import MergeSuggestion, Person, PersonName, display_names_prefetch
from .article import Article, ArticleSearchRow, Mention
from .event import Event, EventArticle, StoryCluster
from .ingest import ImportBatch, ImportRecord
from .curation import CurationLog
from .saved_search import SavedSearch, SentAlert
from .account import SignupAttempt

__all__ = [
    "Article",
    "ArticleSearchRow",
    "CurationLog",
    "Event",
    "EventArticle",
    "ImportBatch",
    "ImportRecord",
    "Mention",
    "MergeSuggestion",
    "Outlet",
    "OutletName",
    "Person",
    "PersonName",
    "SavedSearch",
    "SentAlert",
    "SignupAttempt",
    "StoryCluster",
    "display_names_prefetch",
]
