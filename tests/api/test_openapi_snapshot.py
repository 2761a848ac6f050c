"""The OpenAPI document is committed (tests/api/openapi.json): a change to the API shows in
review as a change to that file, and this test fails until the file is updated with

    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi_snapshot.py
"""

import difflib
import json
import os
from pathlib import Path

from django.test import Client

from api.api import api

SNAPSHOT = Path(__file__).with_name("openapi.json")
UPDATE = "UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi_snapshot.py"


def current_document() -> str:
    """The document as the site serves it, pretty-printed with sorted keys."""
    return json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_openapi_document_is_the_committed_snapshot() -> None:
    document = current_document()
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT") == "1":
        SNAPSHOT.write_text(document, encoding="utf-8")
    kept = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    if kept != document:
        diff = difflib.unified_diff(
            kept.splitlines(), document.splitlines(), "openapi.json", "the API now", lineterm=""
        )
        shown = "\n".join(list(diff)[:60])
        raise AssertionError(
            f"The OpenAPI document changed. If that is meant, update the snapshot:\n    {UPDATE}"
            f"\nand commit tests/api/openapi.json.\n{shown}"
        )


def test_the_snapshot_is_what_the_site_serves(client: Client) -> None:
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert json.loads(SNAPSHOT.read_text(encoding="utf-8")) == served.json()
