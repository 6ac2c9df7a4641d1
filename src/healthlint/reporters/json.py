"""JSON output: an array of finding objects (the stable contract other tools read)."""
from __future__ import annotations

import json


def render(result, **_) -> str:
    return json.dumps([d.to_dict() for d in result.diagnostics], indent=2, ensure_ascii=False) + "\n"
