"""The lint pipeline, layer by layer: rules (which rules run) -> perfile (one draft) -> workers
(a process pool, told what to run) -> batch (outcome cache, then workers) -> crossfile (what
drafts share) -> filters (selection, severities, suppressions, precedence). api.py composes them."""
