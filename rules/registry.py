"""Named Python checks: the ``@check("name")`` decorator and the name lookup.

A rule file names its check; the loader refuses a name nobody registered.
Product-level checks take ``(product, ctx)`` and return one
:class:`~rules.model.Outcome`; site-level checks take ``(site, ctx)`` and
return one outcome or several (one per page or issue, e.g. CORE-FETCH-01).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from rules.context import CheckContext
    from rules.disclosure import Product, SiteDisclosure
    from rules.model import Outcome

Target = Literal["product", "site"]
ProductCheck = Callable[["Product", "CheckContext"], "Outcome"]
SiteCheck = Callable[["SiteDisclosure", "CheckContext"], "Outcome | Sequence[Outcome]"]
F = TypeVar("F", bound=Callable[..., Any])


class CheckRegistrationError(ValueError):
    """Two checks were registered under the same name."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckSpec:
    """A registered check: its name, what it runs on, and the function."""

    name: str
    target: Target
    func: Callable[..., Any]


_CHECKS: dict[str, CheckSpec] = {}


def check(name: str, *, target: Target = "product") -> Callable[[F], F]:
    """Register the decorated function as the check called ``name``.

    Args:
        name: the name rule files use in their ``check`` key; by convention
            the condition that makes the check pass.
        target: ``"product"`` for ``(product, ctx)`` functions (product and
            linked-record rules), ``"site"`` for ``(site, ctx)`` functions.

    Returns:
        A decorator that returns the function unchanged.

    Raises:
        CheckRegistrationError: another function already has this name.
    """

    def register(func: F) -> F:
        known = _CHECKS.get(name)
        if known is not None and known.func is not func:
            raise CheckRegistrationError(f"check {name!r} is registered twice")
        _CHECKS[name] = CheckSpec(name=name, target=target, func=func)
        return func

    return register


def registered() -> Mapping[str, CheckSpec]:
    """Return every registered check by name (after importing the built-ins)."""
    import rules.checks  # noqa: F401  (registers the built-in checks)

    return MappingProxyType(_CHECKS)


def get_check(name: str) -> CheckSpec | None:
    """Return the check registered as ``name``, or ``None``."""
    return registered().get(name)
