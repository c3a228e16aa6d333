"""Which address a request is counted against: the peer's, or X-Forwarded-For's behind a proxy."""

from __future__ import annotations

import pytest

from services.http.client_address import client_address, trusted_networks
from services.settings import Settings

PROXIES = trusted_networks(("10.0.0.0/8", "2001:db8:1::/48", "127.0.0.1"))


def test_nothing_is_trusted_by_default_not_even_loopback() -> None:
    settings = Settings.from_env({})
    assert settings.trusted_proxies == ()
    assert client_address("127.0.0.1", ["203.0.113.9"], trusted_networks(())) == "127.0.0.1"


def test_a_forged_header_from_an_untrusted_peer_is_ignored() -> None:
    assert client_address("198.51.100.4", ["203.0.113.9"], PROXIES) == "198.51.100.4"
    assert client_address("198.51.100.4", ["10.0.0.1, 10.0.0.2"], PROXIES) == "198.51.100.4"


def test_from_a_trusted_proxy_the_right_most_untrusted_address_is_used() -> None:
    # the client claimed 1.2.3.4; the edge proxy saw 198.51.100.7; an inner proxy saw the edge
    header = ["1.2.3.4, 198.51.100.7, 10.1.2.3"]
    assert client_address("10.0.0.5", header, PROXIES) == "198.51.100.7"


def test_several_forwarded_for_headers_read_as_one_list() -> None:
    headers = ["1.2.3.4", "198.51.100.7", "10.1.2.3"]
    assert client_address("10.0.0.5", headers, PROXIES) == "198.51.100.7"


def test_a_trusted_proxy_without_the_header_is_the_client() -> None:
    assert client_address("10.0.0.5", [], PROXIES) == "10.0.0.5"
    assert client_address("10.0.0.5", ["10.0.0.9"], PROXIES) == "10.0.0.5"


def test_ports_brackets_and_mapped_addresses_are_read_as_addresses() -> None:
    assert client_address("10.0.0.5", ["198.51.100.7:4711"], PROXIES) == "198.51.100.7"
    assert client_address("10.0.0.5", ["[2001:db8:2::7]:4711"], PROXIES) == "2001:db8:2::7"
    assert client_address("::ffff:10.0.0.5", ["198.51.100.7"], PROXIES) == "198.51.100.7"
    assert client_address("2001:db8:1::9", ["198.51.100.7"], PROXIES) == "198.51.100.7"


def test_an_ipv4_address_is_never_inside_an_ipv6_network() -> None:
    everything_v6 = trusted_networks(("::/0",))
    assert client_address("10.0.0.5", ["198.51.100.7"], everything_v6) == "10.0.0.5"


def test_an_unreadable_hop_counts_as_itself_cut_short() -> None:
    assert client_address("10.0.0.5", ["unknown"], PROXIES) == "unknown"
    assert client_address("10.0.0.5", ["x" * 500], PROXIES) == "x" * 64
    assert client_address(None, ["198.51.100.7"], PROXIES) == "unknown"


def test_the_setting_takes_addresses_and_networks_and_refuses_a_typo() -> None:
    settings = Settings.from_env({"SIGNPOST_TRUSTED_PROXIES": " 10.0.0.0/8, 192.0.2.1 ,fd00::/8"})
    assert settings.trusted_proxies == ("10.0.0.0/8", "192.0.2.1/32", "fd00::/8")
    with pytest.raises(ValueError, match="SIGNPOST_TRUSTED_PROXIES"):
        Settings.from_env({"SIGNPOST_TRUSTED_PROXIES": "10.0.0.0/33"})
