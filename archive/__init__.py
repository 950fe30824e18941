"""The multilingual news archive: a Django project with one app."""
