"""Sounds admins upload: decoded by ffmpeg, stored as 8 kHz mono 16-bit WAV, the format
Asterisk plays without transcoding. Anything that does not decode is refused, and nothing
half-written ever appears under a sound's name.

The decoder runs in its own process under a time and memory limit (``prlimit``, and a
timeout): a crafted file cannot stall or exhaust the server that also carries calls."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydub import AudioSegment
from pydub.exceptions import CouldntDecodeError

from ringdesk.core.errors import InvalidInput, NotFound
from ringdesk.routes.references import SOUND_PREFIX

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
FORMATS = {"wav": "wav", "mp3": "mp3", "ogg": "ogg", "m4a": "mp4", "flac": "flac"}
MAX_SECONDS = 600
MAX_BYTES = 50 * 1024 * 1024
TELEPHONE_RATE = 8000


@dataclass(frozen=True)
class DecodeLimits:
    seconds: float = 60.0  # wall-clock time for one decode
    cpu_seconds: int = 60
    memory_bytes: int = 1024 * 1024 * 1024  # address space of the decoder process


DECODE_LIMITS = DecodeLimits()


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
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=directory, prefix=".decode-") as work:
        source, decoded = Path(work) / f"upload.{extension}", Path(work) / "decoded.wav"
        source.write_bytes(data)
        _decode(source, FORMATS[extension], decoded, filename, extension, DECODE_LIMITS)
        seconds = wav_seconds(decoded)
        if seconds < 0.1 or seconds > MAX_SECONDS:
            raise InvalidInput(f"a sound lasts 0.1 s to {MAX_SECONDS} s; this one "
                               f"{seconds:.1f} s", {"field": "file"})
        final = directory / f"{name}.wav"
        os.replace(decoded, final)  # atomic: Asterisk never reads half a file
    return StoredSound(SOUND_PREFIX + name, seconds, final.stat().st_size)


def _decode(source: Path, input_format: str, target: Path, filename: str, extension: str,
            limits: DecodeLimits) -> None:
    """``source`` as 8 kHz mono 16-bit WAV in ``target``, or InvalidInput with the reason."""
    ffmpeg = shutil.which("ffmpeg")
    prlimit = shutil.which("prlimit")
    if ffmpeg is None or prlimit is None:
        raise InvalidInput("sounds cannot be converted here: ffmpeg and prlimit (util-linux) "
                           "are needed on the server", {"field": "file"})
    command = [prlimit, f"--as={limits.memory_bytes}", f"--cpu={limits.cpu_seconds}",
               "--", ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error",
               "-f", input_format, "-i", str(source), "-map", "0:a:0",
               "-t", str(MAX_SECONDS + 1), "-ac", "1", "-ar", str(TELEPHONE_RATE),
               "-c:a", "pcm_s16le", "-f", "wav", "-y", str(target)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=limits.seconds,
                              check=False)
    except subprocess.TimeoutExpired:
        raise InvalidInput(f"{filename!r} took too long to convert (over "
                           f"{limits.seconds:.0f} s)", {"field": "file"}) from None
    if done.returncode != 0 or not target.is_file():
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InvalidInput(f"{filename!r} is not a readable {extension} file",
                           {"field": "file", "reason": (reason[-1] if reason else
                                                        f"exit {done.returncode}")[:300]})


def wav_seconds(path: Path) -> float:
    """The length of a WAV file (read by pydub in this process: WAV needs no decoder)."""
    return len(AudioSegment.from_wav(path)) / 1000


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
            seconds = wav_seconds(path)
        except (CouldntDecodeError, OSError):
            seconds = 0.0
        sounds.append(StoredSound(SOUND_PREFIX + path.stem, seconds, path.stat().st_size))
    return sounds
