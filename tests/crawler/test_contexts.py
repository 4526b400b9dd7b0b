"""The bundled JSON-LD contexts and the offline registry that serves them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyld import jsonld
from pyld.jsonld import JsonLdError

from crawler.normalise import ContextRegistry
from crawler.normalise.bundled import CONTEXT_DIR
from crawler.normalise.contexts import url_key
from crawler.normalise.expand import BlockRef, expand_block
from tests.crawler.conftest import REFERENCE

REPO = Path(__file__).resolve().parents[2]

# bundled file -> its source in the shared reference corpus (verbatim copies)
UNTP = "untp/spec-untp/data-models/untp-{}/artefacts/context.jsonld"
COPIES = {
    "schemaorg/schemaorgcontext-v30.0.jsonld": (
        "schemaorg/schemaorgcontext-v30.0.jsonld"
    ),
    "schemaorg/LICENSE": "schemaorg/LICENSE",
    "w3c-vc/credentials-v1.jsonld": "w3c-vc/contexts/credentials-v1.jsonld",
    "w3c-vc/credentials-v2.jsonld": "w3c-vc/contexts/credentials-v2.jsonld",
    "w3c-vc/credentials-examples-v2.jsonld": (
        "w3c-vc/contexts/credentials-examples-v2.jsonld"
    ),
    "w3c-vc/LICENSE.md": "w3c-vc/vc-data-model-schema/LICENSE.md",
    "w3c-bitstring-status-list/contexts-v1.jsonld": (
        "w3c-vc/bitstring-status-list/contexts-v1.jsonld"
    ),
    "w3c-bitstring-status-list/contexts-2021-v1.jsonld": (
        "w3c-vc/bitstring-status-list/contexts-2021-v1.jsonld"
    ),
    "w3c-bitstring-status-list/LICENSE.md": "w3c-vc/bitstring-status-list/LICENSE.md",
    "w3c-vc-di-eddsa/lds-ed25519-2020-v1.json": (
        "w3c-vc/vc-di-eddsa/contexts/lds-ed25519-2020-v1.json"
    ),
    "w3c-vc-di-eddsa/LICENSE.md": "w3c-vc/vc-di-eddsa/LICENSE.md",
    "gs1-epcis/epcis-context.jsonld": "gs1-epcis/epcis-context.jsonld",
    "gs1-epcis/LICENSE-GS1-disclaimer.txt": "gs1-epcis/LICENSE-GS1-disclaimer.txt",
    **{
        f"untp/untp-{t}-context.jsonld": UNTP.format(t)
        for t in ("core", "dpp", "dcc", "dte", "dfr", "dia", "svc")
    },
}


@pytest.mark.parametrize("bundled", sorted(COPIES))
def test_bundled_file_is_a_verbatim_copy(bundled):
    assert (CONTEXT_DIR / bundled).read_bytes() == (
        REFERENCE / COPIES[bundled]
    ).read_bytes()


def test_no_pact_material_is_bundled():
    assert not any("pact" in p.name.lower() for p in CONTEXT_DIR.rglob("*"))


def test_third_party_lists_every_bundled_file():
    listed = (REPO / "THIRD_PARTY.md").read_text(encoding="utf-8")
    for path in CONTEXT_DIR.rglob("*"):
        if path.is_file():
            assert f"`{path.relative_to(CONTEXT_DIR).as_posix()}`" in listed, path


def test_every_context_folder_has_a_licence_or_notice():
    for folder in (p for p in CONTEXT_DIR.iterdir() if p.is_dir()):
        names = {p.name for p in folder.iterdir()}
        assert names & {
            "LICENSE",
            "LICENSE.md",
            "COPYING",
            "LICENSE-GS1-disclaimer.txt",
        }, folder


@pytest.mark.parametrize(
    "url",
    [
        "https://schema.org",
        "https://schema.org/",
        "http://schema.org",
        "http://schema.org/",
        "https://www.schema.org/",
        "https://schema.org/docs/jsonldcontext.jsonld",
        "http://schema.org/docs/jsonldcontext.json",
    ],
)
def test_every_schemaorg_spelling_is_the_bundled_release_30(registry, url):
    match = registry.match(url)
    assert match is not None
    assert match.name == "schema.org"
    assert match.path.name == "schemaorgcontext-v30.0.jsonld"
    assert match.mapped_from is None


@pytest.mark.parametrize(
    ("url", "name", "version"),
    [
        ("https://test.uncefact.org/vocabulary/untp/dpp/working/", "untp-dpp", None),
        ("https://test.uncefact.org/vocabulary/untp/dpp/0.6.0/", "untp-dpp", "0.6.0"),
        ("https://test.uncefact.org/vocabulary/untp/dpp/0.6.1/", "untp-dpp", "0.6.1"),
        ("https://test.uncefact.org/vocabulary/untp/dcc/0.5.0/", "untp-dcc", "0.5.0"),
        ("https://vocabulary.uncefact.org/untp/dte/0.3.10", "untp-dte", "0.3.10"),
        (
            "https://test.uncefact.org/vocabulary/untp/dpp/0.6.0-beta5/",
            "untp-dpp",
            "0.6.0-beta5",
        ),
        ("https://test.uncefact.org/vocabulary/untp/svc/0.6.1/", "untp-svc", "0.6.1"),
    ],
)
def test_untp_versions_map_to_the_bundled_context_and_say_so(
    registry, url, name, version
):
    match = registry.match(url)
    assert match is not None
    assert (match.name, match.mapped_from) == (name, version)
    assert match.path.name == f"{name}-context.jsonld"


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", "gs1-epcis"),
        ("https://gs1.github.io/EPCIS/epcis-context.jsonld", "gs1-epcis"),
        ("https://www.w3.org/ns/credentials/v2", "w3c-credentials-v2"),
        ("https://www.w3.org/2018/credentials/v1", "w3c-credentials-v1"),
        ("https://www.w3.org/ns/credentials/status/v1", "w3c-bitstring-status-list"),
        ("https://w3id.org/vc/status-list/2021/v1", "w3c-status-list-2021"),
    ],
)
def test_other_standard_contexts_are_bundled(registry, url, name):
    match = registry.match(url)
    assert match is not None
    assert match.name == name


def test_url_key_folds_scheme_www_and_trailing_slash():
    assert (
        url_key("HTTP://WWW.Schema.org/")
        == url_key("https://schema.org")
        == "schema.org"
    )


@pytest.mark.usefixtures("no_network")
def test_loader_refuses_unknown_urls_without_touching_the_network(registry):
    with pytest.raises(JsonLdError, match="Refusing to load"):
        registry.loader("https://contexts.supplier.example/green.jsonld", {})
    # the unknown UNTP credential type is not guessed into a bundled one
    assert (
        registry.match("https://test.uncefact.org/vocabulary/untp/xyz/0.6.0/") is None
    )


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("name", sorted(ContextRegistry.bundled().names()))
def test_every_bundled_context_is_usable_by_pyld(registry, name):
    url = next(u for u, (n, _) in _urls(registry).items() if n == name)
    expanded = jsonld.expand(
        {"@context": url, "@id": "urn:x:1"},
        {"documentLoader": registry.loader, "contextResolver": registry.resolver()},
    )
    assert expanded == [] or expanded[0].get("@id") == "urn:x:1"


def _urls(registry):
    from crawler.normalise.bundled import BUNDLED

    return {urls[0]: (name, rel) for name, (rel, urls) in BUNDLED.items()}


def test_user_contexts_are_added_by_file(tmp_path):
    ctx = tmp_path / "green.jsonld"
    ctx.write_text(
        json.dumps(
            {"@context": {"greenScore": "https://supplier.example/v#greenScore"}}
        )
    )
    url = "https://contexts.supplier.example/green.jsonld?v=2"
    registry = ContextRegistry.bundled().with_files([f"{url}={ctx}"])
    assert registry.match(url).name == "user"
    block = {"@context": [url], "@type": "https://schema.org/Product", "greenScore": 5}
    result = expand_block(block, registry, BlockRef(url="https://supplier.example/p"))
    assert result.issues == ()
    assert "https://supplier.example/v#greenScore" in result.expanded[0]
    # the shared registry is not changed
    assert ContextRegistry.bundled().match(url) is None


@pytest.mark.parametrize(
    "spec", ["no-equals-sign", "=file.jsonld", "https://x.example/c="]
)
def test_malformed_user_context_specs_are_rejected(spec):
    with pytest.raises(ValueError, match="URL=FILE"):
        ContextRegistry.bundled().with_files([spec])


def test_a_user_file_that_is_not_a_context_is_rejected(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(ValueError, match="not a JSON-LD context"):
        ContextRegistry.bundled().with_files([f"https://x.example/c={bad}"])


def test_a_context_is_processed_once_per_registry(monkeypatch):
    registry = ContextRegistry()
    loads = []
    original = registry.document
    monkeypatch.setattr(
        registry, "document", lambda path: loads.append(path) or original(path)
    )
    block = {"@context": "https://schema.org", "@type": "Product", "name": "Inverter"}
    for _ in range(20):
        result = expand_block(
            block, registry, BlockRef(url="https://supplier.example/p")
        )
        assert result.issues == ()
    assert [p.name for p in loads] == ["schemaorgcontext-v30.0.jsonld"]


def test_schemaorg_vocab_is_http_even_for_https_pages(registry):
    block = {"@context": "https://schema.org", "@type": "Product", "name": "Inverter"}
    result = expand_block(block, registry, BlockRef(url="https://supplier.example/p"))
    assert result.expanded[0]["@type"] == ["http://schema.org/Product"]


def test_bundled_with_user_files_is_shared_per_set(tmp_path):
    ctx = tmp_path / "c.jsonld"
    ctx.write_text(json.dumps({"@context": {"x": "https://x.example/x"}}))
    first = ContextRegistry.bundled(extra={"https://x.example/c": ctx})
    again = ContextRegistry.bundled(extra={"https://x.example/c": str(ctx)})
    assert first is again
    assert first is not ContextRegistry.bundled()
    assert first.match("https://x.example/c").name == "user"
