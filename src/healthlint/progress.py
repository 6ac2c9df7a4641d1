"""A progress bar for long runs on a terminal, drawn on standard error. The CLI decides when to
show it (a terminal, a human format, not --quiet, enough drafts); the engine only reports how
far it got through `lint_paths(progress=...)`."""
from __future__ import annotations

import sys
from typing import TextIO

MIN_DRAFTS = 20  # fewer drafts finish too fast for a bar to help
WIDTH = 28


class ProgressBar:
    def __init__(self, stream: TextIO | None = None, min_total: int = MIN_DRAFTS):
        self.stream = stream or sys.stderr
        self.min_total = min_total
        self.drawn = False
        self.last = (-1, "")

    def __call__(self, done: int, total: int, stage: str = "checking") -> None:
        if total < self.min_total:
            return
        filled = WIDTH * done // total if total else WIDTH
        state = (filled, stage) if done < total else (WIDTH + 1, stage)
        if state == self.last:  # redraw only when the bar visibly moves
            return
        self.last = state
        bar = "#" * filled + "-" * (WIDTH - filled)
        self.stream.write(f"\r\x1b[2K{stage} drafts [{bar}] {done}/{total}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Erase the bar so the report starts on a clean line."""
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.drawn = False
