"""Asterisk configuration generated from ringdesk's queues and agent accounts.

Pure: specs in, file contents and problems out. ``callcenter/pbx_apply.py`` loads the specs
from the database, refuses to apply while ``check`` finds problems, writes the files into the
directory ringdesk owns (``ringdesk-generated/``) and reloads Asterisk.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, fields

from ringdesk.callcenter.queues.levels import Level, QueuePlan

QUEUE_NAME = re.compile(r"^[A-Za-z0-9_]{1,60}$")  # no '-': level queues are <name>-L<n>
ENDPOINT_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,60}$")
CONTACT = re.compile(r"^sip:[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+(:\d{1,5})?$")
MUSIC_CLASS = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
CALLER_ID = re.compile(r"^\+?[0-9]{3,20}$")
DIGEST_REALM = "asterisk"  # PJSIP's default realm, part of the stored digest hash
# A level takes a caller only when one of its agents can answer right now; otherwise the
# caller goes straight on to the next level.
NOT_READY = "paused,penalty,inuse,ringing,unavailable,invalid,wrapup"


@dataclass(frozen=True)
class AccountSpec:
    endpoint: str
    display_name: str = ""
    password_ha1: str = ""
    static_contact: str = ""


@dataclass(frozen=True)
class MemberSpec:
    endpoint: str
    level: int
    position: int


@dataclass(frozen=True)
class QueueSpec:
    name: str
    ring_timeout: int = 15
    retry: int = 2
    max_wait: int = 300
    wrapup: int = 0
    music_class: str = "default"
    announce_frequency: int = 0
    announce_position: bool = False
    announce_holdtime: bool = False
    record_calls: bool = True  # MixMonitor from the moment an agent answers
    caller_id: str = ""  # the number customers see when an agent calls them for this queue
    dispositions: tuple[str, ...] = ()  # what agents choose from in wrap-up, in this order
    members: tuple[MemberSpec, ...] = ()

    def __post_init__(self) -> None:
        # Read back from a JSON column (or an API body) as a list: one shape everywhere.
        object.__setattr__(self, "dispositions", tuple(self.dispositions))


# The settings of a queue (what the database row, the API and the generator share).
QUEUE_SETTINGS = tuple(f.name for f in fields(QueueSpec) if f.name not in ("name", "members"))


@dataclass(frozen=True)
class ConfigProblem:
    where: str  # "queue support", "account agent-1001"
    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "field": self.field, "message": self.message}


def password_ha1(endpoint: str, password: str) -> str:
    """The digest hash Asterisk's ``md5_cred`` expects: md5(user:realm:password)."""
    return hashlib.md5(f"{endpoint}:{DIGEST_REALM}:{password}".encode(),
                       usedforsecurity=False).hexdigest()


def new_password() -> str:
    return secrets.token_urlsafe(18)


def level_queue(name: str, level_index: int) -> str:
    return f"{name}-L{level_index}"


def levels_of(queue: QueueSpec) -> list[list[MemberSpec]]:
    """Members grouped by level (gaps closed: levels 1 and 3 become L1 and L2), each level
    in position order."""
    by_level: dict[int, list[MemberSpec]] = {}
    for member in queue.members:
        by_level.setdefault(member.level, []).append(member)
    return [sorted(by_level[level], key=lambda m: (m.position, m.endpoint))
            for level in sorted(by_level)]


def plan_of(queue: QueueSpec) -> QueuePlan:
    levels = tuple(Level(level_queue(queue.name, index), len(members))
                   for index, members in enumerate(levels_of(queue), start=1))
    return QueuePlan(queue.name, levels, queue.ring_timeout, queue.retry, queue.music_class)


def check(queues: list[QueueSpec], accounts: list[AccountSpec]) -> list[ConfigProblem]:
    endpoints = {account.endpoint for account in accounts}
    return check_accounts(accounts) + check_queues(queues, endpoints)


def check_accounts(accounts: list[AccountSpec]) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    for account in accounts:
        where = f"account {account.endpoint}"
        if not ENDPOINT_NAME.match(account.endpoint):
            problems.append(ConfigProblem(where, "endpoint",
                                          "letters, digits, '.', '_' and '-' only (max 60)"))
        if account.static_contact and not CONTACT.match(account.static_contact):
            problems.append(ConfigProblem(where, "static_contact",
                                          "write it as sip:user@host:port"))
    return problems


MAX_DISPOSITIONS = 30
DISPOSITION_LENGTH = 60


def disposition_problems(codes: tuple[str, ...] | list[str]) -> list[str]:
    """Wrap-up codes: each written out, once, short enough to pick from a list."""
    problems = []
    if len(codes) > MAX_DISPOSITIONS:
        problems.append(f"at most {MAX_DISPOSITIONS} dispositions")
    seen: set[str] = set()
    for code in codes:
        if not code.strip() or code != code.strip():
            problems.append(f"{code!r}: a disposition is words without spaces around them")
        elif len(code) > DISPOSITION_LENGTH:
            problems.append(f"{code[:20]}…: at most {DISPOSITION_LENGTH} characters")
        elif code.casefold() in seen:
            problems.append(f"{code}: named twice")
        seen.add(code.casefold())
    return problems


def check_queues(queues: list[QueueSpec], endpoints: set[str]) -> list[ConfigProblem]:
    """Queue settings and members; ``endpoints`` are the agent accounts that exist."""
    return [problem for queue in queues for problem in _check_queue(queue, endpoints)]


def _check_queue(queue: QueueSpec, accounts: set[str]) -> list[ConfigProblem]:
    where = f"queue {queue.name}"
    problems = []
    if not QUEUE_NAME.match(queue.name):
        problems.append(ConfigProblem(where, "name", "letters, digits and '_' only (max 60)"))
    for name, value, low, high in (("ring_timeout", queue.ring_timeout, 1, 300),
                                   ("retry", queue.retry, 0, 60),
                                   ("max_wait", queue.max_wait, 1, 86400),
                                   ("wrapup", queue.wrapup, 0, 3600),
                                   ("announce_frequency", queue.announce_frequency, 0, 3600)):
        if not low <= value <= high:
            problems.append(ConfigProblem(where, name, f"must be from {low} to {high}"))
    if not MUSIC_CLASS.match(queue.music_class):
        problems.append(ConfigProblem(where, "music_class", "not a music-on-hold class name"))
    if queue.caller_id and not CALLER_ID.match(queue.caller_id):
        problems.append(ConfigProblem(where, "caller_id", "a phone number, e.g. +4930123456"))
    problems += [ConfigProblem(where, "dispositions", problem)
                 for problem in disposition_problems(queue.dispositions)]
    seen: dict[tuple[int, int], str] = {}
    for member in queue.members:
        if member.endpoint not in accounts:
            problems.append(ConfigProblem(where, "members",
                                          f"no agent account {member.endpoint!r}"))
        if member.level < 1 or member.position < 1:
            problems.append(ConfigProblem(where, "members",
                                          f"{member.endpoint}: level and position start at 1"))
        slot = (member.level, member.position)
        if slot in seen:
            problems.append(ConfigProblem(
                where, "members", f"{member.endpoint} and {seen[slot]} share level "
                                  f"{member.level} position {member.position}"))
        seen[slot] = member.endpoint
    return problems


def render_queues(queues: list[QueueSpec], accounts: list[AccountSpec]) -> str:
    names = {account.endpoint: account.display_name or account.endpoint
             for account in accounts}
    out = ["; Generated by ringdesk from its database: edits here are overwritten.\n"]
    for queue in sorted(queues, key=lambda q: q.name):
        for index, members in enumerate(levels_of(queue), start=1):
            out.append(f"[{level_queue(queue.name, index)}]\n"
                       f"; {queue.name}, level {index}: members in position order\n"
                       "strategy = linear\n"
                       f"timeout = {queue.ring_timeout}\n"
                       f"retry = {queue.retry}\n"
                       f"wrapuptime = {queue.wrapup}\n"
                       f"musicclass = {queue.music_class}\n"
                       f"joinempty = {NOT_READY}\n"
                       f"leavewhenempty = {NOT_READY}\n"
                       "ringinuse = no\n"
                       f"announce-frequency = {queue.announce_frequency}\n"
                       f"announce-position = {'yes' if queue.announce_position else 'no'}\n"
                       f"announce-holdtime = {'yes' if queue.announce_holdtime else 'no'}\n"
                       # MixMonitor on answer, into MONITOR_FILENAME (set by the dialplan)
                       + ("monitor-format = wav\n" if queue.record_calls else ""))
            for member in members:
                out.append(f"member => PJSIP/{member.endpoint},0,"
                           f"{_safe(names.get(member.endpoint, member.endpoint))}\n")
            out.append("\n")
    return "".join(out)


def is_generated(account: AccountSpec) -> bool:
    """An account with neither a password nor a fixed contact is defined by the site's
    own PJSIP configuration (like the sandbox's demo phones): ringdesk only refers to it."""
    return bool(account.password_ha1 or account.static_contact)


def render_accounts(accounts: list[AccountSpec]) -> str:
    out = ["; Generated by ringdesk from its database: edits here are overwritten.\n"]
    for account in sorted(filter(is_generated, accounts), key=lambda a: a.endpoint):
        name = account.endpoint
        caller_id = f'"{_safe(account.display_name)}" <{name}>' if account.display_name \
            else f"<{name}>"
        out.append(f"[{name}](agent-phone)\naors = {name}\ncallerid = {caller_id}\n")
        if account.password_ha1:
            out.append(f"auth = {name}\n\n[{name}]\ntype = auth\nauth_type = md5\n"
                       f"username = {name}\nrealm = {DIGEST_REALM}\n"
                       f"md5_cred = {account.password_ha1}\n")
        out.append(f"\n[{name}]\ntype = aor\n")
        if account.static_contact:
            out.append(f"contact = {account.static_contact}\n\n")
        else:
            out.append("max_contacts = 2\nremove_existing = yes\nqualify_frequency = 30\n\n")
    return "".join(out)


def _safe(text: str) -> str:
    """Text that cannot break a config line or a quoted value."""
    return re.sub(r'[\r\n;,"<>\[\]]', " ", text).strip()
