"""Decoding an uploaded sound runs in its own process under a time and memory limit: a
file that would stall or exhaust the decoder is refused with the reason, nothing is kept."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest

from ringdesk.core.errors import InvalidInput
from ringdesk.routes import sounds
from ringdesk.routes.sounds import DecodeLimits, do_store_sound


def a_second_of_tone(rate: int = 44100) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as audio:
        audio.setnchannels(2)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(bytes(range(256)) * (rate * 4 // 256))
    return buffer.getvalue()


def test_a_sound_is_converted_for_the_telephone(tmp_path: Path):
    stored = do_store_sound(tmp_path, "hello", "Hello.wav", a_second_of_tone())
    assert stored.name == "ringdesk/hello" and 0.9 < stored.seconds < 1.1
    with wave.open(str(tmp_path / "hello.wav"), "rb") as audio:
        assert (audio.getframerate(), audio.getnchannels(), audio.getsampwidth()) == (8000, 1, 2)


@pytest.mark.parametrize(("limits", "reason"), [
    (DecodeLimits(memory_bytes=8 * 1024 * 1024), "is not a readable wav file"),
    (DecodeLimits(seconds=0.001), "took too long to convert"),
])
def test_a_decode_past_its_limits_is_refused_and_nothing_is_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limits: DecodeLimits, reason: str):
    monkeypatch.setattr(sounds, "DECODE_LIMITS", limits)
    with pytest.raises(InvalidInput, match=reason):
        do_store_sound(tmp_path, "hello", "hello.wav", a_second_of_tone())
    assert list(tmp_path.iterdir()) == []
