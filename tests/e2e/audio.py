"""Tell which prompt a caller heard: compare loudness envelopes of PCMU audio with a WAV."""

from __future__ import annotations

import math
import wave
from pathlib import Path

FRAME = 160  # 20 ms at 8 kHz


def _ulaw_sample(byte: int) -> int:
    byte = ~byte & 0xFF
    exponent = (byte >> 4) & 0x07
    magnitude = (((byte & 0x0F) << 3) + 0x84) << exponent
    magnitude -= 0x84
    return -magnitude if byte & 0x80 else magnitude


_ULAW = [_ulaw_sample(value) for value in range(256)]


def ulaw_to_samples(payload: bytes) -> list[int]:
    return [_ULAW[value] for value in payload]


def wav_samples(path: Path) -> list[int]:
    with wave.open(str(path)) as reader:
        assert reader.getframerate() == 8000 and reader.getsampwidth() == 2
        raw = reader.readframes(reader.getnframes())
    return [int.from_bytes(raw[i:i + 2], "little", signed=True) for i in range(0, len(raw), 2)]


def envelope(samples: list[int]) -> list[float]:
    return [math.sqrt(sum(s * s for s in samples[i:i + FRAME]) / FRAME)
            for i in range(0, len(samples) - FRAME + 1, FRAME)]


def _pearson(a: list[float], b: list[float]) -> float:
    n = len(a)
    mean_a, mean_b = sum(a) / n, sum(b) / n
    cov = sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b, strict=True))
    var_a = sum((x - mean_a) ** 2 for x in a)
    var_b = sum((y - mean_b) ** 2 for y in b)
    return cov / math.sqrt(var_a * var_b) if var_a and var_b else 0.0


def similarity(heard: list[int], reference: list[int]) -> float:
    """Best correlation of the reference's envelope anywhere inside what was heard."""
    heard_env, reference_env = envelope(heard), envelope(reference)
    best = 0.0
    for lag in range(0, max(1, len(heard_env) - len(reference_env) // 2)):
        window = heard_env[lag:lag + len(reference_env)]
        if len(window) < len(reference_env) * 0.8:
            break
        best = max(best, _pearson(window, reference_env[:len(window)]))
    return best
