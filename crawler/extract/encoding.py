"""Decode a response body the way a browser would, and fix declared charsets that lie.

w3lib's ``html_to_unicode`` applies the browser order: byte-order mark, the
``Content-Type`` charset, a ``<meta charset>`` / XML declaration, then a
default. Two faults of real sites are corrected on top of it:

- A declared charset that the bytes contradict. A body that is valid UTF-8
  and not plain ASCII is UTF-8, whatever a legacy charset declaration says
  (multi-byte UTF-8 sequences practically never occur in legacy-encoded
  text); a body declared UTF-8 that is not valid UTF-8 is decoded as if
  nothing had been declared.
- No declaration at all: UTF-16 without a byte-order mark is recognised by
  its zero bytes (some standards' sample files are UTF-16), valid UTF-8 is
  UTF-8, a Chinese, Japanese or Korean multi-byte encoding is recognised by
  charset-normalizer, and anything else is windows-1252 as in browsers
  (charset-normalizer's pick among single-byte code pages is arbitrary).
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes
from w3lib.encoding import html_to_unicode, read_bom

_UTF8 = "utf-8"
_FALLBACK = "cp1252"  # what browsers assume for undeclared legacy pages
_SNIFF_BYTES = 64 * 1024
_UTF16_PROBE = 256
_MULTIBYTE = frozenset(
    {"big5", "big5hkscs", "cp932", "cp949", "cp950", "gb2312", "gb18030", "gbk"}
    | {"euc_jp", "euc_jis_2004", "euc_jisx0213", "euc_kr", "hz", "johab"}
    | {"iso2022_jp", "iso2022_kr", "shift_jis", "shift_jis_2004", "shift_jisx0213"}
)


def decode(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode a response body to text.

    Args:
        body: the raw response body.
        content_type: the ``Content-Type`` header, if any.

    Returns:
        The text and the Python name of the encoding it was decoded with.
    """
    encoding, text = html_to_unicode(content_type, body, auto_detect_fun=_sniff)
    if read_bom(body)[0] is not None or body.isascii():
        return text, encoding
    utf8 = _is_utf8(encoding)
    if not utf8 and _valid_utf8(body):
        return body.decode(_UTF8), _UTF8
    if utf8 and not _valid_utf8(body):
        guessed = _guess_legacy(body)
        return body.decode(guessed, errors="replace"), guessed
    return text, encoding


def _sniff(body: bytes) -> str | None:
    """Guess the encoding of a body that declares none."""
    head = body[:_UTF16_PROBE]
    # ASCII markup in UTF-16 puts a zero byte in every other position.
    if len(head) >= 2 and head.count(0) * 3 >= len(head):
        even_zeros = head[0::2].count(0)
        odd_zeros = head[1::2].count(0)
        return "utf-16-be" if even_zeros > odd_zeros else "utf-16-le"
    return _UTF8 if _valid_utf8(body) else _guess_legacy(body)


def _guess_legacy(body: bytes) -> str:
    """Guess a legacy (non-UTF) encoding for bytes that are not UTF-8."""
    match = from_bytes(body[:_SNIFF_BYTES]).best()
    if match is None or codecs.lookup(match.encoding).name not in _MULTIBYTE:
        return _FALLBACK
    return codecs.lookup(match.encoding).name


def _is_utf8(encoding: str) -> bool:
    """Tell whether an encoding name means UTF-8."""
    try:
        return codecs.lookup(encoding).name == _UTF8
    except LookupError:
        return False


def _valid_utf8(body: bytes) -> bool:
    """Tell whether a body decodes as UTF-8 without a single error."""
    try:
        body.decode(_UTF8)
    except UnicodeDecodeError:
        return False
    return True
