"""The sounds routes may refer to: files on disk that Asterisk plays."""

from __future__ import annotations

from pathlib import Path

SOUND_SUFFIXES = {".wav", ".gsm", ".ulaw", ".alaw", ".sln", ".sln16", ".g722"}
SOUND_PREFIX = "ringdesk/"


def sound_names(directory: Path) -> frozenset[str]:
    """Sounds Asterisk can play as ``ringdesk/<name>`` from ringdesk's sound directory."""
    if not directory.is_dir():
        return frozenset()
    return frozenset(SOUND_PREFIX + path.stem for path in directory.iterdir()
                     if path.suffix in SOUND_SUFFIXES and path.is_file())
