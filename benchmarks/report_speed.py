"""How long the HTML report of a large library takes to open in a browser: a report of 3,000
drafts (three findings each, built as tests/test_html_report.py builds it), opened in headless
Chromium (Debian's `chromium` package), timed from navigation to the first layout. Prints the
median of the runs against the 3-second target.

    python benchmarks/report_speed.py [--drafts 3000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.chromium import CHROMIUM, Chromium  # noqa: E402
from tests.test_html_report import _library_report  # noqa: E402

TARGET = 3.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if CHROMIUM is None:
        print("Chromium is not installed (Debian: apt-get install -y chromium)")
        return 2
    times = []
    with tempfile.TemporaryDirectory(prefix="healthlint-report-") as tmp:
        report = _library_report(Path(tmp), args.drafts)
        size = report.stat().st_size
        for n in range(args.repeat):
            with Chromium(Path(tmp) / f"profile-{n}", timeout=120) as browser:
                start = time.monotonic()
                browser.open(report.as_uri())
                browser.evaluate("document.body.getBoundingClientRect().height")  # layout done
                times.append(time.monotonic() - start)
    median = statistics.median(times)
    print(f"report of {args.drafts} drafts ({size / 1e6:.1f} MB): opened in {median:.2f} s "
          f"(median of {[round(t, 2) for t in times]}), target < {TARGET:.0f} s: "
          f"{'met' if median < TARGET else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
