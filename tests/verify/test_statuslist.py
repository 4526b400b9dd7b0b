"""Bitstring Status List decoding: the spec's example and our own vectors."""

from __future__ import annotations

import base64
import gzip
import json

import pytest

from crawler.verify.errors import CannotVerify, CredentialInvalid
from crawler.verify.statuslist import (
    MIN_ENTRIES,
    decode_list,
    encode_list,
    status_at,
    status_entries,
)

from .conftest import STATUS_LIST_DIR


def spec_examples() -> list[dict]:
    data = json.loads((STATUS_LIST_DIR / "spec-examples-extracted.json").read_text())
    return [e["json"] for e in data["examples"] if e["json"]]


def test_spec_example_list_is_131072_clear_bits():
    lists = [
        e["credentialSubject"]["encodedList"]
        for e in spec_examples()
        if "BitstringStatusListCredential" in e["type"]
    ]
    assert lists
    bits = decode_list(lists[0])
    assert len(bits) * 8 == MIN_ENTRIES
    assert not any(bits)
    assert status_at(bits, 94567) == 0


def test_spec_example_entries_with_string_indices():
    example = spec_examples()[0]
    entries = status_entries(example)
    assert [(e.purpose, e.index) for e in entries] == [
        ("revocation", 94567),
        ("suspension", 23452),
    ]
    assert entries[0].list_url == "https://example.com/credentials/status/3"


def test_index_zero_is_the_left_most_bit():
    raw = bytearray(MIN_ENTRIES // 8)
    raw[0] = 0b1000_0000
    raw[1] = 0b0000_0001
    encoded = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(raw))).decode()
    bits = decode_list(encoded.rstrip("="))
    assert [status_at(bits, i) for i in (0, 1, 7, 8, 15)] == [1, 0, 0, 0, 1]


def test_encoded_list_round_trip():
    bits = decode_list(encode_list({0, 42, MIN_ENTRIES - 1}))
    set_bits = [i for i in range(MIN_ENTRIES) if status_at(bits, i)]
    assert set_bits == [0, 42, MIN_ENTRIES - 1]


def test_multi_bit_status():
    raw = bytearray(MIN_ENTRIES * 2 // 8)
    raw[0] = 0b0110_0000  # entry 0 = 0b01, entry 1 = 0b10
    bits = bytes(raw)
    assert status_at(bits, 0, 2) == 1
    assert status_at(bits, 1, 2) == 2


def test_short_list_is_refused():
    with pytest.raises(CannotVerify, match="fewer than 131072"):
        decode_list(encode_list({1}, length=1024))


@pytest.mark.parametrize("encoded", ["zNotBase64", "uAAAA", "u" + "A" * 10, 42, None])
def test_undecodable_lists(encoded):
    with pytest.raises(CannotVerify):
        decode_list(encoded)


def test_index_beyond_the_list():
    with pytest.raises(CannotVerify, match="beyond the list"):
        status_at(bytes(16), 200)


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        (
            {
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": "-1",
                "statusListCredential": "https://x",
            },
            CredentialInvalid,
        ),
        (
            {
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": 3,
            },
            CredentialInvalid,
        ),
        (
            {
                "type": "StatusList2021Entry",
                "statusPurpose": "revocation",
                "statusListIndex": 3,
                "statusListCredential": "https://x",
            },
            CannotVerify,
        ),
    ],
)
def test_malformed_or_unsupported_entries(entry, error):
    with pytest.raises(error):
        status_entries({"credentialStatus": entry})
