"""The scan journal, its codec, the work directory and the spider's resumed frontier."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

import pytest

from crawler.codec import CodecError, decode, encode
from crawler.journal import Journal, JournalError, JournalIssue, JournalPage, load
from crawler.model import FetchedPage
from crawler.normalise import ContextRegistry
from crawler.output import write_reports
from crawler.processing import Follow, PageProcessor, ProcessedPage
from crawler.spiders.supplier import Budget, SupplierSpider
from crawler.suppliers import SupplierSpec
from crawler.workdir import WorkDir, WorkDirError
from reports.model import ScreeningRun
from rules.disclosure import Issue, PageVisit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SITE = "https://supplier.example"
READABLE = (".html", ".htm", ".json", ".jsonld", ".jwt", ".vc")


@pytest.fixture(scope="module")
def processor(registry: ContextRegistry) -> PageProcessor:
    return PageProcessor(registry)


def _fixture_files() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.suffix in READABLE)


def _page(url: str, *, role: str = "page", follows: tuple[Follow, ...] = ()):
    return ProcessedPage(
        supplier_id="s",
        visit=PageVisit(url=url, status=200),
        role=role,  # type: ignore[arg-type]
        follows=follows,
    )


def _record(key: str, depth: int = 0, **kwargs) -> JournalPage:
    return JournalPage(supplier_id="s", key=key, depth=depth, page=_page(key, **kwargs))


# --- the codec ------------------------------------------------------------


def test_every_fixture_page_survives_the_journal_unchanged(processor):
    checked = 0
    for path in _fixture_files():
        media = "application/ld+json" if "json" in path.suffix else "text/html"
        fetched = FetchedPage(
            url=f"{SITE}/{path.name}",
            status=200,
            body=path.read_bytes(),
            content_type=media,
        )
        for role in ("page", "credential", "resource"):
            page = processor.process(fetched, supplier_id="s", site_url=SITE, role=role)
            data = json.loads(json.dumps(encode(page)))
            back = decode(ProcessedPage, data)
            assert back == page, path
            assert encode(back) == encode(page), path  # fields left out of ==
            checked += 1
    assert checked > 200


@dataclass(frozen=True, slots=True, kw_only=True)
class _Sample:
    value: float | None
    when: date
    raw: bytes
    tags: frozenset[str]
    pair: tuple[str, int]
    kind: Literal["a", "b"] = "a"


def test_codec_keeps_types_exactly():
    sample = _Sample(
        value=412,
        when=date(2027, 3, 1),
        raw=b"\0\xff",
        tags=frozenset("cab"),
        pair=("x", 1),
    )
    data = encode(sample)
    assert data["tags"] == ["a", "b", "c"]  # sorted: the same value, the same text
    back = decode(_Sample, json.loads(json.dumps(data)))
    assert back == sample
    assert type(back.value) is int  # 412 stays 412, not 412.0


def test_codec_refuses_what_does_not_fit():
    with pytest.raises(CodecError):
        encode(object())
    with pytest.raises(CodecError):
        decode(_Sample, {**encode(_sample()), "kind": "c"})
    with pytest.raises(CodecError):
        decode(_Sample, {"value": 1})  # required fields missing


def _sample() -> _Sample:
    return _Sample(
        value=None, when=date(2027, 1, 1), raw=b"", tags=frozenset(), pair=("", 0)
    )


# --- the journal ------------------------------------------------------------


def test_journal_reads_back_what_was_written(tmp_path):
    path = tmp_path / "journal.jsonl"
    journal = Journal(path)
    journal.page(_record(f"{SITE}/"))
    journal.page(_record(f"{SITE}/"))  # a duplicate: the first one counts
    issue = Issue(kind="extraction", url=f"{SITE}/", message="boom")
    journal.issue(JournalIssue(supplier_id="s", key=f"{SITE}/", issue=issue))
    journal.crawled()
    when = datetime(2027, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
    journal.finishing(when)
    journal.close()
    state = load(path)
    assert [r.key for r in state.pages] == [f"{SITE}/"]
    assert state.issues[0].issue == issue
    assert state.crawled
    assert state.generated_at == when


def test_torn_last_line_is_cut_off(tmp_path):
    path = tmp_path / "journal.jsonl"
    journal = Journal(path)
    journal.page(_record(f"{SITE}/a"))
    journal.close()
    whole = path.read_bytes()
    path.write_bytes(whole + whole[:40])  # killed half-way through a line
    state = load(path)
    assert [r.key for r in state.pages] == [f"{SITE}/a"]
    assert state.dropped_bytes == 40
    assert path.read_bytes() == whole  # appending goes on from a whole line


def test_zeros_left_by_a_crash_are_cut_off(tmp_path):
    path = tmp_path / "journal.jsonl"
    Journal(path).close()
    path.write_bytes(b"\0" * 16 + b"\n")
    assert load(path).pages == ()
    assert path.read_bytes() == b""


def test_a_line_that_is_not_a_journal_line_is_an_error(tmp_path):
    path = tmp_path / "journal.jsonl"
    path.write_text('{"kind": "page", "key": 1}\n', "utf-8")
    with pytest.raises(JournalError, match=r"journal.jsonl:1"):
        load(path)


def test_a_journal_that_failed_never_says_the_crawl_finished(tmp_path, monkeypatch):
    path = tmp_path / "journal.jsonl"
    journal = Journal(path)

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("crawler.journal.os.fsync", full)
    journal.crawled()
    monkeypatch.undo()
    journal.crawled()  # stays failed: a journal with a gap stays incomplete
    journal.close()
    assert isinstance(journal.failed, OSError)
    assert path.read_bytes().count(b"\n") == 1  # written, but not synced


# --- the spider's frontier --------------------------------------------------


def _spider(processor, **budget) -> SupplierSpider:
    limits = {"max_pages": 5, "max_depth": 3, "max_linked": 5, **budget}
    return SupplierSpider(
        suppliers=[SupplierSpec(id="s", name="S", url=f"{SITE}/")],
        budget=Budget(**limits),
        processor=processor,
        resume=None,
    )


def test_a_fresh_crawl_starts_at_the_start_url_and_sitemap(processor):
    spider = _spider(processor)
    urls = [r.url for r in spider._frontier(spider.states["s"], ())]
    assert urls == [f"{SITE}/", f"{SITE}/sitemap.xml"]


def test_a_resumed_crawl_requests_only_what_it_did_not_finish(processor):
    spider = _spider(processor)
    home = Follow(url=f"{SITE}/", role="page")
    a, b = (Follow(url=f"{SITE}/{n}", role="page") for n in "ab")
    record = Follow(url="https://trace.example/r/1", role="trace")
    done = [
        _record(f"{SITE}/", follows=(a, b, record)),
        _record(a.url, depth=1, follows=(home,)),
    ]
    state = spider.states["s"]
    requests = list(spider._frontier(state, done))
    assert [(r.url, r.meta["gg_depth"]) for r in requests] == [
        (f"{SITE}/sitemap.xml", 0),  # leaves no journal entry: read again
        (b.url, 1),
        (record.url, 1),
    ]
    assert all(r.meta["gg_url"] == r.url for r in requests)
    assert (state.pages, state.linked) == (3, 1)  # what was done counts too


def test_a_resumed_crawl_keeps_within_the_budget(processor):
    spider = _spider(processor, max_pages=2)
    follows = tuple(Follow(url=f"{SITE}/{n}", role="page") for n in "abc")
    done = [_record(f"{SITE}/", follows=follows), _record(f"{SITE}/c", depth=1)]
    requests = list(spider._frontier(spider.states["s"], done))
    assert [r.url for r in requests] == [f"{SITE}/sitemap.xml"]


# --- the work directory -----------------------------------------------------


def _start(path: Path, key: str = "k") -> WorkDir:
    work, _ = WorkDir.start(
        path, fingerprint=key, as_of=date(2027, 3, 1), command=("greengate", "scan")
    )
    return work


def test_work_dir_resumes_its_own_scan_only(tmp_path):
    path = tmp_path / "work"
    work = _start(path)
    work.journal.page(_record(f"{SITE}/"))
    with pytest.raises(WorkDirError, match="another greengate scan"):
        _start(path)  # locked while in use
    work.close()
    with pytest.raises(WorkDirError, match="different command line"):
        WorkDir.resume(path, fingerprint="other")
    resumed = WorkDir.resume(path, fingerprint="k")
    assert resumed.manifest.as_of == date(2027, 3, 1)
    assert resumed.resumed is not None
    assert [r.key for r in resumed.resumed.pages] == [f"{SITE}/"]
    resumed.finish()
    assert not path.exists()
    with pytest.raises(WorkDirError, match="nothing to resume"):
        WorkDir.resume(path, fingerprint="k")


def test_a_new_scan_discards_an_unfinished_one(tmp_path):
    path = tmp_path / "work"
    first = _start(path)
    first.journal.page(_record(f"{SITE}/"))
    first.close()
    second, discarded = WorkDir.start(
        path, fingerprint="k", as_of=date(2027, 3, 1), command=("greengate",)
    )
    second.close()
    assert discarded
    assert load(path / "journal.jsonl").pages == ()


# --- atomic reports -----------------------------------------------------------


def test_reports_replace_the_old_ones_whole(tmp_path):
    stale = tmp_path / ".greengate-reports-old"
    stale.mkdir()
    (tmp_path / "report.json").write_text("old", "utf-8")
    run = ScreeningRun(
        generated_at=datetime(2027, 3, 1, tzinfo=UTC),
        as_of=date(2027, 3, 1),
        packs=(),
        suppliers=(),
        tool_version="test",
        score_formula="",
    )
    paths = write_reports(run, tmp_path, ["json"])
    assert paths == [tmp_path / "report.json"]
    assert json.loads(paths[0].read_text("utf-8"))["suppliers"] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
