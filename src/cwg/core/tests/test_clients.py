"""The client address: forwarded headers count only when a trusted proxy passed them on."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from cwg.core.clients import client_ip

PROXIES = ("10.0.0.1", "172.16.0.0/12", "2001:db8:1::/48")


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # No trusted proxy in front: the header is the client's own word and is ignored.
        ("198.51.100.7", "203.0.113.5", "198.51.100.7"),
        ("198.51.100.7", None, "198.51.100.7"),
        # Through a trusted proxy (address or block): the right-most untrusted hop.
        ("10.0.0.1", "203.0.113.5", "203.0.113.5"),
        ("172.20.1.9", "203.0.113.5", "203.0.113.5"),
        ("10.0.0.1", "203.0.113.5, 172.16.4.4", "203.0.113.5"),
        # What the client wrote before the real hop is ignored (it could be anything).
        ("10.0.0.1", "1.2.3.4, 203.0.113.5", "203.0.113.5"),
        ("10.0.0.1", "not-an-address, 203.0.113.5", "203.0.113.5"),
        # A made-up hop after the last proxy: nothing left of it is believed.
        ("10.0.0.1", "203.0.113.5, garbage", "10.0.0.1"),
        # Only proxies, or no header: the nearest proxy.
        ("10.0.0.1", "172.16.0.2", "10.0.0.1"),
        ("10.0.0.1", None, "10.0.0.1"),
        ("10.0.0.1", "", "10.0.0.1"),
        # IPv6 and the forms with ports.
        ("2001:db8:1::5", "2001:db8:99::7", "2001:db8:99::7"),
        ("10.0.0.1", "[2001:db8:99::7]:4711", "2001:db8:99::7"),
        ("10.0.0.1", "203.0.113.5:4711", "203.0.113.5"),
        ("::ffff:10.0.0.1", "203.0.113.5", "203.0.113.5"),
    ],
)
def test_client_ip(settings, remote, forwarded, expected):
    settings.CWG_TRUSTED_PROXIES = PROXIES
    assert client_ip(request(remote, forwarded)) == expected


def test_without_trusted_proxies_the_header_is_never_read(settings):
    settings.CWG_TRUSTED_PROXIES = ()
    assert client_ip(request("10.0.0.1", "203.0.113.5")) == "10.0.0.1"


def test_a_sign_in_without_a_socket_is_recorded_without_an_address(personas, client):
    """force_login builds a request with no REMOTE_ADDR; PostgreSQL's inet column refuses "unknown"."""
    from axes.models import AccessLog

    client.force_login(personas.delegate)
    assert client.get("/en/").status_code == 200
    assert list(AccessLog.objects.values_list("ip_address", flat=True)) in ([], [None])
