"""A file name that is not UTF-8, sent as raw bytes by a real HTTP client, keeps its file."""
import pytest

from archive.models import ImportRecord
from tests.upload.conftest import OWN_ARTICLES

BOUNDARY = "----archive-test-boundary"


def multipart(parts: list[tuple[bytes, bytes]], fields: dict[str, str]) -> bytes:
    """A multipart body with ``files`` parts whose filename header is raw bytes."""
    body = b""
    for name, value in fields.items():
        body += (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").encode()
    for filename, data in parts:
        body += (f"--{BOUNDARY}\r\n".encode() + b'Content-Disposition: form-data; name="files"; filename="'
                 + filename + b'"\r\nContent-Type: text/plain\r\n\r\n' + data + b"\r\n")
    return body + f"--{BOUNDARY}--\r\n".encode()


@pytest.mark.django_db
@pytest.mark.parametrize("raw_name, shown", [(b"b_\xff.txt", "b_\ufffd.txt"), (b"\xcf\xf0\xe8.txt", "\ufffd\ufffd\ufffd.txt")])
def test_a_non_utf8_file_name_is_kept_with_replacement_characters(editor_client, upload_url, raw_name, shown):
    body = multipart([(raw_name, OWN_ARTICLES["en_port.txt"].encode()), (b"plain.txt", OWN_ARTICLES["ru_budget.txt"].encode())], {})
    response = editor_client.generic("POST", upload_url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code == 302, response.content.decode()[:3000]
    preview = editor_client.get(response["Location"])
    html = preview.content.decode()
    assert "This field is required" not in html
    assert shown in html and "plain.txt" in html
    editor_client.post(response["Location"], {"confirm": "1"})
    assert sorted(ImportRecord.objects.values_list("source_name", "status")) == sorted(
        [(shown, "imported"), ("plain.txt", "imported")])
