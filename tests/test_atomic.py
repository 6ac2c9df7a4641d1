"""atomic.replace_file, the one way healthlint replaces a file (fixed drafts, reports, baselines,
user-cache files): the old or the new content, never a part, and no temporary file left."""
from __future__ import annotations

import os
import stat

import pytest

from healthlint.atomic import replace_file


def test_new_content_replaces_the_old_and_keeps_the_mode(tmp_path):
    target = tmp_path / "draft.md"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    replace_file(target, b"new", like=os.stat(target), durable=True)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert os.listdir(tmp_path) == ["draft.md"]


def test_a_veto_before_the_rename_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "draft.md"
    target.write_bytes(b"old")

    def changed_meanwhile():
        raise RuntimeError("changed on disk")

    with pytest.raises(RuntimeError):
        replace_file(target, b"new", before_replace=changed_meanwhile)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["draft.md"]


def test_a_missing_folder_is_an_oserror_for_the_caller_to_report(tmp_path):
    with pytest.raises(OSError):
        replace_file(tmp_path / "no-such-folder" / "report.json", b"{}")
    assert os.listdir(tmp_path) == []
