"""Email alerts for readers' saved searches.

    tokens       the signed one-click unsubscribe token, scoped to one saved search
    emails       the alert email: text and HTML, in the reader's language, List-Unsubscribe
    sending      which saved searches are due, claiming articles (SentAlert), sending
    tasks        the queue's tasks: immediate alerts after an import, digests, retries
    views, urls  the unsubscribe page (works without logging in)

What a saved search matches is archive.accounts.matching.matching_articles, the one
definition its page, its feed and its alerts share.

Delivery is at most once per article: the SentAlert rows are committed before the
email is handed to the mail server, and deleted again when sending raises, so a
failed send is retried and a sent article is never sent twice (see sending.py).
"""
