"""Readers' accounts (sign-up confirmed by email, login by email) and their saved searches.

A package of the one ``archive`` app, like ``archive.web``: views, forms and urls here,
templates under ``templates/accounts/``. ``matching.matching_articles`` is what alerts
and feeds run a saved search with.
"""
