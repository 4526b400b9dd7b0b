"""Decoding response bodies: byte-order marks, UTF-16, wrong and missing charsets."""

from __future__ import annotations

import pytest

from crawler.extract.encoding import decode

TEXT = "Produkt-CO₂-Fußabdruck: 412 kg CO₂e · Müller GmbH ≤ 5 %"


def html(charset_meta: str = "") -> str:
    return f"<html><head>{charset_meta}</head><body><p>{TEXT}</p></body></html>"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_decode_utf16_page_with_or_without_bom(codec):
    page = html('<meta charset="utf-16">')

    text, encoding = decode(page.encode(codec), "text/html")

    assert text == page
    assert encoding.startswith("utf-16")


def test_decode_utf8_bom_wins_over_a_wrong_header():
    page = html()

    text, encoding = decode(
        b"\xef\xbb\xbf" + page.encode(), "text/html; charset=latin-1"
    )

    assert (text, encoding) == (page, "utf-8")


def test_decode_page_with_wrong_meta_charset():
    """A UTF-8 page that declares ISO-8859-1 must not turn into mojibake."""
    page = html('<meta charset="iso-8859-1">')

    text, encoding = decode(page.encode("utf-8"), "text/html")

    assert (text, encoding) == (page, "utf-8")


def test_decode_page_with_wrong_header_charset():
    page = html()

    text, encoding = decode(page.encode("utf-8"), "text/html; charset=windows-1252")

    assert (text, encoding) == (page, "utf-8")


def test_decode_legacy_page_declared_as_utf8():
    page = html('<meta charset="utf-8">').replace("₂", "2").replace("≤", "<=")

    text, encoding = decode(page.encode("cp1252"), None)

    assert (text, encoding) == (page, "cp1252")


def test_decode_declared_legacy_charset_is_kept_when_true():
    page = html('<meta charset="windows-1252">').replace("₂", "2").replace("≤", "<=")

    text, encoding = decode(page.encode("cp1252"), None)

    assert (text, encoding) == (page, "cp1252")


def test_decode_undeclared_chinese_page():
    sentence = "本产品的碳足迹按照ISO 14067标准计算。工厂名称是宁波磁材有限公司。"
    page = "<html><body>" + f"<p>{sentence}</p>" * 20 + "</body></html>"

    text, encoding = decode(page.encode("gbk"), "text/html")

    assert text == page
    assert encoding in {"gbk", "gb18030", "gb2312"}


def test_decode_ascii_and_json_default_to_utf8():
    assert decode(b'{"a": 1}', "application/json") == ('{"a": 1}', "utf-8")
    assert decode(b"", None) == ("", "utf-8")
