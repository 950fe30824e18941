"""Background work on the task queue (django-tasks, database backend).

The web and the command line enqueue; ``manage.py db_worker`` processes run the
jobs. ``imports`` turns an import batch into tasks several workers can share;
``progress`` reads what a batch has done so far for its page. The readers' email
alerts have their own package (archive/alerts): a batch that ends queues them.
"""
