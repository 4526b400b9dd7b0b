"""Coverage-guided fuzzing of PageProcessor.process with atheris: optional, manual.

The Hypothesis properties in ``test_fuzz.py`` run with the suite; this harness
is for long runs that let libFuzzer's coverage feedback find new paths
through extraction and normalisation::

    .venv/bin/pip install atheris
    mkdir -p /tmp/gg-corpus && cp fixtures/pages/*.html /tmp/gg-corpus/
    .venv/bin/python tests/security/fuzz_atheris.py /tmp/gg-corpus -max_total_time=600

pytest does not collect it (no ``test_`` prefix). An exception, or a page
that reached the catch-all of :meth:`PageProcessor.process`, stops the run and
libFuzzer saves the input as ``crash-<sha1>``.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from crawler.model import FetchedPage
    from crawler.normalise import ContextRegistry
    from crawler.processing import PageProcessor

URL = "https://supplier.example/products/inv-5k"
CONTENT_TYPES = [
    None,
    "text/html",
    "text/html; charset=utf-16",
    "text/html; charset=shift_jis",
    "application/ld+json",
    "application/json",
]
PROCESSOR = PageProcessor(ContextRegistry.bundled())


def one_input(data: bytes) -> None:
    """Process one fuzzed response; fail on an exception or the catch-all."""
    fdp = atheris.FuzzedDataProvider(data)
    ctype = CONTENT_TYPES[fdp.ConsumeIntInRange(0, len(CONTENT_TYPES) - 1)]
    body = fdp.ConsumeBytes(fdp.remaining_bytes())
    page = FetchedPage(url=URL, status=200, body=body, content_type=ctype)
    result = PROCESSOR.process(
        page, supplier_id="s", site_url="https://supplier.example", role="page"
    )
    assert result.disclosure is not None
    for issue in result.disclosure.issues:
        if "could not be read" in issue.message:
            raise AssertionError(issue.message)


def main() -> None:
    """Run libFuzzer with the command line's options and corpus directories."""
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
