"""The bundled JSON-LD contexts: files under ``crawler/contexts/`` and their URLs.

See ``THIRD_PARTY.md`` for each file's origin, commit and licence.
"""

from __future__ import annotations

import re
from pathlib import Path

CONTEXT_DIR = Path(__file__).resolve().parent.parent / "contexts"

UNTP_TYPES = ("core", "dpp", "dcc", "dte", "dfr", "dia", "svc")
UNTP_WORKING = "https://test.uncefact.org/vocabulary/untp/{}/working/"

# name -> (file under CONTEXT_DIR, the URLs pages cite it by). Spelling
# variants (http/https, www., trailing slash) are folded by ``url_key``.
BUNDLED: dict[str, tuple[str, tuple[str, ...]]] = {
    "schema.org": (
        "schemaorg/schemaorgcontext-v30.0.jsonld",
        (
            "https://schema.org/",
            "https://schema.org/docs/jsonldcontext.jsonld",
            "https://schema.org/docs/jsonldcontext.json",
        ),
    ),
    "w3c-credentials-v1": (
        "w3c-vc/credentials-v1.jsonld",
        ("https://www.w3.org/2018/credentials/v1",),
    ),
    "w3c-credentials-v2": (
        "w3c-vc/credentials-v2.jsonld",
        ("https://www.w3.org/ns/credentials/v2",),
    ),
    "w3c-credentials-examples-v2": (
        "w3c-vc/credentials-examples-v2.jsonld",
        ("https://www.w3.org/ns/credentials/examples/v2",),
    ),
    "w3c-bitstring-status-list": (
        "w3c-bitstring-status-list/contexts-v1.jsonld",
        ("https://www.w3.org/ns/credentials/status/v1",),
    ),
    "w3c-status-list-2021": (
        "w3c-bitstring-status-list/contexts-2021-v1.jsonld",
        ("https://w3id.org/vc/status-list/2021/v1",),
    ),
    "w3c-ed25519-2020": (
        "w3c-vc-di-eddsa/lds-ed25519-2020-v1.json",
        ("https://w3id.org/security/suites/ed25519-2020/v1",),
    ),
    "gs1-epcis": (
        "gs1-epcis/epcis-context.jsonld",
        (
            "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
            "https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
            "https://gs1.github.io/EPCIS/epcis-context.jsonld",
        ),
    ),
} | {
    f"untp-{t}": (f"untp/untp-{t}-context.jsonld", (UNTP_WORKING.format(t),))
    for t in UNTP_TYPES
}

# Numbered UNTP versions (0.3.10, 0.5.0, 0.6.1, 0.6.0-beta5, ...) on either
# UN/CEFACT host. Credentials citing them differ from "working" only in the
# pinned @context, so they are served the bundled working context.
UNTP_VERSIONED = re.compile(
    r"^(?:test\.)?(?:vocabulary\.)?uncefact\.org/(?:vocabulary/)?untp/"
    r"(?P<type>[a-z]+)/(?P<version>working|\d+\.\d+\.\d+(?:-[\w.]+)?)"
    r"(?:/context\.jsonld)?$"
)
