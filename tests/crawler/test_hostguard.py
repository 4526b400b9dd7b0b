import pytest

from crawler.hostguard import HostGuard, HostRefused


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://localhost:8080/x", "loopback"),
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.1/", "private"),
        ("http://172.16.5.4/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]/", "loopback"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://0.0.0.0/", "unspecified"),
        ("file:///etc/passwd", "scheme 'file'"),
        ("data:text/html,hello", "scheme 'data'"),
        ("javascript:alert(1)", "scheme 'javascript'"),
        ("ftp://example.com/x", "scheme 'ftp'"),
        ("http:///nohost", "no host"),
    ],
)
def test_refuses_special_targets(url, reason):
    with pytest.raises(HostRefused, match=reason):
        HostGuard().check(url)


def test_public_address_is_allowed():
    HostGuard().check("http://93.184.215.14/")  # a literal public IP: no DNS needed


def test_allow_host_by_cidr_lets_loopback_through():
    guard = HostGuard.from_allow_list(["127.0.0.1/32"])
    guard.check("http://127.0.0.1:5000/page")
    assert not guard.allows("http://127.0.0.2/")
    assert not guard.allows("http://10.0.0.1/")


def test_allow_host_by_name_and_ip():
    guard = HostGuard.from_allow_list(["localhost", "127.0.0.1"])
    assert guard.allows("http://localhost:1/")
    assert guard.allows("http://127.0.0.1:1/")
    assert not guard.allows("http://192.168.1.1/")


def test_name_resolving_to_loopback_is_refused():
    # "localhost" resolves to 127.0.0.1 / ::1: the check happens after DNS.
    with pytest.raises(HostRefused, match="resolves to"):
        HostGuard().check("http://localhost/")


def test_allow_list_does_not_open_other_schemes():
    guard = HostGuard.from_allow_list(["127.0.0.1"])
    assert not guard.allows("file://127.0.0.1/etc/passwd")
