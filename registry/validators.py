"""Text that no database will store: refused at the door with a clear message."""

from django.core.exceptions import ValidationError


def has_lone_surrogates(value: str) -> bool:
    """A UTF-16 surrogate on its own (JSON's ``"\\ud800"``) cannot be encoded as UTF-8, so
    the database driver would fail with a 500 instead of the field getting an error."""
    return any("\ud800" <= ch <= "\udfff" for ch in value)


def contains_bad_characters(value: str) -> bool:
    """NUL, which PostgreSQL refuses in text, or a lone surrogate."""
    return "\x00" in value or has_lone_surrogates(value)


def reject_lone_surrogates(value) -> None:
    if isinstance(value, str) and has_lone_surrogates(value):
        raise ValidationError("Invalid Unicode characters are not allowed.", code="surrogates")
