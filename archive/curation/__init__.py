"""Editors' curation as actions (one transaction each, written to the CurationLog).

Each action takes the acting user as the keyword-only ``acting_user`` (None when
analysis or a command acts), so every caller says who did it.
"""
from .events import attach_article, detach_article, event_from_cluster
from .log import log
from .people import (add_person_name, decide_suggestion, merge_people, names_edited, set_hidden, set_origin,
                     split_name)

__all__ = [
    "add_person_name",
    "attach_article",
    "decide_suggestion",
    "detach_article",
    "event_from_cluster",
    "log",
    "merge_people",
    "names_edited",
    "set_hidden",
    "set_origin",
    "split_name",
]
