#!/usr/bin/env python3
"""Backups that restore: `qa-api backup` copies a serving SQLite database under write load,
`qa-api restore` puts the copy in a new place (and refuses to overwrite a database holding data
without --force); every table of the restored database equals the backup's, every row of the
backup is in the live database as it was, and the restored database serves."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Api, api_binary, api_env, free_port, log, request, seed_demo, sign_in  # noqa: E402


# Columns the service changes behind the data after a row is written: the access log's
# `indexed` flag flips once the background indexer has filed the event under its cases.
DERIVED_COLUMNS = {"access_events": {"indexed"}}


def select(db: sqlite3.Connection, table: str) -> str:
    columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
    kept = [c for c in columns if c not in DERIVED_COLUMNS.get(table, set())]
    return "SELECT " + ", ".join(f'"{c}"' for c in kept) + f' FROM "{table}"'


def tables(path: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {n: sorted(db.execute(select(db, n)).fetchall(), key=repr) for n in names}
    finally:
        db.close()


def cli(binary: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(binary), *args], env=env, capture_output=True, text=True)


def main() -> int:
    binary = api_binary()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="qa-backup-") as tmp:
        work = Path(tmp)
        live = work / "live" / "qa.db"
        port = free_port()
        env = api_env(f"sqlite://{live}", port)
        seed_demo(binary, env)
        api = Api(binary, env, work / "api.log")
        api.start()
        api.wait_ready()
        token = sign_in(port, "director@demo.test")
        _, _, page = request("GET", port, "/api/v1/cases?limit=500", token=token)
        cases = [c["id"] for c in page["items"]]
        stop = threading.Event()
        created = [0]

        def write(n: int) -> None:
            while not stop.is_set():
                status, _, body = request("POST", port, "/api/v1/audits",
                                          {"kind": "case_file", "case_id": cases[n % len(cases)]}, token)
                if status == 201:
                    created[0] += 1
                    request("GET", port, f"/api/v1/audits/{body['id']}", token=token)

        writers = [threading.Thread(target=write, args=(n,), daemon=True) for n in range(4)]
        for w in writers:
            w.start()
        time.sleep(1.5)
        backup = work / "backups" / "qa-backup.db"
        backup.parent.mkdir()
        before = created[0]
        made = cli(binary, env, "backup", "--to", str(backup))
        log(made.stdout.splitlines()[0] if made.returncode == 0 else made.stderr)
        if made.returncode != 0:
            failures.append(f"backup failed: {made.stderr}")
        again = cli(binary, env, "backup", "--to", str(backup))
        if again.returncode == 0 or "exists" not in again.stderr:
            failures.append("a second backup over the first was not refused")
        time.sleep(1.0)
        stop.set()
        for w in writers:
            w.join()
        after = created[0]
        # Stopping the service checkpoints its WAL, so the live file alone is the final state.
        api.terminate()

        restored = work / "restored" / "qa.db"
        restored_env = api_env(f"sqlite://{restored}", free_port())
        first = cli(binary, restored_env, "restore", "--from", str(backup))
        if first.returncode != 0:
            failures.append(f"restore into a new place failed: {first.stderr}")
        refused = cli(binary, restored_env, "restore", "--from", str(backup))
        if refused.returncode == 0 or "holds data" not in refused.stderr:
            failures.append("restore over a database holding data was not refused")
        forced = cli(binary, restored_env, "restore", "--from", str(backup), "--force")
        if forced.returncode != 0:
            failures.append(f"restore --force failed: {forced.stderr}")
        over_live = cli(binary, env, "restore", "--from", str(backup))
        if over_live.returncode == 0:
            failures.append("restore over the live database was not refused")

        backed, back, now = tables(backup), tables(restored), tables(live)
        if backed != back:
            differing = [t for t in backed if backed.get(t) != back.get(t)]
            failures.append(f"restored tables differ from the backup: {differing}")
        for table, rows in backed.items():
            missing = set(rows) - set(now.get(table, []))
            if missing:
                failures.append(f"{table}: {len(missing)} backup rows are not in the live database")
        db = sqlite3.connect(backup)
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        db.close()
        if problems:
            failures.append(f"the backup breaks foreign keys: {problems[:5]}")
        audits_in_backup = len(backed.get("audits", []))
        if not 0 < audits_in_backup < len(now.get("audits", [])):
            failures.append(f"the backup was not taken under load ({audits_in_backup} audits of "
                            f"{len(now.get('audits', []))})")

        served = Api(binary, restored_env, work / "restored.log")
        served.start()
        served.wait_ready()
        token = sign_in(served.port, "director@demo.test")
        status, _, page = request("GET", served.port, "/api/v1/audits?limit=500", token=token)
        if status != 200 or not page["items"]:
            failures.append(f"the restored database does not serve its audits: {status}")
        served.terminate()
        log(f"backup under load: {len(backed)} tables compared, {audits_in_backup} audits in the "
            f"backup (writes acknowledged before it {before}, by the end {after}), "
            f"{sum(len(r) for r in backed.values())} rows")
    for failure in failures:
        log(f"FAILED: {failure}")
    log(f"backup: {0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
