"""``greengate scaffold``: what it writes, from CSV and from XLSX."""

from __future__ import annotations

import json
import re

import pytest

from reports.scaffold import COLUMNS
from tests.conftest import REPO, run_greengate
from tests.scaffold.support import PRODUCTS_CSV, PRODUCTS_XLSX, complete_rows, run

FILES = ("{}.jsonld", "{}.snippet.html", "{}.html")
SCRIPT = re.compile(r'<script type="application/ld\+json">\n(.*?)\n</script>', re.S)


def test_scaffold_writes_every_file_per_product(scaffolded):
    ids = [row["product_id"] for row in complete_rows()]
    for product_id in ids:
        for pattern in FILES:
            assert (scaffolded / pattern.format(product_id)).is_file()
    index = (scaffolded / "index.html").read_text("utf-8")
    for product_id in ids:
        assert f'href="{product_id}.html"' in index
    report = json.loads((scaffolded / "scaffold-report.json").read_text("utf-8"))
    assert [p["product_id"] for p in report["products"]] == ids
    assert report["gap_count"] == 0


def test_jsonld_file_and_snippet_hold_the_same_blocks(scaffolded):
    document = json.loads((scaffolded / "AP-5K.jsonld").read_text("utf-8"))
    snippet = (scaffolded / "AP-5K.snippet.html").read_text("utf-8")
    blocks = [json.loads(b) for b in SCRIPT.findall(snippet)]
    assert blocks == document
    assert [b.get("@type") or b.get("type") for b in document] == [
        "Product",
        ["DigitalProductPassport", "VerifiableCredential"],
        None,
    ]
    assert document[2]["@context"] == {"@vocab": "https://wbcsd.github.io/pact/v3#"}
    preview = (scaffolded / "AP-5K.html").read_text("utf-8")
    assert snippet.strip() in preview


def test_blocks_carry_the_row_values(scaffolded):
    product, passport, footprint = json.loads(
        (scaffolded / "AP-5K.jsonld").read_text("utf-8")
    )
    assert product["gtin13"] == "6971234000019"
    assert product["hasCertification"][0]["certificationIdentification"] == (
        "TR-ESG-2027-0815"
    )
    assert product["additionalProperty"][0] == {
        "@type": "PropertyValue",
        "propertyID": "HS",
        "name": "HS code",
        "value": "8504.40",
    }
    subject = passport["credentialSubject"]
    assert subject["emissionsScorecard"]["carbonFootprint"] == 412
    assert subject["emissionsScorecard"]["declaredUnit"] == "H87"
    assert [t["valueChainProcess"] for t in subject["traceabilityInformation"]] == [
        "Mining",
        "Smelting",
        "Refining",
        "ComponentIntegration",
        "Recycling",
    ]
    assert subject["materialsProvenance"][0] == {
        "name": "Aluminium housing",
        "originCountry": "CN",
        "massFraction": 0.22,
        "recycledMassFraction": 0.38,
    }
    pcf = footprint["pcf"]
    assert pcf["pcfExcludingBiogenicUptake"] == "412"
    assert pcf["crossSectoralStandards"] == ["ISO14067"]
    assert pcf["secondaryEmissionFactorSources"] == [
        {"name": "ecoinvent", "version": "3.11"}
    ]
    assert footprint["companyIds"] == ["urn:lei:5493001KJTIIGC8Y1R12"]
    assert footprint["productIds"] == ["urn:gtin:06971234000019"]


def test_xlsx_gives_the_same_output_as_csv(scaffolded, tmp_path):
    assert run("scaffold", str(PRODUCTS_XLSX), "--out", str(tmp_path)) == 0
    for path in scaffolded.iterdir():
        if path.name not in ("index.html", "scaffold-report.json"):
            assert (tmp_path / path.name).read_text("utf-8") == path.read_text(
                "utf-8"
            ), path.name


def test_scaffold_command_runs_as_installed(tmp_path):
    result = run_greengate("scaffold", str(PRODUCTS_CSV), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Scaffolded 4 product(s)" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "no such file"),
        ("products.txt", "product_id\nX\n", "not a .csv or .xlsx file"),
        ("no-id.csv", "name,gtin\nDrill,6971234000019\n", "no product_id column"),
        ("empty.csv", "", "cannot read the table"),
        ("broken.xlsx", "not a zip file", "cannot read the table"),
    ],
)
def test_unusable_table_is_a_usage_error(tmp_path, capsys, name, content, message):
    table = tmp_path / name
    if content is not None:
        table.write_text(content, "utf-8")
    assert run("scaffold", str(table), "--out", str(tmp_path / "out")) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_unknown_pack_is_a_usage_error(tmp_path, capsys):
    status = run(
        "scaffold", str(PRODUCTS_CSV), "--out", str(tmp_path), "--rules", "nope"
    )
    assert status == 2
    assert "unknown pack" in capsys.readouterr().err


def test_readme_documents_every_column():
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme[readme.index("## Scaffold") :]
    for column in COLUMNS:
        assert f"`{column.name}`" in section, column.name
