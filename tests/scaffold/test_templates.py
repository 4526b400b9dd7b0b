"""``--templates DIR``: the user's templates replace bundled ones by file name."""

from __future__ import annotations

import pytest

from reports.scaffold import TEMPLATES
from tests.scaffold.support import PRODUCTS_CSV, run


def _scaffold(tmp_path, templates):
    return run(
        "scaffold", PRODUCTS_CSV, "--out", tmp_path / "out", "--templates", templates
    )


def test_one_template_is_replaced_the_others_stay_bundled(tmp_path, scaffolded):
    own = tmp_path / "templates"
    own.mkdir()
    (own / "index.html.j2").write_text(
        "<ol>{% for item in products %}<li>{{ item.product.product_id }}</li>"
        "{% endfor %}</ol>\n"
    )
    assert _scaffold(tmp_path, own) == 0
    out = tmp_path / "out"
    assert (out / "index.html").read_text("utf-8") == (
        "<ol><li>AP-5K</li><li>BP-48</li><li>NDFEB-N52</li><li>AL-6063</li></ol>\n"
    )
    for name in ("AP-5K.snippet.html", "AP-5K.html", "AP-5K.jsonld"):
        assert (out / name).read_text("utf-8") == (scaffolded / name).read_text("utf-8")


def test_bundled_template_names():
    assert TEMPLATES == ("snippet.html.j2", "product.html.j2", "index.html.j2")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{% for x in %}", "templates/snippet.html.j2: Expected an expression"),
        ("{{ no_such_variable }}", "'no_such_variable' is undefined"),
    ],
)
def test_broken_template_is_a_usage_error(tmp_path, capsys, content, message):
    own = tmp_path / "templates"
    own.mkdir()
    (own / "snippet.html.j2").write_text(content)
    assert _scaffold(tmp_path, own) == 2
    assert message in capsys.readouterr().err


def test_missing_template_directory_is_a_usage_error(tmp_path, capsys):
    assert _scaffold(tmp_path, tmp_path / "nope") == 2
    assert "no such template directory" in capsys.readouterr().err


def test_template_error_writes_nothing(tmp_path):
    own = tmp_path / "templates"
    own.mkdir()
    (own / "index.html.j2").write_text("{{ 1 / 0 }}")
    assert _scaffold(tmp_path, own) == 2
    assert not (tmp_path / "out").exists()
