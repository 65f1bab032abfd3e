"""Load time and file size of the network view for synthetic graphs of 100 to 20,000 nodes, in headless Chromium.

    .venv/bin/python benchmarks/bench_view.py [--sizes 100,1000,5000,20000] [--runs 3] [--chromium /usr/bin/chromium]

For each size: the seconds to build the view and write the page (Python), the page's size, and in the browser
the time from navigation start until the layout has settled (bounded physics done, physics off) and the
physics steps done (at most `iterations(n)`, and no more than one second of them), the median of --runs fresh
page loads. Needs the `playwright` package (the test extra) and Debian's chromium.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_graph  # noqa: E402

from govkg import __version__  # noqa: E402
from govkg.export.html import iterations, page  # noqa: E402
from govkg.export.view import make_view  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def load(browser, path: Path) -> tuple[float, float, int, int]:  # type: ignore[no-untyped-def]
    """(ms from navigation start to settled, wall seconds of the whole load, nodes drawn, physics steps done)
    for one fresh page."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    t0 = time.perf_counter()
    tab.goto(path.as_uri())
    tab.wait_for_function("() => window.govkg && window.govkg.settled", timeout=120_000, polling=50)
    wall = time.perf_counter() - t0
    settled = tab.evaluate("() => window.govkg.settleMs")
    drawn = tab.evaluate("() => window.govkg.nodes.length")
    steps = tab.evaluate("() => window.govkg.steps")
    context.close()
    return float(settled), wall, int(drawn), int(steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,5000,20000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        version = browser.version
        page(make_view(synthetic_graph(10)))  # imports, the ontology's labels: not part of any size's time
        for n in sizes:
            graph = synthetic_graph(n)
            t0 = time.perf_counter()
            view = make_view(graph)
            text = page(view).encode("utf-8")
            path = Path(tmp) / f"view-{n}.html"
            path.write_bytes(text)
            build = time.perf_counter() - t0
            loads = [load(browser, path) for _ in range(args.runs)]
            assert all(drawn == n for _, _, drawn, _ in loads), "the page drew a different number of nodes"
            rows.append((n, len(view.edges), f"{statistics.median(s for *_, s in loads):.0f} of {iterations(n)}",
                         build, len(text), statistics.median(s for s, *_ in loads),
                         statistics.median(w for _, w, *_ in loads)))
        browser.close()
    print(f"govkg {__version__}, Python {platform.python_version()}, Chromium {version} headless, "
          f"{platform.system()} {platform.machine()}; median of {args.runs} page loads\n")
    head = ("nodes", "edges", "physics steps done", "build page", "file size", "load + settle",
            "wall (goto..settled)")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" for _ in head) + "|")
    for n, e, steps, build, size, settle, wall in rows:
        print(f"| {n:,} | {e:,} | {steps} | {build:.2f} s | {size / 1024 / 1024:.2f} MiB | {settle / 1000:.2f} s "
              f"| {wall:.2f} s |")


if __name__ == "__main__":
    main()
