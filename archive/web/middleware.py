"""Security headers for every response: a strict Content-Security-Policy.

The pages use no inline scripts or styles and load nothing from other hosts, so
the policy only allows this server. A view that needs something else sets its
own header, which is then left alone.
"""
from django.conf import settings

DEFAULT_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Adds ``Content-Security-Policy`` (settings.CONTENT_SECURITY_POLICY, else the strict default)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        response.setdefault("Referrer-Policy", "same-origin")
        return response


class SearchNamesCheckedOnceMiddleware:
    """Each request checks once whether the names the query parser expands to are current.

    Every word of a query, the "did you mean" and entity suggestions and each facet's
    filterset used to ask the database whether people's names, outlets or places had
    changed (13 of a repeated search's 19 queries); within one request the answer is the
    same (archive.search.names.one_check).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from archive.search.names import one_check

        with one_check():
            return self.get_response(request)
