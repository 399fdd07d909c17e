"""What a route node asks of the call, as data, and what comes back.

Nodes never touch Asterisk: they yield effects. The live executor turns each effect into
AGI commands; the simulator answers them from scripted inputs. That is how one engine is
driven twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Ring:
    seconds: int


@dataclass(frozen=True)
class Play:
    sound: str


@dataclass(frozen=True)
class CollectDigit:
    """Play ``prompt`` (interruptible) and wait ``timeout`` seconds for one key."""

    prompt: str
    timeout: float
    digits: str


@dataclass(frozen=True)
class JoinQueue:
    queue: str
    max_wait: int


@dataclass(frozen=True)
class DialAgent:
    endpoint: str
    seconds: int


@dataclass(frozen=True)
class Transfer:
    number: str
    trunk: str
    caller_id: str
    seconds: int


@dataclass(frozen=True)
class RecordVoicemail:
    greeting: str
    max_seconds: int


@dataclass(frozen=True)
class SetTicketFields:
    category: str
    priority: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hangup:
    pass


Effect = (Ring | Play | CollectDigit | JoinQueue | DialAgent | Transfer | RecordVoicemail
          | SetTicketFields | Hangup)


@dataclass(frozen=True)
class Outcome:
    """The answer to an effect.

    ``ok`` is False when the effect could not be carried out (a sound file missing, a queue
    unknown to Asterisk). ``value`` is the digit pressed, ``QUEUESTATUS`` or ``DIALSTATUS``.
    """

    ok: bool = True
    value: str = ""
    details: dict[str, str] = field(default_factory=dict)
