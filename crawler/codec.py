"""Turn the crawl's frozen dataclasses into JSON values and back, losslessly.

The scan journal (:mod:`crawler.journal`) keeps each processed page as one
JSON line, so a scan killed half-way can resume from what it already has.
Encoding follows the value; decoding follows the dataclass's type hints, so a
value comes back as the same type it left as: tuples stay tuples, dates dates,
bytes bytes, and an ``int`` in a ``float`` field stays an ``int`` (a report
prints ``412``, not ``412.0``). Supported: ``str``, ``int``, ``float``,
``bool``, ``None``, ``bytes`` (base64), ``date``, ``datetime``, ``Path``,
enums, ``Literal``, ``X | None`` and other unions, ``tuple``, ``list``,
``frozenset``, ``set``, ``Mapping``/``dict`` with string keys, ``Any`` (a JSON
value, kept as parsed) and nested dataclasses. Anything else is a
:class:`CodecError`, never a silent approximation.
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import json
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import PurePath
from typing import Any, TypeVar

__all__ = ["CodecError", "decode", "encode"]

T = TypeVar("T")

_PLAIN = (str, int, float, bool)


class CodecError(ValueError):
    """A value or a type the codec cannot carry (or JSON that does not fit)."""


def encode(value: object) -> Any:
    """Return ``value`` as a JSON value (dicts, lists, strings, numbers, None).

    Sets are written sorted, so the same value always gives the same text.

    Raises:
        CodecError: a value of a type the codec does not support.
    """
    if value is None or isinstance(value, _PLAIN):
        return value.value if isinstance(value, enum.Enum) else value
    if isinstance(value, enum.Enum):
        return encode(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return {f.name: encode(getattr(value, f.name)) for f in fields}
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, (frozenset, set)):
        items = [encode(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, Mapping):
        return {_key(k): encode(v) for k, v in value.items()}
    raise CodecError(f"cannot encode a {type(value).__name__}")


def decode(tp: type[T], data: Any) -> T:
    """Return the value of type ``tp`` that :func:`encode` turned into ``data``.

    Raises:
        CodecError: ``data`` does not fit ``tp``, or ``tp`` is not supported.
    """
    value: T = _decode(tp, data)
    return value


def _decode(tp: Any, data: Any) -> Any:
    if tp is Any or tp is object:
        return data
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        return _union(typing.get_args(tp), data)
    if origin is typing.Literal:
        if data not in typing.get_args(tp):
            raise CodecError(f"{data!r} is not one of {typing.get_args(tp)}")
        return data
    if origin is not None:
        return _generic(origin, typing.get_args(tp), data)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass(tp, data)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp(data)
    return _scalar(tp, data)


def _scalar(tp: Any, data: Any) -> Any:
    if tp is type(None):
        if data is not None:
            raise CodecError(f"expected null, got {data!r}")
        return None
    if tp is float:  # JSON keeps 412 and 412.0 apart: so does the codec
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise CodecError(f"expected a number, got {data!r}")
        return data
    if tp in _PLAIN:
        if type(data) is not tp:
            raise CodecError(f"expected {tp.__name__}, got {data!r}")
        return data
    if not isinstance(data, str):
        raise CodecError(f"expected a string for {tp!r}, got {data!r}")
    if tp is bytes:
        return base64.b64decode(data.encode("ascii"), validate=True)
    if tp is datetime:
        return datetime.fromisoformat(data)
    if tp is date:
        return date.fromisoformat(data)
    if isinstance(tp, type) and issubclass(tp, PurePath):
        return tp(data)
    raise CodecError(f"cannot decode type {tp!r}")


def _union(arms: tuple[Any, ...], data: Any) -> Any:
    if data is None and type(None) in arms:
        return None
    for arm in arms:
        if arm in _PLAIN and type(data) is arm:
            return data
    errors = []
    for arm in (a for a in arms if a is not type(None)):
        try:
            return _decode(arm, data)
        except (CodecError, TypeError, ValueError) as exc:
            errors.append(str(exc))
    raise CodecError(f"{data!r} fits none of {arms}: {'; '.join(errors)}")


def _generic(origin: Any, args: tuple[Any, ...], data: Any) -> Any:
    if origin in (tuple, list, frozenset, set):
        if not isinstance(data, list):
            raise CodecError(f"expected a list, got {data!r}")
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(args) != len(data):
                raise CodecError(f"expected {len(args)} items, got {len(data)}")
            return tuple(_decode(a, v) for a, v in zip(args, data, strict=True))
        item = args[0] if args else Any
        return origin(_decode(item, v) for v in data)
    if origin in (dict, Mapping) or origin is typing.Mapping:
        if not isinstance(data, dict):
            raise CodecError(f"expected an object, got {data!r}")
        value_type = args[1] if len(args) == 2 else Any
        return {k: _decode(value_type, v) for k, v in data.items()}
    raise CodecError(f"cannot decode type {origin!r}")


def _dataclass(cls: type, data: Any) -> Any:
    if not isinstance(data, dict):
        raise CodecError(f"expected an object for {cls.__name__}, got {data!r}")
    hints = _hints(cls)
    values = {}
    for name, hint in hints.items():
        if name in data:
            values[name] = _decode(hint, data[name])
    try:
        return cls(**values)
    except TypeError as exc:  # a required field is missing
        raise CodecError(f"{cls.__name__}: {exc}") from None


@cache
def _hints(cls: type) -> dict[str, Any]:
    """Return the init fields of a dataclass and their resolved types."""
    resolved = typing.get_type_hints(cls)
    return {f.name: resolved[f.name] for f in dataclasses.fields(cls) if f.init}


def _key(key: object) -> str:
    if not isinstance(key, str):
        raise CodecError(f"cannot encode a mapping key of type {type(key).__name__}")
    return key
