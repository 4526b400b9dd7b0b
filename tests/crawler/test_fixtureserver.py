import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest

from crawler.verify import verify_credential


def _get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read(), response.headers["Content-Type"]
    except urllib.error.HTTPError as exc:
        return exc.code, b"", ""


def test_placeholders_are_replaced_with_running_origins(sites):
    status, body, ctype = _get(sites.url("acme-inverters", "/products/inv-5k.html"))
    assert status == 200
    assert ctype.startswith("text/html")
    assert sites.origins["acme-inverters"].encode() in body
    assert b"{{origin:" not in body


def test_jsonld_files_have_their_media_type(sites):
    status, _, ctype = _get(sites.url("acme-inverters", "/products/inv-5k.jsonld"))
    assert (status, ctype) == (200, "application/ld+json")


@pytest.mark.parametrize(
    "path", ["/../suppliers.csv", "/missing.html", "/%2e%2e/suppliers.csv"]
)
def test_nothing_outside_the_site_is_served(sites, path):
    status, _, _ = _get(sites.url("acme-inverters", path))
    assert status == 404


def test_listed_credentials_are_signed_as_served(sites):
    status, body, _ = _get(sites.url("trace-platform", "/status/revocation-1.json"))
    assert status == 200
    assert b'"proof"' in body
    assert sites.origins["trace-platform"].encode() in body
    result = verify_credential(
        body, resources={}, as_of=datetime(2027, 3, 1, tzinfo=UTC)
    )
    assert result.status == "verified", result.message
    assert _get(sites.url("trace-platform", "/_sign.json"))[0] == 404
