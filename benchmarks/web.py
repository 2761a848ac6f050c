"""Requests per second of the busiest pages, each against a minimal Django view, on SQLite and
on PostgreSQL.

Run `make bench-pages` (or `.venv/bin/python benchmarks/run.py --help` for the knobs). For each
database (a fresh SQLite file under benchmarks/output/, then a throwaway `maturity_bench_<pid>`
on the local PostgreSQL server, dropped afterwards; see harness.py) it migrates, runs
`load_demo` and `benchmarks.data` (an in-progress Gartner assessment of the demo manager's
with every question answered), collects the static files and serves the app with gunicorn on
127.0.0.1 with production settings (debug off, manifest static files, a random secret key)
plus a minimal view (`benchmarks.settings`). Standard-library client threads, signed in as
the manager and each on its own keep-alive connection, then measure in alternating rounds
(minimal, a page, minimal, the next page, ...; repeated) so that noise from a shared machine
hits both sides of each ratio:

- questionnaire: GET /assessments/<pk>/answer/1/ shown again with the same answers, as when a
  respondent moves between pages (checks the first question's text);
- questionnaire_cold: the same page as a first view, every fragment of it missing the
  per-process fragment cache, then rendered and stored (benchmarks/cold.py gives each such
  request cache keys of its own; its queries and HTML are those of the repeat view);
- autosave: the htmx POST /assessments/<pk>/answer/1/<key>/, toggling a rubric level
  (checks "Saved");
- results: GET /assessments/<pk>/results/ of the demo's submitted assessment (checks its title).

The reference is the minimal view (the full middleware stack and a response; no database, no
template), measured in the same run on the same machine: each page is given as its share of
the minimal view's requests per second, which is what a reader on another machine compares.
The table shows both databases side by side; the goals are SQLite's (one machine, the
embedded default), and PostgreSQL, where every query is a round trip over a socket, is
reported beside them without a verdict. benchmarks/output/web.json
keeps every round, the date, the machine and its load average at start and end. The client
runs on the same machine and takes some of the CPU the server would otherwise have; that
lowers the minimal view's figure most, so the ratios are slightly kinder than with a separate
load generator.
"""

import argparse
import html
import importlib.util
import json
import statistics
import subprocess
import sys
from typing import Any
from urllib.parse import urlencode

from benchmarks.harness import (
    DATABASE_KINDS,
    MINIMAL_URL,
    OUTPUT,
    ROOT,
    BenchmarkError,
    Endpoint,
    Session,
    database,
    describe,
    end_record,
    measure,
    server,
    server_env,
    sign_in,
    start_record,
)

DATABASE = OUTPUT / "bench.sqlite3"
REPORT = OUTPUT / "web.json"
LABELS = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
# Shares of the minimal view's requests per second.
GOALS = {"questionnaire": 0.25, "questionnaire_cold": 0.15, "autosave": 0.25, "results": 0.20}
# Each page's round follows a minimal round, so slow drifts of the machine hit both.
SCHEDULE = tuple(name for page in GOALS for name in ("minimal", page))


def endpoints(data: dict[str, Any], session: Session) -> dict[str, Endpoint]:
    """The measured requests, from the URLs that `benchmarks.data` reversed."""
    key = data["question_key"]

    def autosave(n: int) -> bytes:
        fields = {"value": "3" if n % 2 else "2", "comment": "", "evidence_url": "",
                  "confidence": ""}  # fmt: skip
        return urlencode({f"{key}-{name}": value for name, value in fields.items()}).encode()

    post_headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
        "X-CSRFToken": session.cookies["csrftoken"],
    }
    question = html.escape(data["question_text"]).encode()
    return {
        "minimal": Endpoint("minimal", "GET", MINIMAL_URL, b"ok"),
        "questionnaire": Endpoint("questionnaire", "GET", data["questionnaire_url"], question),
        "questionnaire_cold": Endpoint("questionnaire_cold", "GET", data["questionnaire_url"],
                                       question, headers={"X-Bench-Cold": "1"}),
        "autosave": Endpoint("autosave", "POST", data["autosave_url"], b"Saved", body=autosave,
                             headers=post_headers),
        "results": Endpoint("results", "GET", data["results_url"],
                            html.escape(data["results_title"]).encode()),
    }  # fmt: skip


def prepare(env: dict[str, str]) -> dict[str, Any]:
    """Migrate the fresh database, load the demo and the benchmark's assessment, collect the
    static files; the URLs and sign-in that `benchmarks.data` prints."""
    manage = [sys.executable, "manage.py"]
    for command in (["migrate"], ["load_demo"], ["collectstatic", "--noinput"]):
        _run([*manage, *command, "--verbosity", "0"], env)
    return json.loads(_run([sys.executable, "-m", "benchmarks.data"], env))


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BenchmarkError(f"{' '.join(command[1:])} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def run_rounds(
    session: Session, targets: dict[str, Endpoint], args: argparse.Namespace, label: str
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Requests per second of each round, and each page round over the minimal round before it."""
    for endpoint in targets.values():  # warm caches, templates and connections
        measure(session, endpoint, clients=args.clients, seconds=1)
    rps: dict[str, list[float]] = {name: [] for name in targets}
    paired: dict[str, list[float]] = {name: [] for name in GOALS}
    for number in range(1, args.rounds + 1):
        for name in SCHEDULE:
            figure = measure(session, targets[name], clients=args.clients, seconds=args.seconds)
            rps[name].append(figure)
            if name in paired:
                paired[name].append(figure / rps["minimal"][-1])
            print(f"  {label} round {number}: {name:<19} {figure:8.1f} rps", flush=True)
    return rps, paired


def measure_database(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    """A fresh database of this kind, served and measured; its figures."""
    with database(kind, sqlite=DATABASE) as url:
        env = server_env(url)
        print(f"{LABELS[kind]}: preparing a fresh database and static files ...", flush=True)
        data = prepare(env)
        log = OUTPUT / f"gunicorn-{kind}.log"
        with server(env, workers=args.workers, threads=args.threads, log=log) as port:
            session = Session(port)
            sign_in(session, data["username"], data["password"], url=data["login_url"])
            targets = endpoints(data, session)
            rps, paired = run_rounds(session, targets, args, LABELS[kind])
    medians = {name: statistics.median(values) for name, values in rps.items()}
    ratios = {name: medians[name] / medians["minimal"] for name in GOALS}
    return {
        "requests": {name: f"{e.method} {e.path}" for name, e in targets.items()},
        "rps": rps,
        "median_rps": medians,
        "ratio_to_minimal": ratios,
        "paired_ratio_median": {name: statistics.median(values) for name, values in paired.items()},
        "met": {name: ratios[name] >= GOALS[name] for name in GOALS},
    }


def print_table(report: dict[str, Any]) -> None:
    config, results = report["config"], report["databases"]
    print(
        f"\nPages: gunicorn {config['workers']} workers x {config['threads']} threads, "
        f"{config['clients']} client threads, {config['rounds']} x {config['seconds']:g} s rounds"
        f"\n{describe(report)}\n"
    )
    print((f"{'':<21}" + "".join(f"{LABELS[kind]:^30}" for kind in results)).rstrip())
    print(f"{'page':<21}" + f"{'rps':>9}{'ratio':>8}{'paired':>8}{'':5}" * len(results) + "  goal")
    for name in ("minimal", *GOALS):
        cells = [_cells(results[kind], name, judged=kind == "sqlite") for kind in results]
        goal = f"  >= {GOALS[name]:.2f}" if name in GOALS else ""
        label = name if name in GOALS else "minimal (reference)"
        print(f"{label:<21}{''.join(cells)}{goal}".rstrip())
    print("\nrounds (rps):")
    for kind, result in results.items():
        for name, values in result["rps"].items():
            print(f"  {LABELS[kind]:<11}{name:<19}" + " ".join(f"{v:.0f}" for v in values))
    print(
        "\nratio: page median / minimal median; paired: median of each page round over the"
        " minimal round just before it.\nThe minimal view's requests/s is the reference measured"
        f" in this run. Written to {REPORT.relative_to(ROOT)}"
    )


def _cells(result: dict[str, Any], name: str, *, judged: bool) -> str:
    median = result["median_rps"][name]
    if name not in GOALS:
        return f"{median:>9.1f}{'':21}"
    ratio, paired = result["ratio_to_minimal"][name], result["paired_ratio_median"][name]
    verdict = ("ok" if result["met"][name] else "MISS") if judged else "-"
    return f"{median:>9.1f}{ratio:>8.3f}{paired:>8.3f}{verdict:>5}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=3, help="length of a round (3)")
    parser.add_argument("--rounds", type=int, default=7, help="repeats of the schedule (7)")
    parser.add_argument("--clients", type=int, default=4, help="client threads (4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (2)")
    parser.add_argument(
        "--database", choices=(*DATABASE_KINDS, "both"), default="both",
        help="sqlite, postgres (a throwaway database at 127.0.0.1:5432, user postgres) or both",
    )  # fmt: skip
    parser.add_argument("--check", action="store_true", help="exit 1 if a ratio misses its goal")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if importlib.util.find_spec("gunicorn") is None:
        print("gunicorn is not installed in this Python; run `make setup`.", file=sys.stderr)
        return 2
    kinds = DATABASE_KINDS if args.database == "both" else (args.database,)
    report = start_record()
    report["config"] = {k: v for k, v in vars(args).items() if k != "check"}
    try:
        report["databases"] = {kind: measure_database(kind, args) for kind in kinds}
    except BenchmarkError as exc:
        print(f"Benchmark failed: {exc}", file=sys.stderr)
        return 2
    end_record(report)
    report["goal"] = GOALS
    report["reference"] = {
        kind: {"minimal_rps_median": r["median_rps"]["minimal"], "minimal_rps": r["rps"]["minimal"]}
        for kind, r in report["databases"].items()
    }
    REPORT.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    met = (
        all(report["databases"]["sqlite"]["met"].values())
        if "sqlite" in report["databases"]
        else True
    )
    return 1 if args.check and not met else 0
