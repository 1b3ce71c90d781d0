"""Print the API's OpenAPI spec: ``python -m eventwire.serve.openapi > docs/openapi.json``.

The spec does not depend on the store's contents, so it is built over an empty in-memory SQLite
store; a test compares it with the checked-in ``docs/openapi.json``.
"""

from __future__ import annotations

import json
from typing import Any

from ..settings import load_settings
from ..store import Store


def spec() -> dict[str, Any]:
    """The OpenAPI document exactly as the app serves it at ``/openapi.json``."""
    from .app import create_app

    with Store.open("sqlite://") as store:
        return create_app(load_settings({}), store).openapi()


def render() -> str:
    """The spec as stable, indented JSON text (what ``docs/openapi.json`` holds)."""
    return json.dumps(spec(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(render())
