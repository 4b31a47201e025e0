#!/usr/bin/env python3
"""The example client `clients/python/performance_pull.py` against a real server: an
administrator makes a service account with `exports:read`; the script pulls every dataset with
its token; pandas reads each CSV unchanged with the dictionary's columns; the typed frames have
the right dtypes and as many rows as the API's lists; a second, incremental pull fetches only
what changed and keeps every row once.

And `clients/python/cms_sync.py`: a service account with the three write scopes pushes small
CSV files of teams, staff and cases; the first run creates them and reports the one bad row
refused with its field (exit code 1); the second run reports every good row unchanged.

And `qa-api import-audits --csv FILE`, run beside the serving database as a council would load
its spreadsheets: a file with a bad row imports nothing (exit 1, the row and column named); the
fixed file imports every row once, a second run imports nothing; the audits are listed on the
day audited and the Performance Team's next incremental pull fetches exactly them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "clients" / "python"))
from harness import Api, api_binary, api_env, free_port, log, request, run_cli, sign_in  # noqa: E402
import performance_pull  # noqa: E402

DATASETS = ["audits", "judgements", "actions", "escalations", "observations", "feedback"]
LISTS = {"audits": "/api/v1/audits", "actions": "/api/v1/actions",
         "escalations": "/api/v1/escalations", "observations": "/api/v1/observations",
         "feedback": "/api/v1/feedback"}


def listed(port: int, token: str, path: str) -> int:
    count, cursor = 0, None
    while True:
        page_path = f"{path}{'&' if '?' in path else '?'}limit=500" + (f"&cursor={cursor}" if cursor else "")
        status, _, page = request("GET", port, page_path, token=token)
        assert status == 200, (path, status, page)
        count += len(page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            return count


CMS_TEAMS = """external_ref,name,service_ref,active
CMS-T1,Sync Team North,CMS-SVC,true
CMS-T2,Sync Team South,CMS-SVC,
"""
CMS_STAFF = """external_ref,email,display_name,team_ref,job_title,active
CMS-S1,sync.one@example.test,Sync One,CMS-T1,Social Worker,
CMS-S2,sync.two@example.test,Sync Two,CMS-T2,Unmapped Title,yes
CMS-S3,sync.three@example.test,Sync Three,NO-SUCH-TEAM,Social Worker,
"""
CMS_CASES = """external_ref,display_name,category,team_ref,birth_month,allocated_worker_ref,status
CMS-C1,A.B.,child_in_need,CMS-T1,2016-03,CMS-S1,open
CMS-C2,C.D.,child_protection,CMS-T2,,,
"""


def cms_sync(port: int, work: Path, admin: str) -> list[str]:
    """Two runs of cms_sync.py over the same CSV files, as a council's nightly job would."""
    failures: list[str] = []
    # The CMS names a service by its reference: an administrator gives one of the demo's one.
    status, _, units = request("GET", port, "/api/v1/org-units?limit=500", token=admin)
    assert status == 200, (status, units)
    service = sorted((u for u in units["items"] if u["kind"] == "service"), key=lambda u: u["name"])[0]
    status, _, patched = request("PATCH", port, f"/api/v1/org-units/{service['id']}",
                                 {"external_ref": "CMS-SVC"}, token=admin,
                                 headers={"if-match": f'"{service["version"]}"'})
    assert status == 200, (status, patched)
    status, _, mapping = request("POST", port, "/api/v1/job-title-roles",
                                 {"job_title": "Social Worker", "role": "practitioner"}, token=admin)
    assert status == 201, (status, mapping)
    status, _, account = request("POST", port, "/api/v1/service-accounts", {
        "name": "CMS sync", "scopes": ["teams:write", "staff:write", "cases:write"],
        "expires_on": "2027-06-30"}, token=admin)
    assert status == 201, (status, account)
    files = {}
    for kind, text in (("teams", CMS_TEAMS), ("staff", CMS_STAFF), ("cases", CMS_CASES)):
        files[kind] = work / f"cms-{kind}.csv"
        files[kind].write_text(text, encoding="utf-8")
    script = Path(__file__).resolve().parents[2] / "clients" / "python" / "cms_sync.py"
    env = dict(os.environ, QA_BASE_URL=f"http://127.0.0.1:{port}", QA_TOKEN=account["token"])
    runs = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, str(script), "--teams", str(files["teams"]),
             "--staff", str(files["staff"]), "--cases", str(files["cases"])],
            env=env, capture_output=True, text=True, timeout=300)
        runs.append(done)
        log("clients: cms_sync said:\n" + done.stdout + done.stderr)
    first, second = runs
    for number, run in ((1, first), (2, second)):
        if run.returncode != 1:
            failures.append(f"cms_sync run {number}: exit code {run.returncode}, wanted 1 (a row refused)")
        refused = [line for line in run.stdout.splitlines() if ": refused:" in line]
        if len(refused) != 1 or "CMS-S3" not in refused[0] or "team_ref:" not in refused[0]:
            failures.append(f"cms_sync run {number}: refused lines {refused}, wanted CMS-S3 on team_ref")
    created = [line for line in first.stdout.splitlines() if ": created " in line]
    if len(created) != 6:
        failures.append(f"cms_sync first run: {len(created)} rows created, wanted 6")
    item_lines = [line for line in second.stdout.splitlines() if ": row " in line]
    unchanged = [line for line in item_lines if ": unchanged " in line]
    if len(unchanged) != 6 or len(item_lines) != 7:
        failures.append(f"cms_sync second run: {len(unchanged)} of {len(item_lines)} rows unchanged, wanted 6 of 7")
    if not any(line.startswith("staff:") and "1 refused" in line for line in second.stdout.splitlines()):
        failures.append("cms_sync second run: no staff summary with 1 refused")
    # The first case names its worker, who got the mapped role and so covers the team.
    status, _, cases = request("GET", port, "/api/v1/cases?limit=500", token=sign_in(port, "director@demo.test"))
    assert status == 200, (status, cases)
    synced = {c["external_ref"]: c for c in cases["items"] if c.get("external_ref", "").startswith("CMS-C")}
    if sorted(synced) != ["CMS-C1", "CMS-C2"] or synced["CMS-C1"].get("allocated_worker_id") is None:
        failures.append(f"cms_sync: cases read back {synced}")
    if not failures:
        log("clients: cms_sync created, then reported unchanged, and refused the bad row by its field")
    return failures


PAST_AUDITS = (
    "case_ref,audited_on,auditor_email,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10,overall\n"
    "DEMO-000001,2025-06-30,qa1@demo.test,Good,Good,Requires improvement,Good,Good,Good,Good,n/a,Good,Good,Good\n"
    "DEMO-000002,2025-06-30,QA2@demo.test,good,good,good,good,good,good,good,good,good,good,outstanding\n"
    "DEMO-000003,2025-06-30,qa1@demo.test,inadequate,good,good,good,good,good,good,good,good,good,inadequate\n"
)


def import_history(binary: Path, env: dict[str, str], work: Path, port: int, token: str, base: str) -> list[str]:
    """Past audits through the command line while the service serves, then pulled incrementally."""
    failures: list[str] = []
    director = sign_in(port, "director@demo.test")
    day = "/api/v1/audits?submitted_from=2025-06-30&submitted_to=2025-06-30"
    bad = work / "past-bad.csv"
    bad.write_text(PAST_AUDITS + "DEMO-999999,2025-06-31,qa1@demo.test,good,good,good,good,good,good,good,good,good,good,good\n")
    done = subprocess.run([str(binary), "import-audits", "--csv", str(bad)], env=env,
                          capture_output=True, text=True, timeout=120)
    log("clients: import-audits (a bad row) said:\n" + done.stdout + done.stderr)
    if done.returncode != 1 or "line 5: case_ref: names no case" not in done.stderr \
            or "line 5: audited_on:" not in done.stderr:
        failures.append(f"import-audits with a bad row: exit {done.returncode}, {done.stderr!r}")
    if listed(port, director, day) != 0:
        failures.append("import-audits kept rows from a refused file")
    good = work / "past.csv"
    good.write_text(PAST_AUDITS)
    audits = work / "audits.csv"
    before = len(pd.read_csv(audits))
    first = run_cli(binary, env, "import-audits", "--csv", str(good))
    second = run_cli(binary, env, "import-audits", "--csv", str(good))
    log("clients: import-audits said:\n" + first + second)
    if not first.startswith("imported 3 past audits") or "imported before (3 audits)" not in second:
        failures.append(f"import-audits runs said {first!r} then {second!r}")
    if listed(port, director, day) != 3:
        failures.append(f"{listed(port, director, day)} audits listed on the day imported, wanted 3")
    pulled = performance_pull.pull(base, token, "audits", str(audits), str(audits) + ".cursor.json")
    if len(pulled) != before + 3 or pulled["id"].duplicated().any():
        failures.append(f"incremental pull after the import: {len(pulled)} rows, wanted {before} + 3")
    if not failures:
        log("clients: import-audits refused the bad file whole, imported the good one once, and the pull saw it")
    return failures


def report_into_a_closed_pipe(binary: Path, env: dict[str, str]) -> list[str]:
    """`seed-demo | head`: a reader that has gone before the report is written. The command
    ends as it would have (here: already seeded, nothing to do), without a panic."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        again = subprocess.run([str(binary), "seed-demo", "--cases", "60", "--audits", "300",
                                "--anchor", "2026-11-25"],
                               env=env, stdout=write_end, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write_end)
    if again.returncode != 0 or "panicked" in again.stderr:
        return [f"seed-demo into a closed pipe: exit {again.returncode}: {again.stderr[-300:]}"]
    log("clients: seed-demo's report into a closed pipe ended cleanly")
    return []


def main() -> int:
    binary = api_binary()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="qa-clients-") as tmp:
        work = Path(tmp)
        port = free_port()
        env = api_env(f"sqlite://{work / 'qa.db'}", port)
        run_cli(binary, env, "seed-demo", "--cases", "60", "--audits", "300", "--anchor", "2026-11-25")
        failures += report_into_a_closed_pipe(binary, env)
        api = Api(binary, env, work / "api.log")
        api.start()
        try:
            api.wait_ready()
            base = f"http://127.0.0.1:{port}"
            admin = sign_in(port, "admin@demo.test")
            status, _, account = request("POST", port, "/api/v1/service-accounts", {
                "name": "Performance Team pull", "scopes": ["exports:read"],
                "expires_on": "2027-06-30"}, token=admin)
            assert status == 201, (status, account)
            token = account["token"]
            director = sign_in(port, "director@demo.test")
            for dataset in DATASETS:
                out = work / f"{dataset}.csv"
                frame = performance_pull.pull(base, token, dataset, str(out), str(out) + ".cursor.json")
                columns = [c["name"] for c in performance_pull.columns_of(base, token, dataset)]
                # pandas reads the export itself unchanged.
                with urllib.request.urlopen(urllib.request.Request(
                        f"{base}/api/v1/exports/{dataset}",
                        headers={"Authorization": f"Bearer {token}"})) as response:
                    plain = pd.read_csv(io.BytesIO(response.read()))
                if list(plain.columns) != columns:
                    failures.append(f"{dataset}: pandas read columns {list(plain.columns)}")
                if len(plain) != len(frame):
                    failures.append(f"{dataset}: {len(plain)} rows read plainly, {len(frame)} typed")
                if dataset in LISTS:
                    expected = listed(port, director, LISTS[dataset])
                    if len(frame) != expected:
                        failures.append(f"{dataset}: {len(frame)} rows exported, {expected} listed")
                if dataset == "judgements":
                    # pandas 2 keeps nanoseconds and pandas 3 the microseconds it was given.
                    dtypes = {name: str(frame[name].dtype).replace("[ns, ", "[us, ") for name in
                              ["id", "standard_number", "not_applicable", "updated_at", "grade"]}
                    wanted = {"id": "string", "standard_number": "Int64", "not_applicable": "boolean",
                              "updated_at": "datetime64[us, UTC]", "grade": "string"}
                    if dtypes != wanted:
                        failures.append(f"judgements dtypes {dtypes}, wanted {wanted}")
                    if len(frame) == 0:
                        failures.append("judgements: no rows to check")
                log(f"clients: {dataset}: {len(frame)} rows, columns and dtypes checked")
            # Nothing changed since: the incremental pull fetches nothing and keeps every row.
            audits = work / "audits.csv"
            before = len(pd.read_csv(audits))
            again = performance_pull.pull(base, token, "audits", str(audits), str(audits) + ".cursor.json")
            if len(again) != before or again["id"].duplicated().any():
                failures.append(f"incremental pull: {len(again)} rows after, {before} before")
            failures += import_history(binary, env, work, port, token, base)
            failures += cms_sync(port, work, admin)
        finally:
            api.terminate()
    for failure in failures:
        log(f"clients: FAILED {failure}")
    if not failures:
        log("clients: passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
