"""Steps through the admin's pages that several test folders take."""
from django.urls import reverse


def confirm_merge(client, page, *, survivor):
    """Confirm the merge confirmation ``page`` (a GET response) keeping ``survivor``."""
    assert page.status_code == 200
    ids = [person.pk for person, _names in page.context["rows"]]
    data = {"ids": ids, "survivor": survivor.pk, "confirm": "Merge"}
    if page.context["suggestion"]:
        data["suggestion"] = page.context["suggestion"].pk
    return client.post(reverse("admin:archive_person_merge"), data)
