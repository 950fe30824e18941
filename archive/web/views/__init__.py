"""The reader's pages, one module per kind of page."""
