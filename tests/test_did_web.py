"""A did:web issuer over the real crawl: signed at run time for the actual port.

A ``did:web`` DID names its host and port (``did:web:127.0.0.1%3A8443``), and
its document is only ever fetched over HTTPS, so this test builds two sites
in a temporary directory, serves them over TLS (a throw-away self-signed
certificate) with :func:`crawler.fixtureserver.serve_sites`, signs a
credential and a status list with the certifier's did:web key, and crawls
the supplier with the real command line. The credential is embedded in the
start page (which the user typed, so it is always fetched); the DID document
and the status list are links to a loopback address, which the host guard
refuses unless ``--allow-host`` allows it.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from crawler.fixtureserver import FixtureSites, serve_sites
from crawler.fixturesign import CREATED, signing_key
from crawler.verify import did_web_url
from crawler.verify.sign import (
    did_web_document,
    public_key,
    sign_data_integrity,
    status_entry,
    status_list_credential,
)
from tests.conftest import load_report, run_greengate

AS_OF = "2027-03-01"
GTIN = "06975555000048"
KEY = signing_key("did-web-certifier")


@pytest.fixture(scope="module")
def didweb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Serve a supplier and a did:web certifier over TLS; sign for their ports."""
    root = tmp_path_factory.mktemp("didweb")
    sites_dir = root / "sites"
    for name in ("supplier", "certifier"):
        (sites_dir / name).mkdir(parents=True)
    with serve_sites(sites_dir, tls=_tls(root)) as sites:
        yield _write_sites(sites, sites_dir)


def _write_sites(sites: FixtureSites, root: Path) -> dict[str, Any]:
    """Write the sites' files now that the ports are known (served as read)."""
    certifier, supplier = sites.origins["certifier"], sites.origins["supplier"]
    did = "did:web:" + certifier.removeprefix("https://").replace(":", "%3A")
    method = f"{did}#key-1"
    status_url = f"{certifier}/status/1.json"
    _write(root / "certifier" / ".well-known" / "did.json", _json(_did_doc(did)))
    status_list = status_list_credential(
        list_id=status_url, issuer=did, valid_from=CREATED, set_indices=[42]
    )
    _write(
        root / "certifier" / "status" / "1.json", _json(_signed(status_list, method))
    )
    credential = _signed(
        _credential(did, supplier, status_entry(status_url, 7)), method
    )
    _write(root / "supplier" / "index.html", _page(credential))
    _write(root / "supplier" / "robots.txt", "User-agent: *\nAllow: /\n")
    return {
        "sites": sites,
        "did": did,
        "start": f"{supplier}/",
        "did_url": did_web_url(did),
    }


def _did_doc(did: str) -> dict[str, Any]:
    return did_web_document(did, [public_key(KEY)])


def _signed(credential: dict[str, Any], method: str) -> dict[str, Any]:
    return sign_data_integrity(
        credential,
        KEY,
        verification_method=method,
        created=CREATED,
        cryptosuite="eddsa-jcs-2022",
    )


def _credential(did: str, supplier: str, status: dict[str, Any]) -> dict[str, Any]:
    holder = "did:web:" + supplier.removeprefix("https://").replace(":", "%3A")
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://test.uncefact.org/vocabulary/untp/dcc/working/",
        ],
        "type": ["DigitalConformityCredential", "VerifiableCredential"],
        "id": "https://certifier.example/credentials/DW-2026-0001",
        "issuer": {"type": ["CredentialIssuer"], "id": did, "name": "did:web CB"},
        "validFrom": "2026-01-01T00:00:00Z",
        "validUntil": "2029-01-01T00:00:00Z",
        "credentialStatus": status,
        "credentialSubject": {
            "type": ["ConformityAttestation"],
            "id": "https://certifier.example/attestations/DW-2026-0001",
            "assessorLevel": "3rdParty",
            "issuedToParty": {"id": holder, "name": "did:web test supplier"},
            "assessment": [
                {
                    "type": ["ConformityAssessment"],
                    "id": "https://certifier.example/assessments/DW-2026-0001",
                    "name": "Raw-material origin due-diligence audit",
                    "assessedProduct": [
                        {
                            "type": ["Product"],
                            "id": f"https://id.gs1.org/01/{GTIN}",
                            "name": "LFP module 48 V 50 Ah",
                        }
                    ],
                    "conformityTopic": "social.due-diligence",
                    "conformance": True,
                }
            ],
        },
    }


def _page(credential: dict[str, Any]) -> str:
    product = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": "LFP module 48 V 50 Ah",
        "gtin14": GTIN,
        "additionalProperty": [
            {"@type": "PropertyValue", "propertyID": "hsCode", "value": "8507.60"}
        ],
    }
    scripts = "".join(
        f'<script type="application/ld+json">\n{_json(block)}</script>\n'
        for block in (product, credential)
    )
    return f"<!DOCTYPE html>\n<html><head>{scripts}</head><body>LFP</body></html>\n"


def _tls(root: Path) -> ssl.SSLContext:
    """Return a server context with a throw-away certificate for 127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = root / "cert.pem", root / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _json(data: Any) -> str:
    return json.dumps(data, indent=2) + "\n"


def _esg05(out: Path) -> dict[str, Any]:
    (supplier,) = load_report(out)["suppliers"]
    (finding,) = [f for f in supplier["findings"] if f["rule"] == "G7-ESG-05"]
    return {"finding": finding, "pages": supplier["pages"]}


def _scan(didweb: dict[str, Any], out: Path, *extra: str) -> dict[str, Any]:
    result = run_greengate(
        "scan",
        didweb["start"],
        "--out",
        str(out),
        "--as-of",
        AS_OF,
        "--rules",
        "g7-gpw",
        "--render",
        "never",
        "--quiet",
        *extra,
    )
    assert result.returncode == 0, result.stderr
    return _esg05(out)


def test_did_web_key_and_status_list_fetched_over_the_crawl(didweb, tmp_path):
    found = _scan(
        didweb,
        tmp_path,
        "--allow-host",
        "127.0.0.1",
        "--trusted-issuer",
        didweb["did"],
    )
    finding = found["finding"]
    assert finding["status"] == "pass", finding["message"]
    assert f"by the issuer {didweb['did']}" in finding["message"]
    assert "status checked" in finding["message"]
    fetched = {p["url"]: p["status"] for p in found["pages"]}
    assert fetched[didweb["did_url"]] == 200


def test_did_web_document_refused_by_the_host_guard_is_never_verified(didweb, tmp_path):
    finding = _scan(didweb, tmp_path)["finding"]
    assert finding["status"] == "error", finding["message"]
    assert "could not be verified" in finding["message"]
    assert didweb["did_url"] in finding["message"]
    assert "refused by the host guard" in finding["message"]


def test_verify_command_resolves_did_web_and_judges_trust(didweb):
    result = run_greengate(
        "verify",
        didweb["start"],
        "--json",
        "--as-of",
        AS_OF,
        "--allow-host",
        "127.0.0.1",
        "--trusted-issuer",
        "did:web:other-certifier.example",
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["status"] == "verified"
    assert report["issuer"] == didweb["did"]
    checks = {c["name"]: c["status"] for c in report["checks"]}
    assert checks == {
        "structure": "pass",
        "proof": "pass",
        "validity": "pass",
        "status": "pass",
        "issuer trust": "fail",
    }
