"""The client's address: the socket's, or the forwarded one when a trusted proxy passed it on."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def parse_trusted_proxies(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """Addresses or CIDR blocks, e.g. ("10.0.0.1", "172.16.0.0/12", "::1")."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"CWG_TRUSTED_PROXIES must list addresses or CIDR blocks; got {entry!r}"
            ) from None
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    # "[2001:db8::1]:443" and "192.0.2.1:443" are written by some proxies.
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str:
    """The address the request came from, as the rate limits and the sign-in lock-out count it.

    X-Forwarded-For is written by whoever sends the request, so it is read only when the socket
    peer is one of CWG_TRUSTED_PROXIES; then the right-most address that is not itself a trusted
    proxy is the client (everything left of it may have been made up by the client).
    """
    peer = request.META.get("REMOTE_ADDR") or ""
    networks = parse_trusted_proxies(tuple(getattr(settings, "CWG_TRUSTED_PROXIES", ())))
    peer_address = _address(peer)
    if peer_address is None:
        return peer or "unknown"
    if not networks or not _trusted(peer_address, networks):
        return str(peer_address)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # A malformed hop cannot be trusted, nor can anything the client wrote before it.
            break
        if not _trusted(address, networks):
            return str(address)
    # Only proxies in the chain (or nothing usable): the nearest one is the best we know.
    return str(peer_address)


def axes_client_ip(request) -> str | None:
    """The form django-axes asks for (AXES_CLIENT_IP_CALLABLE): None when there is no address.

    A sign-in without a socket (a shell, a test client's force_login) has no REMOTE_ADDR;
    axes stores the address in an inet column on PostgreSQL, which refuses a placeholder.
    """
    address = client_ip(request)
    return address if _address(address) is not None else None
