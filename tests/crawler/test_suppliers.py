import pytest

from crawler.suppliers import SupplierListError, parse_csv, read_csv


def test_reads_optional_columns(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(
        "name,url,hs_codes,profiles\n"
        "Acme,https://acme.example/,8504.40;8507.60,jp\n"
        "Beta,https://beta.example/shop,,\n",
        encoding="utf-8",
    )
    specs = read_csv(path, profiles=("de",))
    assert [s.name for s in specs] == ["Acme", "Beta"]
    assert specs[0].hs_codes == ("850440", "850760")
    assert specs[0].profiles == ("de", "jp")
    assert specs[1].hs_codes == ()
    assert specs[0].id == "acme@acme.example"


def test_missing_column_names_the_file(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("name,website\nAcme,https://acme.example/\n", encoding="utf-8")
    with pytest.raises(SupplierListError, match=r"s\.csv: missing column\(s\) url"):
        read_csv(path)


def test_bad_url_names_the_row():
    with pytest.raises(SupplierListError, match=r"list\.csv, row 3: 'ftp://x' is not"):
        parse_csv("name,url\nA,https://a.example/\nB,ftp://x\n", "list.csv")


def test_duplicate_supplier_is_refused():
    with pytest.raises(SupplierListError, match="duplicate"):
        parse_csv("name,url\nA,https://a.example/\nA,https://a.example/\n", "l.csv")
