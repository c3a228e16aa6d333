"""The client's address: the peer's own, or read from X-Forwarded-For behind a trusted proxy."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network
from typing import Any

from litestar.connection import ASGIConnection

from services.http.state import runtime_of

Network = IPv4Network | IPv6Network
Address = IPv4Address | IPv6Address
_LONGEST = 64  # characters of an unreadable hop kept as its key


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """The trusted proxies as networks: each an address or a CIDR network."""
    return tuple(ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse(hop: str) -> Address | None:
    """An address, with or without a port (`203.0.113.5:4711`, `[2001:db8::1]:4711`)."""
    candidates = [hop]
    if hop.startswith("["):
        candidates.append(hop[1:].partition("]")[0])
    elif hop.count(":") == 1:
        candidates.append(hop.partition(":")[0])
    for candidate in candidates:
        try:
            address = ip_address(candidate)
        except ValueError:
            continue
        mapped = getattr(address, "ipv4_mapped", None)
        return mapped if isinstance(mapped, IPv4Address) else address
    return None


def _is_trusted(address: Address | None, trusted: Sequence[Network]) -> bool:
    return address is not None and any(
        address.version == network.version and address in network for network in trusted
    )


def client_address(
    peer: str | None, forwarded_for: Iterable[str], trusted: Sequence[Network]
) -> str:
    """The peer's address unless the peer is a trusted proxy; then the right-most address in
    X-Forwarded-For that is not itself a trusted proxy (what the nearest untrusted party sent
    from: anything to its left is whatever that party claimed)."""
    if not peer:
        return "unknown"
    address = _parse(peer)
    if not _is_trusted(address, trusted):
        return str(address) if address else peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",") if hop.strip()]
    for hop in reversed(hops):
        parsed = _parse(hop)
        if not _is_trusted(parsed, trusted):
            return str(parsed) if parsed else hop[:_LONGEST]
    return str(address)  # every hop is a trusted proxy: count them as the peer


def client_of(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The address a request's throttles count it against, by the runtime's trusted proxies."""
    trusted = trusted_networks(runtime_of(connection).settings.trusted_proxies)
    peer = connection.client.host if connection.client else None
    return client_address(peer, connection.headers.getall("x-forwarded-for", []), trusted)
