"""What an agent types into a softphone, and the same as a QR code for phones that scan
their account: server, port, transport, user (the endpoint), and the password once."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import segno

TRANSPORTS = ("udp", "tcp", "tls")


@dataclass(frozen=True)
class Softphone:
    server: str
    port: int
    transport: str
    user: str


def softphone_of(endpoint: str, configured: str, web_host: str, sip_port: int,
                 transport: str) -> Softphone:
    """``configured`` is ``host`` or ``host:port``; empty means the host the admin reached
    the web app on (its web port dropped), the PBX's address in a one-box install."""
    host, port = host_and_port(configured) if configured else (host_and_port(web_host)[0], None)
    chosen = transport.lower() if transport.lower() in TRANSPORTS else "udp"
    return Softphone(server=host, port=port or sip_port, transport=chosen, user=endpoint)


def host_and_port(address: str) -> tuple[str, int | None]:
    host, separator, port = address.rpartition(":")
    if separator and port.isdigit() and (":" not in host or host.endswith("]")):
        return host, int(port)
    return address, None


def account_uri(phone: Softphone, password: str) -> str:
    """A ``sip:`` URI carrying the credentials, the form account-scanning softphones read."""
    return (f"sip:{quote(phone.user, safe='')}:{quote(password, safe='')}@{phone.server}:"
            f"{phone.port};transport={phone.transport}")


def account_qr_svg(phone: Softphone, password: str) -> str:
    return segno.make(account_uri(phone, password), error="m").svg_data_uri(scale=4, border=2)
