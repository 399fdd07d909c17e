"""The server's own key: it encrypts secrets kept in the database (TOTP seeds) and keys the
hashes of short one-time codes (recovery codes), so that a copy of the database alone does not
yield a working second factor.

The key comes from ``auth.secret_key`` when set, else from ``auth.secret_key_file``, which is
created (readable by its owner only) on the first start. Losing it means enrolled users enrol
their authenticator app again; it is part of every backup.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ringdesk.core.config import Config
from ringdesk.core.errors import ConfigError

KEY_BYTES = 32
NONCE_BYTES = 12
ENCRYPTED_PREFIX = "v1:"
MIN_CONFIGURED_KEY = 32


class ServerKey:
    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ConfigError(f"the server key has {KEY_BYTES} bytes")
        # Separate keys for separate purposes, derived from the one the operator keeps.
        self._cipher = AESGCM(hmac.digest(key, b"ringdesk:encrypt", "sha256"))
        self._mac = hmac.digest(key, b"ringdesk:digest", "sha256")

    @classmethod
    def ephemeral(cls) -> ServerKey:
        """A random key that lives as long as the process (tests and tools)."""
        return cls(secrets.token_bytes(KEY_BYTES))

    def encrypt(self, text: str, purpose: str) -> str:
        """``text`` sealed for ``purpose`` (the associated data: a TOTP seed cannot be
        replayed where another secret is expected)."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._cipher.encrypt(nonce, text.encode(), purpose.encode())
        return ENCRYPTED_PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()

    def decrypt(self, stored: str, purpose: str) -> str:
        if not stored.startswith(ENCRYPTED_PREFIX):
            return stored  # written before secrets were encrypted: sealed on next write
        raw = base64.urlsafe_b64decode(stored[len(ENCRYPTED_PREFIX):])
        try:
            return self._cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:],
                                        purpose.encode()).decode()
        except InvalidTag:
            raise ConfigError("a stored secret does not open with this server's key "
                              "(auth.secret_key changed?)") from None

    @staticmethod
    def is_sealed(stored: str | None) -> bool:
        return stored is not None and stored.startswith(ENCRYPTED_PREFIX)

    def digest(self, text: str) -> str:
        return hmac.new(self._mac, text.encode(), hashlib.sha256).hexdigest()


def load_server_key(config: Config) -> ServerKey:
    configured = config.auth.secret_key
    if configured:
        if len(configured) < MIN_CONFIGURED_KEY:
            raise ConfigError(f"auth.secret_key: at least {MIN_CONFIGURED_KEY} characters "
                              "(e.g. `openssl rand -base64 32`)", {"setting": "auth.secret_key"})
        return ServerKey(hashlib.sha256(configured.encode()).digest())
    return ServerKey(_key_file(Path(config.auth.secret_key_file)))


def _key_file(path: Path) -> bytes:
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(KEY_BYTES)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return _key_file(path)
        with os.fdopen(handle, "wb") as file:
            file.write(key)
        return key
    except OSError as error:
        raise ConfigError(f"cannot read the server key {path}: {error}",
                          {"setting": "auth.secret_key_file"}) from error
    if len(key) != KEY_BYTES:
        raise ConfigError(f"the server key {path} is not {KEY_BYTES} bytes long",
                          {"setting": "auth.secret_key_file"})
    return key
