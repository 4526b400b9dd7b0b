"""Keep supplier pages from steering greengate to private or local addresses.

A supplier's page is written by the party being judged. A link, a redirect or
a traceability URL on it must never make greengate fetch a loopback, private,
link-local (cloud metadata) or otherwise special address, or a non-HTTP
scheme, unless the user allowed that host with ``--allow-host``. The start
URLs the user typed are trusted as typed (but not where they redirect).

The check resolves the host name first, so a public-looking name that points
at 127.0.0.1 or 169.254.169.254 is refused too.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOWED_SCHEMES = frozenset({"http", "https"})


class HostRefused(Exception):
    """A URL was refused by the host guard; the message says why."""


@dataclass(frozen=True, slots=True)
class HostGuard:
    """Decide whether a URL may be fetched.

    Attributes:
        allowed_hosts: host names the user allowed (exact, lower case).
        allowed_networks: address ranges the user allowed (``127.0.0.1/32``).
    """

    allowed_hosts: frozenset[str] = frozenset()
    allowed_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_allow_list(cls, entries: Iterable[str]) -> HostGuard:
        """Build a guard from ``--allow-host`` values: host names, IPs or CIDRs."""
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for raw in entries:
            entry = raw.strip().lower().strip("[]")
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hosts.add(entry)
        return cls(allowed_hosts=frozenset(hosts), allowed_networks=tuple(networks))

    def check(self, url: str) -> None:
        """Raise :class:`HostRefused` unless ``url`` may be fetched."""
        parts = urlsplit(url)
        if parts.scheme.lower() not in ALLOWED_SCHEMES:
            raise HostRefused(f"scheme {parts.scheme or '(none)'!r} is not fetched")
        host = (parts.hostname or "").lower()
        if not host:
            raise HostRefused("the URL has no host")
        if host in self.allowed_hosts:
            return
        for address in self._resolve(host, parts.port):
            if self._address_allowed(address):
                continue
            raise HostRefused(
                f"{host} resolves to {address}, a {_address_class(address)} address;"
                " allow it with --allow-host if this is intended"
            )

    def allows(self, url: str) -> bool:
        """Return whether ``url`` passes :meth:`check`."""
        try:
            self.check(url)
        except HostRefused:
            return False
        return True

    def _address_allowed(self, address: IPAddress) -> bool:
        if any(address in net for net in self.allowed_networks):
            return True
        return _address_class(address) == "public"

    @staticmethod
    def _resolve(host: str, port: int | None) -> tuple[IPAddress, ...]:
        try:
            return (ipaddress.ip_address(host),)
        except ValueError:
            pass
        try:
            infos = socket.getaddrinfo(host, port or 80, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError) as exc:
            raise HostRefused(f"{host} could not be resolved: {exc}") from exc
        addresses = {ipaddress.ip_address(info[4][0]) for info in infos}
        return tuple(sorted(addresses, key=str))


def _address_class(address: IPAddress) -> str:
    """Name the special range an address belongs to, or ``public``."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return _address_class(address.ipv4_mapped)
    checks = (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("unspecified", address.is_unspecified),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("non-global", not address.is_global),
    )
    for name, hit in checks:
        if hit:
            return name
    return "public"
