"""The one place phone numbers are read: raw strings from Asterisk or users to E.164."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers


# Parsing costs tens of microseconds and every call parses its caller and the number it
# dialled, which repeat (DIDs always): remember recent answers.
@lru_cache(maxsize=65536)
def to_e164(raw: str, default_region: str) -> str | None:
    """E.164 for a real phone number, ``None`` for anonymous callers and internal extensions.

    A national number must be valid for the region; a number written internationally
    (``+``/``00``) need only be possible, so new number ranges are not lost while the
    metadata lags behind.
    """
    text = raw.strip()
    if not text or not any(char.isdigit() for char in text):
        return None
    international = text.startswith("+") or text.startswith("00")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        return None
    acceptable = phonenumbers.is_valid_number(number) or (
        international and phonenumbers.is_possible_number(number)
    )
    if not acceptable:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
