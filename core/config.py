"""Typed configuration: defaults, then a TOML file, then ``RINGDESK_<SECTION>_<KEY>`` variables.

Every setting is declared once here with its default and a one-line explanation; the
configuration reference (docs/configuration.md) is generated from these declarations
(``ringdesk config reference``).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, get_type_hints

from ringdesk.core.errors import ConfigError


def setting(default: Any, doc: str) -> Any:
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata={"doc": doc})
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class DatabaseConfig:
    url: str = setting(
        "sqlite:///ringdesk.sqlite3",
        "SQLAlchemy URL; SQLite for one box, postgresql+psycopg://user:pw@host/db in production",
    )


@dataclass(frozen=True)
class PhoneConfig:
    default_region: str = setting(
        "DE", "ISO country used to read numbers written without +country code"
    )


@dataclass(frozen=True)
class AgiConfig:
    host: str = setting("127.0.0.1", "address the FastAGI server listens on")
    port: int = setting(4573, "FastAGI port (Asterisk's AGI(agi://host:port/...))")
    backlog: int = setting(1024, "listen backlog; bursts of calls connect at once")


@dataclass(frozen=True)
class AmiConfig:
    host: str = setting("127.0.0.1", "Asterisk Manager Interface host")
    port: int = setting(5038, "AMI port")
    username: str = setting("ringdesk", "AMI user from manager.conf")
    secret: str = setting(
        "", "AMI secret (the same as in Asterisk's manager configuration); none is built in: "
            "without it ringdesk does not log in to Asterisk")
    action_timeout: float = setting(10.0, "seconds to wait for an AMI action's answer")
    max_reconnect_delay: float = setting(30.0, "upper bound of the reconnect backoff, seconds")
    inbound_contexts: list[str] = setting(
        ["from-trunk"], "dialplan contexts whose new channels are inbound customer calls"
    )
    fallback_import_interval: float = setting(
        15.0, "seconds between imports of calls recorded by the dialplan fallback"
    )
    cdr_file: str = setting(
        "/var/log/asterisk/cdr-custom/ringdesk.csv",
        "Asterisk's CDR file (cdr_custom.conf) as ringdesk sees it; empty: not read",
    )


@dataclass(frozen=True)
class WebConfig:
    host: str = setting("127.0.0.1", "address of the web UI and REST API")
    port: int = setting(8080, "HTTP port")
    threads: int = setting(8, "worker threads serving HTTP requests")
    max_body_bytes: int = setting(
        1024 * 1024, "largest request body (JSON) accepted; larger ones get 413 unread")
    max_attachment_bytes: int = setting(
        25 * 1024 * 1024, "largest file attached to a ticket")
    trusted_proxies: int = setting(
        0, "reverse proxies in front (e.g. 1 behind Caddy): their X-Forwarded-For/-Proto "
           "give the client's address and HTTPS (Secure cookies)")


@dataclass(frozen=True)
class AuthConfig:
    session_idle_minutes: int = setting(
        60, "a browser session ends after this long without a request")
    session_hours: int = setting(12, "a browser session ends this long after sign-in")
    failures_per_account: int = setting(
        5, "failed sign-ins of one login within the window before it is throttled")
    failures_per_address: int = setting(
        20, "failed sign-ins from one address within the window before it is throttled")
    failure_window_minutes: int = setting(15, "how long a failed sign-in counts")
    second_factor_ranks: list[str] = setting(
        [], "ranks that must sign in with a TOTP code too (e.g. admin, supervisor); the "
            "Users screen's rules replace the three network/rank lists once saved there")
    trusted_networks: list[str] = setting(
        [], "networks (CIDR) from which no second factor is asked, e.g. the office LAN")
    allowed_networks: list[str] = setting(
        [], "if set, the only networks (CIDR) users may sign in from or use API tokens from")
    secret_key: str = setting(
        "", "the server's key (32+ characters): encrypts TOTP seeds, keys recovery-code "
            "hashes; empty: kept in auth.secret_key_file")
    secret_key_file: str = setting(
        "/var/lib/ringdesk/secret.key",
        "where the server's key is kept when auth.secret_key is empty (made on first start; "
        "back it up)")
    login_token_days: int = setting(
        30, "an API token from POST /auth/login ends this many days after it was issued")
    personal_token_days: int = setting(
        90, "a personal API token's lifetime when its owner names none")
    token_max_days: int = setting(
        365, "the longest lifetime a personal or service API token may be given")


@dataclass(frozen=True)
class MediaConfig:
    sounds_dir: str = setting(
        "/var/lib/ringdesk/sounds",
        "ringdesk's sounds, which Asterisk plays as ringdesk/<name> (share it with Asterisk)")
    recordings_dir: str = setting(
        "/var/spool/asterisk/ringdesk", "where Asterisk writes voicemail, as ringdesk reads it")
    asterisk_recordings_dir: str = setting(
        "/var/spool/asterisk/ringdesk", "the same directory as Asterisk sees it")
    attachments_dir: str = setting(
        "/var/lib/ringdesk/attachments", "where files attached to tickets are kept")


@dataclass(frozen=True)
class HelpdeskConfig:
    call_tickets: str = setting(
        "all", "which calls open a ticket: all, missed (only calls to return) or off"
    )
    repeat_call_minutes: int = setting(
        60, "a caller's next call within this many minutes joins their open ticket"
    )


@dataclass(frozen=True)
class LogConfig:
    level: str = setting("info", "debug, info, warn or error")
    format: str = setting("json", "json (one object a line) or text")


@dataclass(frozen=True)
class LiveConfig:
    bus: str = setting("memory", "live event bus: memory (one process) or redis (split)")
    redis_url: str = setting("redis://127.0.0.1:6379/0", "Redis for live.bus = redis")
    timezone: str = setting("Europe/Berlin", "whose midnight starts 'today' on the dashboard")
    service_level_seconds: int = setting(
        20, "callers answered within this many seconds count toward the service level")
    reconcile_seconds: float = setting(
        30.0, "how often the live board is checked against Asterisk's own lists")
    auto_pause_after: int = setting(
        3, "queue calls an agent may let ring out in a row before being paused (0: never)")
    auto_pause_mode: str = setting(
        "Missed calls", "the work mode an agent is paused in after ringing out")
    recording_pause_seconds: float = setting(
        180.0, "a recording paused for card details resumes by itself after this long")
    mask_numbers_for: list[str] = setting(
        [], "ranks whose live board shows callers' numbers masked (e.g. supervisor), until "
            "an admin chooses them on the Users screen")


@dataclass(frozen=True)
class PbxConfig:
    root: str = setting(
        "/var/cache/ringdesk/pbx-sid", "where the sandbox chroot is cached (outside the clone)"
    )
    mirror: str = setting("http://deb.debian.org/debian", "Debian mirror for the sandbox")
    sip_port: int = setting(5060, "sandbox Asterisk SIP (UDP) port on 127.0.0.1")
    agi_url: str = setting(
        "agi://127.0.0.1:4573", "where the sandbox dialplan finds ringdesk's FastAGI server"
    )
    generated_dir: str = setting(
        "/etc/asterisk/ringdesk-generated",
        "where ringdesk writes the Asterisk configuration it generates (queues, agent phones)")
    trunks: list[str] = setting(
        ["trunk"], "PJSIP endpoints of the carrier trunks; the transfer node dials out via one")
    phone_server: str = setting(
        "", "the SIP server agents type into their phones (host or host:port); empty: the "
            "web address's host and pbx.sip_port")
    phone_transport: str = setting("udp", "the SIP transport agents' phones use (udp, tcp, tls)")


@dataclass(frozen=True)
class Config:
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    phone: PhoneConfig = field(default_factory=PhoneConfig)
    agi: AgiConfig = field(default_factory=AgiConfig)
    ami: AmiConfig = field(default_factory=AmiConfig)
    web: WebConfig = field(default_factory=WebConfig)
    auth: AuthConfig = field(default_factory=AuthConfig)
    media: MediaConfig = field(default_factory=MediaConfig)
    helpdesk: HelpdeskConfig = field(default_factory=HelpdeskConfig)
    log: LogConfig = field(default_factory=LogConfig)
    pbx: PbxConfig = field(default_factory=PbxConfig)
    live: LiveConfig = field(default_factory=LiveConfig)


ENV_PREFIX = "RINGDESK_"


def load_config(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    environ = os.environ if environ is None else environ
    if path is None and environ.get("RINGDESK_CONFIG"):
        path = Path(environ["RINGDESK_CONFIG"])
    document: dict[str, Any] = {}
    if path is not None:
        try:
            document = tomllib.loads(path.read_text())
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"cannot read configuration {path}: {error}") from error
    sections = {}
    for section in fields(Config):
        raw = document.pop(section.name, {})
        if not isinstance(raw, dict):
            raise ConfigError(f"[{section.name}] must be a table", {"section": section.name})
        sections[section.name] = _section(section.name, _section_types()[section.name], raw,
                                          environ)
    if document:
        raise ConfigError(f"unknown configuration sections: {', '.join(sorted(document))}")
    return Config(**sections)


def _section_types() -> dict[str, type]:
    return {name: kind for name, kind in get_type_hints(Config).items()}


def _section(name: str, cls: type, raw: dict[str, Any], environ: Mapping[str, str]) -> Any:
    values = {}
    known = {item.name: item for item in fields(cls)}
    for key in raw:
        if key not in known:
            raise ConfigError(f"unknown setting {name}.{key}", {"setting": f"{name}.{key}"})
    for key, item in known.items():
        env_name = f"{ENV_PREFIX}{name}_{key}".upper()
        if env_name in environ:
            values[key] = _coerce(f"{name}.{key}", item, environ[env_name], from_env=True)
        elif key in raw:
            values[key] = _coerce(f"{name}.{key}", item, raw[key], from_env=False)
    return cls(**values)


def _coerce(name: str, item: dataclasses.Field[Any], value: Any, from_env: bool) -> Any:
    kind = item.type if isinstance(item.type, str) else item.type.__name__
    try:
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        if kind.startswith("list"):
            if from_env:
                return [part.strip() for part in str(value).split(",") if part.strip()]
            if not isinstance(value, list):
                raise ValueError("expected a list")
            return [str(part) for part in value]
        return str(value)
    except ValueError as error:
        raise ConfigError(f"invalid value for {name}: {value!r} ({error})",
                          {"setting": name}) from error


def reference() -> list[tuple[str, str, str, str]]:
    """(setting, environment variable, default, meaning) for every setting."""
    rows = []
    for section in fields(Config):
        for item in fields(_section_types()[section.name]):
            factory = item.default_factory
            default = factory() if callable(factory) else item.default
            rows.append((
                f"{section.name}.{item.name}",
                f"{ENV_PREFIX}{section.name}_{item.name}".upper(),
                repr(default) if not isinstance(default, str) else default,
                item.metadata["doc"],
            ))
    return rows


def reference_markdown() -> str:
    lines = ["| setting | environment variable | default | meaning |", "|---|---|---|---|"]
    for name, env, default, doc in reference():
        lines.append(f"| `{name}` | `{env}` | `{default}` | {doc} |")
    return "\n".join(lines)
