"""What a route node asks of the call, as data, and what comes back.

Nodes never touch Asterisk: they yield effects. The live executor turns each effect into
AGI commands; the simulator answers them from scripted inputs. That is how one engine is
driven twice.

Effects and outcomes are values (nobody changes one once made) but are not frozen: a call
makes a dozen of them on the FastAGI path, and a slotted dataclass is built about five
times faster than a frozen one. For the same reason each writes its own ``__init__``
(``init=False`` keeps the dataclass's repr and equality): mypyc compiles a hand-written
initialiser, but the one ``dataclass`` generates runs in the interpreter, four times slower
(``ringdesk compile``; measured in ``python -m bench routes``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True, init=False)
class Ring:
    seconds: int

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds


@dataclass(slots=True, init=False)
class Play:
    sound: str

    def __init__(self, sound: str) -> None:
        self.sound = sound


@dataclass(slots=True, init=False)
class CollectDigit:
    """Play ``prompt`` (interruptible) and wait ``timeout`` seconds for one key."""

    prompt: str
    timeout: float
    digits: str

    def __init__(self, prompt: str, timeout: float, digits: str) -> None:
        self.prompt = prompt
        self.timeout = timeout
        self.digits = digits


@dataclass(slots=True, init=False)
class JoinQueue:
    queue: str
    max_wait: int

    def __init__(self, queue: str, max_wait: int) -> None:
        self.queue = queue
        self.max_wait = max_wait


@dataclass(slots=True, init=False)
class DialAgent:
    endpoint: str
    seconds: int

    def __init__(self, endpoint: str, seconds: int) -> None:
        self.endpoint = endpoint
        self.seconds = seconds


@dataclass(slots=True, init=False)
class Transfer:
    number: str
    trunk: str
    caller_id: str
    seconds: int

    def __init__(self, number: str, trunk: str, caller_id: str, seconds: int) -> None:
        self.number = number
        self.trunk = trunk
        self.caller_id = caller_id
        self.seconds = seconds


@dataclass(slots=True, init=False)
class RecordVoicemail:
    greeting: str
    max_seconds: int

    def __init__(self, greeting: str, max_seconds: int) -> None:
        self.greeting = greeting
        self.max_seconds = max_seconds


@dataclass(slots=True, init=False)
class SetTicketFields:
    category: str
    priority: str
    tags: tuple[str, ...]

    def __init__(self, category: str, priority: str, tags: tuple[str, ...] = ()) -> None:
        self.category = category
        self.priority = priority
        self.tags = tags


@dataclass(slots=True)
class Hangup:
    pass


Effect = (Ring | Play | CollectDigit | JoinQueue | DialAgent | Transfer | RecordVoicemail
          | SetTicketFields | Hangup)


@dataclass(slots=True, init=False)
class Outcome:
    """The answer to an effect.

    ``ok`` is False when the effect could not be carried out (a sound file missing, a queue
    unknown to Asterisk). ``value`` is the digit pressed, ``QUEUESTATUS`` or ``DIALSTATUS``.
    """

    ok: bool
    value: str
    details: dict[str, str]

    def __init__(self, ok: bool = True, value: str = "",
                 details: dict[str, str] | None = None) -> None:
        self.ok = ok
        self.value = value
        self.details = {} if details is None else details
