#!/usr/bin/env python3
"""Push the case management system's teams, staff and cases to the QA platform.

A script a council integrator can copy. It reads CSV files exported from the CMS, one row per
record, with a column for each field of the upsert and `external_ref` (the CMS's own
reference), and sends them through the batch endpoints, at most 1,000 rows a request:

    teams.csv   external_ref,name,service_ref[,active]
    staff.csv   external_ref,email,display_name,team_ref[,job_title][,active]
    cases.csv   external_ref,display_name,category,team_ref[,birth_month]
                [,allocated_worker_ref][,case_manager_ref][,status][,closed_on]

    export QA_BASE_URL=https://qa.council.example
    export QA_TOKEN=qasa_...   # a service account with teams:write, staff:write, cases:write
    python3 cms_sync.py --teams teams.csv --staff staff.csv --cases cases.csv

Teams go first, then staff, then cases, since each names the ones before by reference. An
empty cell leaves the field out; `active` reads true/false (also yes/no, 1/0). Sending the same
files again changes nothing: every row is reported `unchanged`.

Each batch carries its own Idempotency-Key, and a batch whose answer was lost (the network,
a restart: a 5xx or no answer) is sent again with the same key, so it never runs twice. Each
row is answered on its own: created, changed, unchanged, or refused with the field and the
reason. A leaver's open actions are counted, to reassign. The exit code is 1 if any row was
refused (or a whole batch was), 0 otherwise.
"""
import argparse
import csv
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid

BATCH_LIMIT = 1000
BOOLEAN_COLUMNS = {"active"}
TRUE = {"true", "yes", "y", "1"}
FALSE = {"false", "no", "n", "0"}
RETRIES = 3


def read_rows(path):
    """The CSV's rows as upsert items, each with the line it came from (the header is line 1)."""
    items = []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        for line, row in enumerate(reader, start=2):
            item = {}
            for column, value in row.items():
                if column is None:
                    continue  # more cells than columns: left out, the server names what is missing
                column = column.strip()
                value = (value or "").strip()
                if not column or value == "":
                    continue
                if column in BOOLEAN_COLUMNS:
                    lowered = value.lower()
                    if lowered in TRUE:
                        value = True
                    elif lowered in FALSE:
                        value = False
                    # anything else is sent as it is, for the server to refuse naming the field
                item[column] = value
            items.append((line, item))
    return items


def post_batch(base, token, kind, items):
    """POSTs one batch; answers (status, body). Retries a lost answer with the same key."""
    key = str(uuid.uuid4())
    body = json.dumps({"items": items}).encode("utf-8")
    url = f"{base.rstrip('/')}/api/v1/integration/{kind}:batch"
    for attempt in range(1, RETRIES + 1):
        request = urllib.request.Request(url, data=body, method="POST")
        request.add_header("Authorization", f"Bearer {token}")
        request.add_header("Content-Type", "application/json")
        request.add_header("Idempotency-Key", key)
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raw = error.read()
            if error.code >= 500 and attempt < RETRIES:
                time.sleep(2 * attempt)
                continue
            try:
                return error.code, json.loads(raw or b"{}")
            except ValueError:
                return error.code, {"detail": raw.decode("utf-8", "replace")[:500]}
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            if attempt < RETRIES:
                time.sleep(2 * attempt)
                continue
            return 0, {"detail": f"no answer from {url}: {error}"}
    return 0, {"detail": "no answer"}


def problem_text(problem):
    """`field: reason; field: reason`, or the problem's detail when it names no field."""
    errors = problem.get("errors") or []
    if errors:
        return "; ".join(f"{e.get('field')}: {e.get('message')}" for e in errors)
    return problem.get("detail") or problem.get("title") or "refused"


def sync(base, token, kind, path, out=print, batch_size=BATCH_LIMIT):
    """Pushes one CSV file; answers the count of each outcome ("refused" includes batches
    refused whole)."""
    counts = {"created": 0, "changed": 0, "unchanged": 0, "refused": 0}
    rows = read_rows(path)
    for start in range(0, len(rows), batch_size):
        chunk = rows[start:start + batch_size]
        status, answer = post_batch(base, token, kind, [item for _, item in chunk])
        if status != 200:
            counts["refused"] += len(chunk)
            out(f"{kind}: rows {chunk[0][0]}-{chunk[-1][0]}: batch refused ({status}): "
                f"{problem_text(answer)}")
            continue
        for result in answer.get("results", []):
            line, item = chunk[result["index"]]
            reference = result.get("external_ref") or item.get("external_ref") or "(no external_ref)"
            outcome = result["outcome"]
            counts[outcome] = counts.get(outcome, 0) + 1
            if outcome == "refused":
                out(f"{kind}: row {line} {reference}: refused: {problem_text(result.get('problem') or {})}")
                continue
            text = f"{kind}: row {line} {reference}: {outcome} (version {result.get('version')})"
            actions = result.get("open_actions")
            if actions:
                text += f"; leaver with {len(actions)} open action(s) to reassign: " + ", ".join(
                    f"{a['id']} due {a['due_on']}" for a in actions)
            out(text)
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", help="CSV of teams")
    parser.add_argument("--staff", help="CSV of staff")
    parser.add_argument("--cases", help="CSV of cases")
    parser.add_argument("--base-url", default=os.environ.get("QA_BASE_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--token", default=os.environ.get("QA_TOKEN"),
                        help="service account token (default: the QA_TOKEN environment variable)")
    parser.add_argument("--batch-size", type=int, default=BATCH_LIMIT,
                        help=f"rows a request, 1 to {BATCH_LIMIT}")
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("a service token is needed: --token or QA_TOKEN")
    if not 1 <= args.batch_size <= BATCH_LIMIT:
        parser.error(f"--batch-size must be 1 to {BATCH_LIMIT}")
    files = [(kind, path) for kind, path in
             (("teams", args.teams), ("staff", args.staff), ("cases", args.cases)) if path]
    if not files:
        parser.error("name at least one of --teams, --staff, --cases")
    refused = 0
    for kind, path in files:
        counts = sync(args.base_url, args.token, kind, path, batch_size=args.batch_size)
        refused += counts["refused"]
        print(f"{kind}: " + ", ".join(f"{n} {outcome}" for outcome, n in counts.items()))
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
