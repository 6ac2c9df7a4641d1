"""JSON Lines output: one finding object a line (the same objects as `--format json`), for
streaming into other tools (jq, log shippers, databases)."""
from __future__ import annotations

import json


def render(result, **_) -> str:
    return "".join(json.dumps(d.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"
                   for d in result.diagnostics)
