"""Sounds admins upload: decoded with pydub, stored as 8 kHz mono 16-bit WAV, the format
Asterisk plays without transcoding. Anything that does not decode is refused, and nothing
half-written ever appears under a sound's name."""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydub import AudioSegment
from pydub.exceptions import CouldntDecodeError

from core.errors import InvalidInput, NotFound
from routes.references import SOUND_PREFIX

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
FORMATS = {"wav": "wav", "mp3": "mp3", "ogg": "ogg", "m4a": "mp4", "flac": "flac"}
MAX_SECONDS = 600
MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class StoredSound:
    name: str  # as routes use it: ringdesk/<name>
    seconds: float
    bytes: int


def check_name(name: str) -> str:
    if not NAME.match(name or ""):
        raise InvalidInput("a sound name is 1-64 lowercase letters, digits, '-' or '_'",
                           {"field": "name"})
    return name


def do_store_sound(directory: Path, name: str, filename: str, data: bytes) -> StoredSound:
    check_name(name)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS:
        raise InvalidInput(f"upload an audio file ({', '.join(sorted(FORMATS))}); "
                           f"got {filename!r}", {"field": "file"})
    if not data:
        raise InvalidInput("the file is empty", {"field": "file"})
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"the file is larger than {MAX_BYTES // 2**20} MB", {"field": "file"})
    try:
        audio = AudioSegment.from_file(io.BytesIO(data), format=FORMATS[extension])
    except (CouldntDecodeError, IndexError, OSError) as error:
        raise InvalidInput(f"{filename!r} is not a readable {extension} file",
                           {"field": "file", "reason": str(error)[:300]}) from None
    seconds = len(audio) / 1000
    if seconds < 0.1 or seconds > MAX_SECONDS:
        raise InvalidInput(f"a sound lasts 0.1 s to {MAX_SECONDS} s; this one {seconds:.1f} s",
                           {"field": "file"})
    telephone = audio.set_channels(1).set_frame_rate(8000).set_sample_width(2)
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".part")
    os.close(handle)
    try:
        telephone.export(temporary, format="wav")
        final = directory / f"{name}.wav"
        os.replace(temporary, final)  # atomic: Asterisk never reads half a file
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return StoredSound(SOUND_PREFIX + name, seconds, final.stat().st_size)


def sound_file(directory: Path, name: str) -> Path:
    path = directory / f"{check_name(name)}.wav"
    if not path.is_file():
        raise NotFound(f"no sound {name!r}", {"name": name})
    return path


def do_delete_sound(directory: Path, name: str) -> None:
    sound_file(directory, name).unlink()


def list_sounds(directory: Path) -> list[StoredSound]:
    if not directory.is_dir():
        return []
    sounds = []
    for path in sorted(directory.glob("*.wav")):
        try:
            seconds = len(AudioSegment.from_file(path)) / 1000
        except (CouldntDecodeError, OSError):
            seconds = 0.0
        sounds.append(StoredSound(SOUND_PREFIX + path.stem, seconds, path.stat().st_size))
    return sounds
