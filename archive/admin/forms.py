"""Forms of the admin upload: choose files and defaults, then confirm the preview.

The limits come from settings at request time (see :func:`upload_limits`), so a
deployment tunes them through the environment and tests through the ``settings``
fixture.
"""
from dataclasses import dataclass
from datetime import date

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from archive.models import Outlet

# Languages an editor can force on a whole upload; the loader detects the rest.
LANGUAGE_CHOICES = [
    ("ru", "Russian (ru)"),
    ("uk", "Ukrainian (uk)"),
    ("en", "English (en)"),
    ("be", "Belarusian (be)"),
    ("pl", "Polish (pl)"),
    ("de", "German (de)"),
    ("fr", "French (fr)"),
    ("es", "Spanish (es)"),
    ("it", "Italian (it)"),
]


@dataclass(frozen=True)
class UploadLimits:
    """What one upload may carry; derived from the loader's ARCHIVE_MAX_* settings."""

    max_files: int
    max_file_bytes: int  # one .txt
    max_zip_bytes: int  # one .zip (its unpacked total is the loader's limit; packed is smaller)
    max_total_bytes: int  # the whole request

    def per_file_limit(self, name: str) -> int:
        # A .zip and a JSON Lines or CSV file hold many articles; the per-article limit applies inside.
        return self.max_zip_bytes if name.lower().endswith((".zip", ".jsonl", ".csv")) else self.max_file_bytes


def upload_limits() -> UploadLimits:
    """The limits in force now (read from settings on every request)."""
    return UploadLimits(
        max_files=min(settings.ARCHIVE_UPLOAD_MAX_FILES, settings.DATA_UPLOAD_MAX_NUMBER_FILES or 10**9),
        max_file_bytes=settings.ARCHIVE_MAX_FILE_BYTES,
        max_zip_bytes=settings.ARCHIVE_MAX_ZIP_TOTAL_BYTES,
        max_total_bytes=settings.ARCHIVE_UPLOAD_MAX_TOTAL_BYTES,
    )


def too_many_files_message(limits: UploadLimits, count: int | None = None) -> str:
    chosen = f"You chose {count} files; " if count else "Too many files; "
    return (
        f"{chosen}at most {limits.max_files} can be uploaded at once. "
        "Put them into a .zip archive and upload that instead."
    )


def too_large_message(limits: UploadLimits, size: int | None = None) -> str:
    chosen = f"The upload is {filesizeformat(size)}; " if size else "The upload is too large; "
    return f"{chosen}at most {filesizeformat(limits.max_total_bytes)} can be uploaded at once."


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm,.jsonl,.csv,.zip,text/plain,text/html,text/csv,application/zip"}))
        # An empty file is the loader's business: it becomes a rejected row, not a form error.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, (list, tuple)):
            files = [single_clean(item, initial) for item in data if item]
        else:
            files = [single_clean(data, initial)] if data else []
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


class UploadForm(forms.Form):
    """Step 1: the files and the defaults they may lack."""

    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.order_by("name"),
        required=False,
        empty_label="As the text says",
        help_text="Publishing outlet for files that do not name one.",
    )
    language = forms.ChoiceField(
        choices=[("", "Detect from the text")] + LANGUAGE_CHOICES,
        required=False,
        help_text="Force one language on every file of this upload.",
    )
    default_date = forms.DateField(
        required=False,
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Publication date for files that state none.",
    )
    default_year = forms.IntegerField(
        required=False,
        label="Year",
        min_value=1900,
        max_value=2100,
        help_text="Year for files whose dateline gives only day and month (e.g. “6 января”).",
    )
    # Last, so the small fields above arrive first in the multipart body.
    files = MultipleFileField(
        label="Files",
        help_text=(
            "One or more .txt or .html files, .jsonl or .csv files of many articles, "
            "or a .zip of them (folders inside are fine)."
        ),
    )

    def __init__(self, *args, limits: UploadLimits, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = limits
        self.fields["files"].help_text += (
            f" At most {limits.max_files} files, {filesizeformat(limits.max_file_bytes)} per article, "
            f"{filesizeformat(limits.max_zip_bytes)} per .zip, .jsonl or .csv, "
            f"{filesizeformat(limits.max_total_bytes)} in all."
        )

    def clean_files(self):
        files = self.cleaned_data["files"]
        limits = self.limits
        if len(files) > limits.max_files:
            raise forms.ValidationError(too_many_files_message(limits, len(files)), code="too_many")
        errors = [
            forms.ValidationError(
                "%(name)s is %(size)s; a %(kind)s may be at most %(limit)s.",
                code="file_too_large",
                params={
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "kind": ".zip" if upload.name.lower().endswith(".zip") else "file",
                    "limit": filesizeformat(limits.per_file_limit(upload.name)),
                },
            )
            for upload in files
            if upload.size > limits.per_file_limit(upload.name)
        ]
        total = sum(upload.size for upload in files)
        if total > limits.max_total_bytes:
            errors.append(forms.ValidationError(too_large_message(limits, total), code="too_large"))
        if errors:
            raise forms.ValidationError(errors)
        return files

    def clean(self):
        cleaned = super().clean()
        day: date | None = cleaned.get("default_date")
        year = cleaned.get("default_year")
        if day and year and day.year != year:
            self.add_error("default_year", "The year differs from the date's year; give one or the other.")
        return cleaned

    def options_json(self) -> dict:
        """The chosen defaults, as stored with the staged upload and then on the batch."""
        data = self.cleaned_data
        return {
            "outlet": data["outlet"].pk if data.get("outlet") else None,
            "language": data.get("language") or None,
            "default_date": data["default_date"].isoformat() if data.get("default_date") else None,
            "default_year": data.get("default_year"),
        }
