"""`serviceladder backup` then `restore` into a fresh home gives the same database, store and uploads."""

import io
import json
import tarfile
import threading

import pytest
from django.db import connection

from serviceladder.audit.models import AuditEvent
from serviceladder.backup.database import row_counts
from serviceladder.backup.services import BACKUP_ACTION, RESTORE_ACTION
from serviceladder.cli.main import main
from serviceladder.metrics.interactions.store import store_lock, store_root
from serviceladder.metrics.models import MonthlyMetric
from serviceladder.org.models import Employee
from tests.backup.conftest import UPLOAD, tree


def _manifest(archive) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def _rewrite(archive, target, change) -> None:
    """A copy of `archive` with `change(name, data) -> data | None` applied to each member (None: dropped)."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(target, "w:gz") as out:
        for member in src.getmembers():
            data = change(member.name, src.extractfile(member).read())
            if data is not None:
                member.size = len(data)
                out.addfile(member, io.BytesIO(data))


def test_backup_then_restore_into_a_fresh_home_gives_the_same_data(source, fresh, tmp_path, capsys):
    archive = tmp_path / "backup.tar.gz"
    counts = row_counts()
    names = sorted(Employee.objects.values_list("number", "name"))
    figures = sorted(
        MonthlyMetric.objects.values_list("employee__number", "month", "contacts", "aht_seconds")
    )
    assert main(["backup", str(archive), "--as", "hr1"]) == 0
    assert "Backup written" in capsys.readouterr().out

    manifest = _manifest(archive)
    assert manifest["database_vendor"] == connection.vendor and manifest["format"] == 1
    assert manifest["row_counts"] == counts
    assert f"media/{UPLOAD}" in manifest["files"] and any(
        n.startswith("interactions/") for n in manifest["files"]
    )
    event = AuditEvent.objects.get(action=BACKUP_ACTION)
    assert (
        event.actor.username == "hr1" and event.after["store_files"] >= 2 and event.after["media_files"] == 1
    )

    done = fresh.run("restore", str(archive), "--as", "hr1")
    assert done.returncode == 0, done.stderr
    for table, expected in counts.items():
        got = fresh.query(f'SELECT count(*) FROM "{table}"')[0][0]  # noqa: S608
        assert got == expected + (table == AuditEvent._meta.db_table), table
    assert sorted(fresh.query("SELECT number, name FROM org_employee")) == names
    restored = fresh.query(
        "SELECT e.number, m.month, m.contacts, m.aht_seconds FROM metrics_monthlymetric m "
        "JOIN org_employee e ON e.id = m.employee_id"
    )
    assert sorted(restored) == figures and figures
    assert fresh.query("SELECT action FROM audit_auditevent ORDER BY id DESC LIMIT 1") == [(RESTORE_ACTION,)]
    assert tree(fresh.home / "interactions") == tree(store_root()) != {}
    assert tree(fresh.home / "media") == tree(source.media) == {UPLOAD: (source.media / UPLOAD).read_bytes()}

    # The audit triggers came with the data, and a second restore over it needs --force.
    with pytest.raises(Exception, match="append-only"):
        fresh.query("DELETE FROM audit_auditevent")
    again = fresh.run("restore", str(archive))
    assert again.returncode == 2 and "--force" in again.stderr
    forced = fresh.run("restore", str(archive), "--force", "--as", "hr1")
    assert forced.returncode == 0, forced.stderr
    assert fresh.query("SELECT count(*) FROM org_employee") == [(3,)]


def test_restore_checks_the_archive_before_touching_anything(source, fresh, tmp_path, capsys):
    archive = tmp_path / "backup.tar.gz"
    assert main(["backup", str(archive), "--as", "hr1"]) == 0
    damaged = tmp_path / "damaged.tar.gz"
    _rewrite(archive, damaged, lambda name, data: data + b"!" if name == f"media/{UPLOAD}" else data)
    done = fresh.run("restore", str(damaged))
    assert done.returncode == 2 and "does not match its checksum" in done.stderr
    assert not (fresh.home / "media").exists() or not tree(fresh.home / "media")

    def other_vendor(name, data):
        if name != "manifest.json":
            return data
        return json.dumps({**json.loads(data), "database_vendor": "oracle"}).encode()

    _rewrite(archive, damaged, other_vendor)
    assert "oracle" in fresh.run("restore", str(damaged)).stderr

    (tmp_path / "not-a-backup.tar.gz").write_bytes(b"plain text")
    assert fresh.run("restore", str(tmp_path / "not-a-backup.tar.gz")).returncode == 2


def test_an_archive_with_an_entry_outside_its_sections_is_refused(source, tmp_path, capsys):
    archive = tmp_path / "backup.tar.gz"
    assert main(["backup", str(archive), "--as", "hr1"]) == 0
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "r:gz") as src, tarfile.open(evil, "w:gz") as out:
        for member in src.getmembers():
            out.addfile(member, src.extractfile(member))
        info = tarfile.TarInfo("../../outside.txt")
        info.size = 2
        out.addfile(info, io.BytesIO(b"hi"))
    assert main(["restore", str(evil), "--force"]) == 2
    assert "unexpected entry" in capsys.readouterr().err
    assert not (tmp_path / "outside.txt").exists() and not (tmp_path.parent / "outside.txt").exists()
    assert Employee.objects.count() == 3


def test_a_backup_never_overwrites_a_file(source, tmp_path, capsys):
    target = tmp_path / "exists.tar.gz"
    target.write_bytes(b"keep me")
    assert main(["backup", str(target), "--as", "hr1"]) == 2
    assert target.read_bytes() == b"keep me"
    assert "already exists" in capsys.readouterr().err


def test_a_backup_waits_for_a_running_interactions_import(source, tmp_path):
    """The store lock an import holds until its transaction committed: the snapshot waits for it."""
    archive = tmp_path / "backup.tar.gz"
    result = {}
    with store_lock(store_root()):
        worker = threading.Thread(
            target=lambda: result.update(rc=main(["backup", str(archive), "--as", "hr1"]))
        )
        worker.start()
        worker.join(timeout=1.0)
        assert worker.is_alive() and not archive.exists()
    worker.join(timeout=30)
    assert result == {"rc": 0} and archive.exists()


@pytest.mark.postgres_only  # pg_dump is for PostgreSQL
def test_a_missing_pg_dump_is_a_clear_error(source, tmp_path, monkeypatch, capsys):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["backup", str(tmp_path / "b.tar.gz"), "--as", "hr1"]) == 2
    assert "pg_dump was not found on PATH" in capsys.readouterr().err
    assert not (tmp_path / "b.tar.gz").exists()
