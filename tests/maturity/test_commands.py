"""import_framework, export_framework and load_frameworks from the command line."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from maturity.models import Framework, Level
from tests.conftest import SHIPPED, shipped_document

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_then_export_prints_the_same_document() -> None:
    path = SHIPPED / "gartner-iot.json"
    assert "created" in run("import_framework", str(path))
    assert run("export_framework", "gartner-iot") == path.read_text()


def test_an_identical_reimport_is_a_no_op() -> None:
    path = str(SHIPPED / "ptc-cpmm.json")
    run("import_framework", path)
    assert "unchanged" in run("import_framework", path)
    assert Framework.objects.count() == 1


def test_an_invalid_file_changes_nothing_and_names_the_bad_field(tmp_path: Path) -> None:
    document = shipped_document("gartner-iot")
    del document["dimensions"][2]["subdimensions"][0]["descriptors"][3]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError) as caught:
        run("import_framework", str(path))
    message = str(caught.value)
    assert "nothing was imported" in message
    assert "dimensions[2].subdimensions[0].descriptors: no descriptor for level 4" in message
    assert not Framework.objects.exists() and not Level.objects.exists()


def test_changed_content_for_a_published_version_is_refused(tmp_path: Path) -> None:
    run("import_framework", str(SHIPPED / "gartner-iot.json"))
    document = shipped_document("gartner-iot") | {"name": "Renamed"}
    path = tmp_path / "renamed.json"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="new version number"):
        run("import_framework", str(path))
    assert Framework.objects.get().name != "Renamed"


def test_a_missing_file_is_named() -> None:
    with pytest.raises(CommandError, match=r"nope\.json: no such file"):
        run("import_framework", "nope.json")


def test_export_of_an_unknown_framework_is_an_error() -> None:
    with pytest.raises(CommandError, match="No framework 'nope'"):
        run("export_framework", "nope")


def test_export_picks_the_version_asked_for() -> None:
    run("load_frameworks")
    document = shipped_document("ptc-cpmm") | {"version": 2, "name": "PTC CPMM 2"}
    from maturity.schema import parse_definition
    from maturity.services import import_framework

    import_framework(definition=parse_definition(document))
    assert json.loads(run("export_framework", "ptc-cpmm"))["version"] == 2
    assert json.loads(run("export_framework", "ptc-cpmm", "--version", "1"))["version"] == 1


def test_load_frameworks_twice_reports_unchanged() -> None:
    run("load_frameworks")
    second = run("load_frameworks")
    assert second.count("unchanged") == 2
