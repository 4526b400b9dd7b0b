"""Link digests: SHA-256 in hex or multibase, raw or as a multihash."""

from __future__ import annotations

import base64
import hashlib

import pytest

from rules.checks._digest import is_sha256, sha256_bytes

DIGEST = hashlib.sha256(b"record").digest()
MULTIHASH = b"\x12\x20" + DIGEST
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _base58(data: bytes) -> str:
    number, out = int.from_bytes(data, "big"), ""
    while number:
        number, rest = divmod(number, 58)
        out = B58[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


@pytest.mark.parametrize(
    "text",
    [
        DIGEST.hex(),
        DIGEST.hex().upper(),
        "0x" + DIGEST.hex(),
        "sha256:" + DIGEST.hex(),
        "f" + DIGEST.hex(),
        "f" + MULTIHASH.hex(),
        "z" + _base58(MULTIHASH),
        "u" + base64.urlsafe_b64encode(DIGEST).decode().rstrip("="),
        "m" + base64.b64encode(MULTIHASH).decode().rstrip("="),
    ],
)
def test_sha256_forms(text):
    assert sha256_bytes(text) == DIGEST


@pytest.mark.parametrize("text", ["", "abc", "z0OIl", "f" + "ab" * 31, "u@@@"])
def test_not_a_sha256_digest(text):
    assert sha256_bytes(text) is None


@pytest.mark.parametrize(
    ("method", "expected"),
    [("SHA-256", True), ("sha256", True), ("SHA2-256", True), ("SHA-512", False)],
)
def test_declared_method(method, expected):
    assert is_sha256(method, DIGEST.hex()) is expected
    assert is_sha256(None, DIGEST.hex()) is True
