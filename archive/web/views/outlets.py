"""Outlets: the index and each outlet's page (published, and cited)."""
from django.shortcuts import get_object_or_404, render

from archive.models import Outlet
from archive.web import selectors


def outlet_list(request):
    return render(request, "web/outlet_list.html", {"outlets": selectors.outlets_with_counts()})


def outlet_detail(request, slug: str):
    outlet = get_object_or_404(Outlet, slug=slug)
    published = selectors.article_list(outlet.articles.order_by("-published", "-id"))
    citing = selectors.article_list(outlet.citing_articles.order_by("-published", "-id"))
    context = {
        "outlet": outlet,
        "published": published[:100],
        "published_total": published.count(),
        "citing": citing[:100],
        "citing_total": citing.count(),
        "names": outlet.names.order_by("name"),
    }
    return render(request, "web/outlet_detail.html", context)
