"""Uploads whose file names are not valid UTF-8 keep their files.

Django's multipart parser decodes each part's headers as strict UTF-8 and
silently drops a part whose ``Content-Disposition`` does not decode, so a file
named with the bytes ``b_\\xff.txt`` vanished and the form said "This field is
required". :class:`FileNameRepairHandler` (a Django upload handler, put first
by the upload view) runs the same parser over the request body with the part
headers decoded leniently: undecodable bytes become U+FFFD, the file arrives
under that name, and the loader records it like any other.
"""
from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParser

_CHUNK = 64 * 1024
_MAX_HEADER_BLOCK = 64 * 1024  # Django's own cap on a part's headers is smaller


class HeaderRepairingStream:
    """A multipart body, read through, with each part's header block made valid UTF-8."""

    def __init__(self, stream, boundary: bytes):
        self._stream = stream
        self._delimiter = b"--" + boundary
        self._pending = b""  # read, not yet examined
        self._ready = b""  # examined, ready to hand out
        self._eof = False

    def read(self, size: int = -1) -> bytes:
        while not self._eof and (size is None or size < 0 or len(self._ready) < size):
            chunk = self._stream.read(_CHUNK)
            if not chunk:
                self._eof = True
                self._ready += self._pending
                self._pending = b""
                break
            self._pending += chunk
            self._examine()
        if size is None or size < 0:
            data, self._ready = self._ready, b""
        else:
            data, self._ready = self._ready[:size], self._ready[size:]
        return data

    def _examine(self) -> None:
        while True:
            start = self._pending.find(self._delimiter)
            if start < 0:
                # Keep a tail that could be the start of a delimiter split across chunks.
                keep = len(self._delimiter)
                if len(self._pending) > keep:
                    self._ready += self._pending[:-keep]
                    self._pending = self._pending[-keep:]
                return
            after = start + len(self._delimiter)
            end = self._pending.find(b"\r\n\r\n", after)
            if end < 0:
                if len(self._pending) - after > _MAX_HEADER_BLOCK:  # not headers: pass it on
                    self._ready += self._pending[:after]
                    self._pending = self._pending[after:]
                    continue
                self._ready += self._pending[:start]
                self._pending = self._pending[start:]
                return
            block = self._pending[after:end]
            repaired = block.decode("utf-8", errors="replace").encode("utf-8")
            self._ready += self._pending[:after] + repaired + b"\r\n\r\n"
            self._pending = self._pending[end + 4:]


class FileNameRepairHandler(FileUploadHandler):
    """Parse the upload itself, over :class:`HeaderRepairingStream`, with the other handlers."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        others = [handler for handler in self.request.upload_handlers if handler is not self]
        parser = MultiPartParser(META, HeaderRepairingStream(input_data, boundary), others, encoding)
        return parser.parse()

    def receive_data_chunk(self, raw_data, start):  # pragma: no cover - parsing is done above
        return raw_data

    def file_complete(self, file_size):  # pragma: no cover
        return None
