"""Per-row gaps: named with the rules they would fail, never filled in."""

from __future__ import annotations

import json

from tests.scaffold.support import complete_rows, run, write_csv


def _scaffold(tmp_path, rows, *extra):
    table = write_csv(tmp_path / "products.csv", rows)
    out = tmp_path / "out"
    status = run("scaffold", str(table), "--out", str(out), *extra)
    report = json.loads((out / "scaffold-report.json").read_text("utf-8"))
    return status, report, out


def _gaps(report, product_id):
    (product,) = [p for p in report["products"] if p["product_id"] == product_id]
    return product["gaps"]


def test_missing_footprint_names_row_and_rules(tmp_path, capsys):
    rows = complete_rows()
    rows[1]["footprint_kg_co2e"] = ""  # BP-48, spreadsheet row 3
    status, report, out = _scaffold(tmp_path, rows)
    assert status == 0
    (gap,) = _gaps(report, "BP-48")
    assert gap["text"] == (
        "row 3 (BP-48): no footprint_kg_co2e → G7-CFP-01, RCEP-ECO-01, G7-API-01"
        " would fail"
    )
    err = capsys.readouterr().err
    assert f"greengate: warning: {gap['text']}" in err
    # still generated, with what exists and nothing invented
    blocks = json.loads((out / "BP-48.jsonld").read_text("utf-8"))
    assert blocks[0]["name"] == "BP-48 LFP battery pack 48 V 100 Ah"
    assert "emissionsScorecard" not in blocks[1]["credentialSubject"]
    assert len(blocks) == 2  # no PACT footprint without a value
    assert "412" not in (out / "BP-48.jsonld").read_text("utf-8")


def test_gaps_name_only_rules_of_selected_packs(tmp_path):
    rows = complete_rows()
    rows[1]["footprint_kg_co2e"] = ""
    _, report, _ = _scaffold(tmp_path, rows, "--rules", "rcep-geco")
    (gap,) = _gaps(report, "BP-48")
    assert gap["rules"] == ["RCEP-ECO-01"]
    assert report["packs"] == ["rcep-geco"]


def test_gaps_name_only_rules_whose_scope_covers_the_product(tmp_path):
    rows = complete_rows()
    aluminium = next(r for r in rows if r["product_id"] == "AL-6063")
    aluminium["grid_mix"] = ""
    aluminium["version"] = ""  # G7-GOV-01: but aluminium is outside g7-gpw
    _, report, _ = _scaffold(tmp_path, [aluminium])
    assert [g["text"] for g in _gaps(report, "AL-6063")] == [
        "row 2 (AL-6063): no grid_mix → MDP-EF-02 would fail"
    ]


def test_unreadable_values_are_named_not_guessed(tmp_path):
    rows = complete_rows()[:1]
    rows[0].update(
        footprint_kg_co2e="about 400",
        date_modified="01/06/2027",
        gtin="6971234000018",  # wrong check digit
        primary_data_share="140",
    )
    _, report, out = _scaffold(tmp_path, rows)
    texts = [g["text"] for g in _gaps(report, "AP-5K")]
    assert texts == [
        "row 2 (AP-5K): footprint_kg_co2e 'about 400' is not a number"
        " → G7-CFP-01, RCEP-ECO-01, G7-API-01 would fail",
        "row 2 (AP-5K): date_modified '01/06/2027' is not a date (YYYY-MM-DD)"
        " → G7-GOV-01 would fail",
        "row 2 (AP-5K): gtin '6971234000018' is not a GTIN with a valid check digit",
        "row 2 (AP-5K): primary_data_share '140' is not a percentage",
    ]
    product = json.loads((out / "AP-5K.jsonld").read_text("utf-8"))[0]
    assert "dateModified" not in product
    assert not any(k.startswith("gtin") for k in product)


def test_every_gap_kind_of_an_empty_row(tmp_path):
    rows = [dict.fromkeys(complete_rows()[0], "")]
    rows[0].update(product_id="X-1", name="X-1 inverter", hs_code="850440")
    _, report, out = _scaffold(tmp_path, rows)
    by_column = {g["column"]: g["rules"] for g in _gaps(report, "X-1")}
    assert by_column == {
        "footprint_kg_co2e": ["G7-CFP-01", "RCEP-ECO-01", "G7-API-01"],
        "version": ["G7-GOV-01"],
        "date_modified": ["G7-GOV-01"],
        "manufacturer": ["RCEP-ECO-05"],
        "data_url": ["G7-API-01"],
        "certification_name": ["G7-ESG-01"],
        "traceability": ["G7-TRC-01"],
    }
    (block,) = json.loads((out / "X-1.jsonld").read_text("utf-8"))
    assert block == {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": "X-1 inverter",
        "sku": "X-1",
        "additionalProperty": [
            {
                "@type": "PropertyValue",
                "propertyID": "HS",
                "name": "HS code",
                "value": "8504.40",
            }
        ],
    }


def test_vocabulary_gaps_are_info_without_rules(tmp_path):
    row = complete_rows()[0]
    for column in [c for c in row if c.startswith("pact.")] + ["pcf_id"]:
        row[column] = ""
    row["manufacturer_id"] = "https://acme-industrial.example/#org"
    _, report, _ = _scaffold(tmp_path, [row])
    gaps = {g["column"]: g for g in _gaps(report, "AP-5K")}
    assert set(gaps) == {"pact", "untp"}
    assert gaps["pact"]["status"] == "info"
    assert gaps["pact"]["rules"] == []
    assert "id, companyIds, pcf.productMassPerDeclaredUnit" in gaps["pact"]["message"]
    assert gaps["untp"]["message"] == (
        "UNTP DPP fields the table does not give: issuer.id (a DID in manufacturer_id)"
    )


def test_rows_without_product_id_are_skipped_and_reported(tmp_path, capsys):
    rows = complete_rows()[:2]
    rows[1]["product_id"] = ""
    _, report, _ = _scaffold(tmp_path, rows)
    assert [p["product_id"] for p in report["products"]] == ["AP-5K"]
    assert report["skipped_rows"][0]["text"] == (
        "row 3: no product_id: row not generated"
    )
    assert "row 3: no product_id" in capsys.readouterr().err


def test_duplicate_ids_get_distinct_files(tmp_path):
    rows = complete_rows()[:2]
    rows[1]["product_id"] = "ap-5k"
    _, report, _ = _scaffold(tmp_path, rows)
    files = [p["files"]["preview"] for p in report["products"]]
    assert files == ["AP-5K.html", "ap-5k-row3.html"]
    assert "same file name as row 2" in _gaps(report, "ap-5k")[0]["message"]


def test_unknown_columns_are_warned(tmp_path, capsys):
    rows = complete_rows()[:1]
    rows[0]["footprint_kgco2"] = "412"
    _scaffold(tmp_path, rows)
    assert "unknown column 'footprint_kgco2' ignored" in capsys.readouterr().err
