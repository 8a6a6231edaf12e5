from __future__ import annotations

import pytest

from polypanel.provision.staging import ConfigDir


def test_stage_never_writes_through_to_live_files(tmp_path):
    live = ConfigDir(tmp_path / "conf")
    live.stage({"a.conf": "one", "b.conf": "bee"}).commit().forget()
    staging = live.stage({"a.conf": "two", "c.conf": "new"}, deletes=["b.conf"])
    assert (live.path / "a.conf").read_text() == "one" and (live.path / "b.conf").exists()
    assert sorted(staging.names()) == ["a.conf", "c.conf"]
    commit = staging.commit()
    assert not staging.path.exists()
    assert live.files() == ["a.conf", "c.conf"] and live.read("a.conf") == b"two"
    commit.restore()
    assert live.files() == ["a.conf", "b.conf"] and live.read("a.conf") == b"one"


def test_rejected_files_are_kept_beside_and_cleared_on_success(tmp_path):
    live = ConfigDir(tmp_path / "conf")
    live.keep_rejected("a.conf", "broken")
    assert (live.path / "a.conf.err").read_text() == "broken"
    assert live.files() == []
    live.stage({"a.conf": "fixed"}).commit().forget()
    assert not (live.path / "a.conf.err").exists()


def test_revert_and_bad_names(tmp_path):
    live = ConfigDir(tmp_path / "conf")
    live.stage({"a.conf": "one"}).commit().forget()
    staging = live.stage({"a.conf": "two"})
    staging.revert("a.conf")
    assert staging.file("a.conf").read_text() == "one" and not staging.writes
    with pytest.raises(ValueError):
        staging.write("../escape", "x")
    staging.discard()
