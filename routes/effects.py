"""What a route node asks of the call, as data, and what comes back.

Nodes never touch Asterisk: they yield effects. The live executor turns each effect into
AGI commands; the simulator answers them from scripted inputs. That is how one engine is
driven twice.

Effects and outcomes are values (nobody changes one once made) but are not frozen: a call
makes a dozen of them on the FastAGI path, and a slotted dataclass is built about five
times faster than a frozen one.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Ring:
    seconds: int


@dataclass(slots=True)
class Play:
    sound: str


@dataclass(slots=True)
class CollectDigit:
    """Play ``prompt`` (interruptible) and wait ``timeout`` seconds for one key."""

    prompt: str
    timeout: float
    digits: str


@dataclass(slots=True)
class JoinQueue:
    queue: str
    max_wait: int


@dataclass(slots=True)
class DialAgent:
    endpoint: str
    seconds: int


@dataclass(slots=True)
class Transfer:
    number: str
    trunk: str
    caller_id: str
    seconds: int


@dataclass(slots=True)
class RecordVoicemail:
    greeting: str
    max_seconds: int


@dataclass(slots=True)
class SetTicketFields:
    category: str
    priority: str
    tags: tuple[str, ...] = ()


@dataclass(slots=True)
class Hangup:
    pass


Effect = (Ring | Play | CollectDigit | JoinQueue | DialAgent | Transfer | RecordVoicemail
          | SetTicketFields | Hangup)


@dataclass(slots=True)
class Outcome:
    """The answer to an effect.

    ``ok`` is False when the effect could not be carried out (a sound file missing, a queue
    unknown to Asterisk). ``value`` is the digit pressed, ``QUEUESTATUS`` or ``DIALSTATUS``.
    """

    ok: bool = True
    value: str = ""
    details: dict[str, str] = field(default_factory=dict)
