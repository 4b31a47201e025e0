#!/usr/bin/env python3
"""The example client `clients/python/performance_pull.py` against a real server: an
administrator makes a service account with `exports:read`; the script pulls every dataset with
its token; pandas reads each CSV unchanged with the dictionary's columns; the typed frames have
the right dtypes and as many rows as the API's lists; a second, incremental pull fetches only
what changed and keeps every row once."""

from __future__ import annotations

import io
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
        page_path = f"{path}?limit=500" + (f"&cursor={cursor}" if cursor else "")
        status, _, page = request("GET", port, page_path, token=token)
        assert status == 200, (path, status, page)
        count += len(page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            return count


def main() -> int:
    binary = api_binary()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="qa-clients-") as tmp:
        work = Path(tmp)
        port = free_port()
        env = api_env(f"sqlite://{work / 'qa.db'}", port)
        run_cli(binary, env, "seed-demo", "--cases", "60", "--audits", "300", "--anchor", "2026-11-25")
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
        finally:
            api.terminate()
    for failure in failures:
        log(f"clients: FAILED {failure}")
    if not failures:
        log("clients: passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
