"""How fast the PDF report is made, and how much memory that takes, against references.

Run `make bench-report` (`.venv/bin/python benchmarks/report.py --help` for the knobs). It
builds a fresh SQLite database under benchmarks/output/ (migrate, then `load_demo`), takes the
demo's submitted Gartner assessment ("IoT maturity baseline 2026", three respondents) and
measures:

- first: the first report in a fresh process, timed inside it from before `django.setup()`
  to the PDF's bytes (imports, fonts and matplotlib's first figure included); the median of
  a few such processes;
- warm: the median time of the whole PDF path in a warm process (reads, charts, template,
  WeasyPrint) after warm-up runs;
- ratio: that median over the median of WeasyPrint alone on the same finished HTML, with the
  same stylesheets (`reports.pdf.html_to_pdf`);
- memory: the peak resident size (ru_maxrss) of the fresh processes and of the warm one.

Each figure is printed beside a reference measured in the same run on the same machine, and
as a ratio to it, so that a reader on another machine compares ratios:

- for warm times, WeasyPrint rendering REFERENCE_HTML (a fixed plain document built into this
  script: a few pages of text and a table, no charts, no project stylesheet), in the warm
  process; the whole path, WeasyPrint alone and the reference take turns, so that noise from
  a shared machine hits all three;
- for the first report, `import weasyprint` in a fresh process (a CPU yardstick), in
  processes that alternate with the report's;
- for memory, the peak of those fresh processes after they render REFERENCE_HTML once.

Then the large part (issue 13): reports that stay affordable as assessments grow. In the
same database, `benchmarks/large.py` builds two submitted assessments (how, and which steps
skip the services, is in its docstring): a synthetic continuous model of 300 questions
answered by 30 respondents, and the shipped Gartner model answered by 300. A fresh process
then makes their PDFs and the demo's, in turns, the same warm way as above (warm-up rounds,
then the median of `--large-runs` rounds of the whole PDF path), and gives each as a ratio
to the demo PDF's median from the same rounds, against the goals: at most 4 times for 300
questions, at most 2 times for 300 respondents. The demo's PPTX and XLSX
(`reports.outputs.render`) take their turns too, as ratios to its PDF, without a goal (left
out, with the reason recorded, while `reports.outputs` cannot be imported). Its own process
keeps the large documents' memory out of the demo's peak.

benchmarks/output/report.json keeps every figure with CPU times, the date, the machine and
its load average at start and end.
"""

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "benchmarks" / "output"
DATABASE = OUTPUT / "report.sqlite3"
RESULT = OUTPUT / "report.json"
GOALS = {"warm_median_s": 0.8, "ratio": 1.6, "first_report_s": 2.5, "peak_memory_mb": 400.0}
# The large documents' warm PDF time over the demo's, measured in the same rounds.
LARGE_GOALS = {"many_questions_ratio": 4.0, "many_respondents_ratio": 2.0}
# What the large part measures, as the table names it; the demo's PDF first (the divisor).
LARGE_STEPS = {
    "demo": "demo PDF (9 questions, 3 respondents)",
    "many_questions": "PDF, 300 questions, 30 respondents",
    "many_respondents": "PDF, Gartner, 300 respondents",
    "pptx": "demo PPTX",
    "xlsx": "demo XLSX",
}
OTHER_FORMATS = ("pptx", "xlsx")
DEMO_TITLE = "IoT maturity baseline 2026"

# Never edit: earlier runs' ratios are to this exact document. A new one needs a new version.
REFERENCE_VERSION = 1
_PARAGRAPH = (
    "A maturity model describes how an organisation's practice develops, level by level, "
    "from first experiments to a capability that is measured, managed and improved. Each "
    "level names what must be in place before the next one can be reached, so that a team "
    "can see where it stands, what it lacks and what to do next. The assessment asks the "
    "same questions of every respondent, keeps their answers apart and compares them, and "
    "places the organisation on the scale by rules that are written down in advance."
)
_ROWS = "".join(
    f"<tr><td>{n}</td><td>Subdimension {n}</td><td>{n % 5 + 1}</td><td>{(n * 7) % 5 + 1}</td>"
    f"<td>{'Reached' if n % 3 else 'Not yet'}</td></tr>"
    for n in range(1, 41)
)
REFERENCE_HTML = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Reference</title>"
    "<style>body { font-family: sans-serif; font-size: 11pt; line-height: 1.4 }"
    " table { border-collapse: collapse; width: 100% }"
    " td, th { border: 1px solid #999; padding: 2pt 4pt }</style></head><body>"
    + "".join(f"<h2>Section {n}</h2><p>{_PARAGRAPH}</p><p>{_PARAGRAPH}</p>" for n in range(1, 13))
    + "<h2>Table</h2><table><thead><tr><th>#</th><th>Name</th><th>Level</th><th>Target</th>"
    f"<th>Status</th></tr></thead><tbody>{_ROWS}</tbody></table></body></html>"
)


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{DATABASE}",
        "PYTHONPATH": str(ROOT),
    }


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def set_up_database() -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    for command in (["migrate", "--verbosity", "0"], ["load_demo"]):
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *command],
            env=environment(),
            check=True,
            stdout=subprocess.DEVNULL,
        )


def first_report(pk: int) -> dict[str, Any]:
    """Run in a fresh process (`--first PK`): set Django up, make one PDF, say how long."""
    started, cpu_started = time.perf_counter(), time.process_time()
    import django

    django.setup()
    from assessments.models import Assessment
    from reports import pdf

    html, _report = pdf.report_document(Assessment.objects.get(pk=pk))
    content = pdf.html_to_pdf(html)
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
        "peak_memory_mb": peak_mb(),
        "bytes": len(content),
    }


def reference_process() -> dict[str, Any]:
    """Run in a fresh process (`--reference`): time `import weasyprint`, then render the
    reference document once for the memory reference."""
    started, cpu_started = time.perf_counter(), time.process_time()
    import weasyprint

    imported, cpu_imported = time.perf_counter(), time.process_time()
    document = weasyprint.HTML(string=REFERENCE_HTML).render()
    content = document.write_pdf()
    return {
        "import_s": imported - started,
        "import_cpu_s": cpu_imported - cpu_started,
        "first_render_s": time.perf_counter() - imported,
        "pages": len(document.pages),
        "bytes": len(content or b""),
        "peak_memory_mb": peak_mb(),
    }


def fresh_processes(pk: int, count: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The first report and the reference, each in `count` fresh processes taking turns."""
    reports, references = [], []
    for _ in range(count):
        reports.append(_child(["--first", str(pk)]))
        references.append(_child(["--reference"]))
    return reports, references


def _child(arguments: list[str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *arguments],
        env=environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def warm(pk: int, warmups: int, runs: int) -> dict[str, Any]:
    import django

    django.setup()
    import weasyprint

    from assessments.models import Assessment
    from reports import pdf

    def reference() -> None:
        weasyprint.HTML(string=REFERENCE_HTML).write_pdf()

    assessment = Assessment.objects.get(pk=pk)
    for _ in range(warmups):
        pdf.html_to_pdf(pdf.report_document(assessment)[0])
        reference()
    html = pdf.report_document(assessment)[0]
    steps = {
        "whole": lambda: pdf.html_to_pdf(pdf.report_document(assessment)[0]),
        "weasyprint": lambda: pdf.html_to_pdf(html),
        "reference": reference,
    }
    return in_turns(steps, runs) | {"peak_memory_mb": peak_mb()}


def in_turns(steps: Mapping[str, Callable[[], object]], runs: int) -> dict[str, Any]:
    """Each step's wall and CPU times over `runs` rounds, the steps taking turns within a
    round so that noise from a shared machine hits them all; with the medians."""
    wall: dict[str, list[float]] = {name: [] for name in steps}
    cpu: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(runs):
        for name, step in steps.items():
            started, cpu_started = time.perf_counter(), time.process_time()
            step()
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - cpu_started)
    median = statistics.median
    return {
        "runs": runs,
        "seconds": wall,
        "cpu_seconds": cpu,
        "median_s": {name: median(values) for name, values in wall.items()},
        "cpu_median_s": {name: median(values) for name, values in cpu.items()},
    }


def demo_assessment() -> int:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c",
         "from assessments.models import Assessment; "
         f"print(Assessment.objects.get(title={DEMO_TITLE!r}, status='submitted').pk)"],
        env=environment(), check=True, capture_output=True, text=True,
    )  # fmt: skip
    return int(done.stdout.strip().splitlines()[-1])


def large_assessments() -> dict[str, int]:
    """Build the large assessments in the benchmark's database (benchmarks/large.py)."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.large"],
        env=environment(), cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    pks: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return pks


def large(pks: list[int], warmups: int, runs: int) -> dict[str, Any]:
    """Run in a fresh process (`--large DEMO QUESTIONS RESPONDENTS`): the three PDFs and the
    demo's other formats, warm, in turns; with each document's pages and bytes."""
    import django

    django.setup()
    from assessments.models import Assessment
    from reports import pdf

    def whole(pk: int) -> Callable[[], bytes]:
        assessment = Assessment.objects.get(pk=pk)
        return lambda: pdf.html_to_pdf(pdf.report_document(assessment)[0])

    names = ("demo", "many_questions", "many_respondents")
    steps = {name: whole(pk) for name, pk in zip(names, pks, strict=True)}
    formats, skipped = other_formats(Assessment.objects.get(pk=pks[0]))
    steps |= formats
    made = {name: step() for name, step in steps.items()}  # the first warm-up round
    for _ in range(warmups - 1):
        for step in steps.values():
            step()
    return in_turns(steps, runs) | {
        "documents": {name: document_size(name, content) for name, content in made.items()},
        "formats_skipped": skipped,
        "peak_memory_mb": peak_mb(),
    }


def other_formats(assessment: Any) -> tuple[dict[str, Callable[[], bytes]], str]:
    """The demo's PPTX and XLSX through `reports.outputs.render`; none, with the reason,
    while that module (or a renderer it imports on first use) cannot be imported."""
    try:
        from reports.outputs import render

        for fmt in OTHER_FORMATS:
            render(assessment, fmt, language=None)
    except ImportError as exc:
        return {}, f"reports.outputs cannot be used yet: {exc}"

    def made_as(fmt: str) -> Callable[[], bytes]:
        return lambda: render(assessment, fmt, language=None).content

    return {fmt: made_as(fmt) for fmt in OTHER_FORMATS}, ""


def document_size(name: str, content: bytes) -> dict[str, int | None]:
    pages = None
    if name not in OTHER_FORMATS:
        from pypdf import PdfReader  # a dev dependency, as the benchmarks are

        pages = len(PdfReader(io.BytesIO(content)).pages)
    return {"pages": pages, "bytes": len(content)}


def large_figures(figures: dict[str, Any], *, key: str = "median_s") -> dict[str, float]:
    """Each large step's warm median over the demo PDF's, from the same rounds (wall time,
    or CPU time with key="cpu_median_s")."""
    medians = figures[key]
    return {f"{name}_ratio": medians[name] / medians["demo"] for name in medians if name != "demo"}


def large_table(figures: dict[str, Any]) -> str:
    """Goals are about wall time, as above; the CPU ratio shows the work itself when other
    processes share the machine."""
    lines = [
        f"{'document':<38}{'pages':>6}{'median':>8}{'cpu':>7}{'ratio':>7}{'cpu':>7}{'goal':>7}"
        "  goal met",
        "-" * 93,
    ]
    wall, cpu = figures["median_s"], figures["cpu_median_s"]
    ratios, cpu_ratios = large_figures(figures), large_figures(figures, key="cpu_median_s")
    for name in wall:
        pages = figures["documents"][name]["pages"]
        ratio = ratios.get(f"{name}_ratio", 1.0)
        cpu_ratio = cpu_ratios.get(f"{name}_ratio", 1.0)
        goal = LARGE_GOALS.get(f"{name}_ratio")
        verdict = "" if goal is None else ("MET" if ratio <= goal else "MISSED")
        lines.append(
            f"{LARGE_STEPS[name]:<38}{'' if pages is None else pages:>6}{wall[name]:8.3f}"
            f"{cpu[name]:7.2f}{ratio:7.2f}{cpu_ratio:7.2f}"
            f"{'' if goal is None else f'{goal:7.2f}':>7}  {verdict}"
        )
    lines.append(
        f"(warm medians of {figures['runs']} rounds in seconds; ratios to the demo PDF's"
        f" medians from the same rounds; that process's peak {figures['peak_memory_mb']:.0f} MB)"
    )
    if figures["formats_skipped"]:
        lines.append(f"PPTX and XLSX left out: {figures['formats_skipped']}")
    return "\n".join(lines)


def figures_and_references(
    warm_figures: dict[str, Any], fresh: list[dict[str, Any]], references: list[dict[str, Any]]
) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Each goal's figure, its CPU time where it has one, and the reference values."""
    median, wall, cpu = statistics.median, warm_figures["median_s"], warm_figures["cpu_median_s"]
    figures = {
        "warm_median_s": wall["whole"],
        "weasyprint_alone_s": wall["weasyprint"],
        "ratio": wall["whole"] / wall["weasyprint"],
        "first_report_s": median(run["seconds"] for run in fresh),
        "peak_memory_mb": max(warm_figures["peak_memory_mb"],
                              *(run["peak_memory_mb"] for run in fresh)),
    }  # fmt: skip
    cpu_figures = {
        "warm_median_s": cpu["whole"],
        "weasyprint_alone_s": cpu["weasyprint"],
        "ratio": cpu["whole"] / cpu["weasyprint"],
        "first_report_s": median(run["cpu_seconds"] for run in fresh),
    }
    reference = {
        "render_s": wall["reference"],
        "render_cpu_s": cpu["reference"],
        "import_weasyprint_s": median(run["import_s"] for run in references),
        "import_weasyprint_cpu_s": median(run["import_cpu_s"] for run in references),
        "peak_memory_mb": max(run["peak_memory_mb"] for run in references),
        "first_render_s": median(run["first_render_s"] for run in references),
        "pages": references[0]["pages"],
        "version": REFERENCE_VERSION,
    }
    return figures, cpu_figures, reference


# Which reference each figure is divided by, and how the table names it.
RATIO_TO = {
    "warm_median_s": ("render_s", "reference document, warm"),
    "weasyprint_alone_s": ("render_s", "reference document, warm"),
    "first_report_s": ("import_weasyprint_s", "import weasyprint, fresh"),
    "peak_memory_mb": ("peak_memory_mb", "reference process peak"),
}


def table(figures: dict[str, float], cpu: dict[str, float], reference: dict[str, float]) -> str:
    """Wall time is what the goals are about; CPU time shows the work itself when other
    processes share the machine."""
    lines = [
        f"{'measure':<19}{'measured':>9}{'cpu':>7}  {'reference':<35}{'ratio':>7}{'goal':>7}  ok",
        "-" * 91,
    ]
    for name, value in figures.items():
        spent = f"{cpu[name]:7.2f}" if name in cpu else " " * 7
        digits = 1 if name.endswith("_mb") else 3
        if name in RATIO_TO:
            key, label = RATIO_TO[name]
            against = f"{reference[key]:7.{digits}f} {label}"
            ratio = f"{value / reference[key]:7.2f}"
        else:  # the ratio to WeasyPrint on the same HTML is its own reference
            against, ratio = f"{'':7} WeasyPrint alone, same HTML", ""
        goal = f"{GOALS[name]:7.2f}" if name in GOALS else ""
        ok = ("yes" if value <= GOALS[name] else "NO") if name in GOALS else ""
        line = f"{name:<19}{value:9.{digits}f}{spent}  {against:<35}{ratio:>7}{goal:>7}  {ok}"
        lines.append(line.rstrip())
    lines.append(
        f"(seconds, a ratio, MB; the reference document is {reference['pages']:.0f} pages of"
        f" text and a table; import weasyprint took {reference['import_weasyprint_cpu_s']:.3f} s"
        " of CPU)"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--first", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--reference", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--fresh", type=int, default=3, help="fresh processes for `first`")
    parser.add_argument(
        "--large-runs", type=int, default=5,
        help="rounds of the large part (300 questions, 300 respondents); 0 leaves it out",
    )  # fmt: skip
    parser.add_argument("--large", type=int, nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.first is not None:
        print(json.dumps(first_report(options.first)))
        return 0
    if options.large is not None:
        print(json.dumps(large(options.large, options.warmups, options.large_runs)))
        return 0
    if options.reference:
        print(json.dumps(reference_process()))
        return 0
    # Imported here, not above, so that the fresh processes time nothing extra.
    from benchmarks.harness import describe, end_record, start_record

    record = start_record()
    set_up_database()
    pk = demo_assessment()
    fresh, references = fresh_processes(pk, options.fresh)
    os.environ.update(environment())
    warm_figures = warm(pk, options.warmups, options.runs)
    figures, cpu, reference = figures_and_references(warm_figures, fresh, references)
    large_part: dict[str, Any] = {}
    if options.large_runs > 0:
        pks = large_assessments()
        large_part = _child(["--large", str(pk), str(pks["questions"]), str(pks["respondents"]),
                             "--warmups", str(options.warmups),
                             "--large-runs", str(options.large_runs)])  # fmt: skip
    end_record(record)
    print(f"PDF report\n{describe(record)}\n")
    print(table(figures, cpu, reference))
    goals = dict(GOALS)
    met = {name: figures[name] <= goal for name, goal in GOALS.items()}
    if large_part:
        ratios = large_figures(large_part)
        print(f"\nLarge assessments\n{large_table(large_part)}")
        goals |= LARGE_GOALS
        figures |= ratios
        cpu |= large_figures(large_part, key="cpu_median_s")
        met |= {name: ratios[name] <= goal for name, goal in LARGE_GOALS.items()}
    RESULT.write_text(json.dumps(record | {
        "goals": goals,
        "figures": figures,
        "cpu_figures": cpu,
        "reference": reference,
        "ratio_to_reference": {name: figures[name] / reference[key]
                               for name, (key, _label) in RATIO_TO.items()},
        "met": met,
        "warm": warm_figures,
        "fresh_processes": fresh,
        "reference_processes": references,
        "large": large_part,
    }, indent=2) + "\n")  # fmt: skip
    print(f"\nWrote {RESULT.relative_to(ROOT)}")
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
