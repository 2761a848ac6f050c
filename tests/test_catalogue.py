"""The German interface catalogue is complete and current.

`make test` fails on an untranslated or fuzzy entry, on a translation that drops a
placeholder or a tag, and when the catalogue is out of date: a string wrapped in the code
that it lacks, or one it keeps that the code no longer has. To bring it up to date, run
`.venv/bin/python manage.py makemessages --locale=de --no-obsolete --ignore=.venv/* ...`
(the options in MAKEMESSAGES), translate what it added, check and unflag what it marked
fuzzy, and `make setup` compiles the catalogue.
"""

import ast
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"
# What makemessages leaves out: tools, vendored and built files, tests and benchmarks.
IGNORED = (".venv", "node_modules", "build", "tests", "benchmarks")
MAKEMESSAGES = (
    "makemessages",
    "--locale=de",
    "--no-obsolete",
    *(f"--ignore={name}/*" for name in IGNORED),
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%%")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass(frozen=True)
class Entry:
    """One message of a .po file: its English source and the German given for it."""

    msgid: str
    plural: str | None
    context: str | None
    strings: tuple[str, ...]
    flags: frozenset[str]
    obsolete: bool

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.msgid,) if self.plural is None else (self.msgid, self.plural)

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.context, self.msgid, self.plural)


def read_catalogue(path: Path) -> list[Entry]:
    """The messages of a .po file, without its header. A small reader of the format rather
    than a dependency: the files makemessages writes use only the plain syntax read here."""
    blocks: list[list[str]] = []
    block: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            block.append(line)
        elif block:
            blocks.append(block)
            block = []
    entries = [_entry(lines) for lines in blocks]
    return [e for e in entries if e.msgid or e.context]


def _entry(lines: list[str]) -> Entry:
    fields: dict[str, str] = {}
    flags: set[str] = set()
    obsolete = False
    current = ""
    for line in lines:
        if line.startswith("#~"):
            obsolete = True
            line = line[2:].strip()
        elif line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        elif line.startswith("#"):
            continue
        if line.startswith('"'):
            fields[current] += ast.literal_eval(line)
        else:
            current, _, quoted = line.partition(" ")
            fields[current] = ast.literal_eval(quoted)
    strings = [fields[k] for k in sorted(fields) if k.startswith("msgstr")]
    return Entry(
        msgid=fields.get("msgid", ""),
        plural=fields.get("msgid_plural"),
        context=fields.get("msgctxt"),
        strings=tuple(strings),
        flags=frozenset(flags),
        obsolete=obsolete,
    )


def current_entries() -> list[Entry]:
    return [e for e in read_catalogue(CATALOGUE) if not e.obsolete]


def _where(entries: list[Entry]) -> list[str]:
    return [e.msgid for e in entries]


def test_msgfmt_counts_every_message_as_translated() -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: `make setup` installs it (Debian package gettext)"
    checked = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert checked.returncode == 0, checked.stderr
    statistics = checked.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ translated messages?\.", statistics), statistics


def test_no_entry_is_untranslated_or_fuzzy() -> None:
    entries = current_entries()
    assert len(entries) > 500  # the reader found the catalogue's messages
    assert _where([e for e in entries if not all(s.strip() for s in e.strings)]) == []
    assert _where([e for e in entries if "fuzzy" in e.flags]) == []


def test_plural_entries_have_both_german_forms() -> None:
    plurals = [e for e in current_entries() if e.plural is not None]
    assert plurals
    assert _where([e for e in plurals if len(e.strings) != 2]) == []


def test_the_header_names_german_and_its_plural_rule() -> None:
    text = CATALOGUE.read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    assert '"Language: de\\n"' in header
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in header
    assert "#, fuzzy" not in header


def test_translations_keep_every_placeholder_and_tag() -> None:
    """msgfmt checks placeholders only where an entry is flagged python-format; this checks
    every entry, and the HTML tags that blocktranslate keeps inside a message too."""

    def marks(text: str) -> list[str]:
        return sorted(PLACEHOLDER.findall(text)) + sorted(TAG.findall(text))

    broken = [
        e.msgid
        for e in current_entries()
        for source, german in zip(e.sources, e.strings, strict=False)
        if marks(german) != marks(source)
    ]
    assert broken == []


def regenerated(into: Path) -> Path:
    """The catalogue as makemessages makes it from today's code, made in a copy: every
    top-level name but the ignored ones is linked into `into`, beside a copy of locale/."""
    for item in ROOT.iterdir():
        if item.name in IGNORED or item.name == "locale" or item.name.startswith("."):
            continue
        (into / item.name).symlink_to(item)
    copy = into / CATALOGUE.relative_to(ROOT)
    copy.parent.mkdir(parents=True)
    shutil.copyfile(CATALOGUE, copy)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *MAKEMESSAGES, "--symlinks", "--verbosity=0"],
        cwd=into,
        check=True,
        capture_output=True,
    )
    return copy


def test_the_catalogue_has_every_wrapped_string_and_no_other(tmp_path: Path) -> None:
    if not shutil.which("xgettext"):
        pytest.fail("xgettext is missing: `make setup` installs it (Debian package gettext)")
    fresh = {e.key for e in read_catalogue(regenerated(tmp_path)) if not e.obsolete}
    kept = {e.key for e in current_entries()}
    missing = sorted(key[1] for key in fresh - kept)
    stale = sorted(key[1] for key in kept - fresh)
    assert (missing, stale) == ([], []), "run makemessages (see this module's docstring)"
