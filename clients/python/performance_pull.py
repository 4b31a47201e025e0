#!/usr/bin/env python3
"""Pull a dataset from the QA platform incrementally and load it with pandas.

A script a Performance Team analyst can copy. The first run pulls the whole dataset; later
runs pull only the rows changed since the last run (`updated_since`), merge them into the
saved copy by `id`, and keep the cursor in a small JSON file beside it.

    export QA_BASE_URL=https://qa.council.example
    export QA_TOKEN=qasa_...            # a service account with exports:read
    python3 performance_pull.py judgements --out judgements.csv

The column types come from the data dictionary (`GET /api/v1/exports`), so the frame has
the right dtypes: Int64 for numbers, boolean, datetimes in UTC, strings for codes and ids.
"""
import argparse
import io
import json
import os
import sys
import urllib.parse
import urllib.request
from datetime import datetime, timezone

import pandas as pd

PANDAS_DTYPES = {
    "uuid": "string",
    "code": "string",
    "code_list": "string",
    "integer": "Int64",
    "boolean": "boolean",
}


def call(base, token, path):
    request = urllib.request.Request(base.rstrip("/") + path)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Accept", "text/csv")
    with urllib.request.urlopen(request, timeout=600) as response:
        return response.read()


def columns_of(base, token, dataset):
    dictionary = json.loads(call(base, token, "/api/v1/exports"))
    for entry in dictionary["datasets"]:
        if entry["name"] == dataset:
            return entry["columns"]
    sys.exit(f"no dataset called {dataset}")


def read_export(raw, columns):
    """The CSV as a frame with the dictionary's types (read_csv unchanged, then dtypes)."""
    dtypes = {c["name"]: PANDAS_DTYPES[c["kind"]] for c in columns if c["kind"] in PANDAS_DTYPES}
    dates = [c["name"] for c in columns if c["kind"] in ("date", "datetime")]
    frame = pd.read_csv(io.BytesIO(raw), dtype=dtypes, keep_default_na=False,
                        na_values={name: [""] for name in dtypes if dtypes[name] != "string"})
    for name in dtypes:
        if dtypes[name] == "string":
            frame[name] = frame[name].replace("", pd.NA)
    for name in dates:
        frame[name] = pd.to_datetime(frame[name].replace("", pd.NA), utc=True, format="ISO8601")
    return frame


def pull(base, token, dataset, out, state_path):
    columns = columns_of(base, token, dataset)
    state = {}
    if os.path.exists(state_path):
        with open(state_path) as f:
            state = json.load(f)
    # The cursor is when this pull started: a row changed while it runs comes again next time
    # (updated_since is inclusive) rather than being missed.
    started = datetime.now(timezone.utc).isoformat()
    query = {"format": "csv"}
    if state.get("updated_since") and os.path.exists(out):
        query["updated_since"] = state["updated_since"]
    raw = call(base, token, f"/api/v1/exports/{dataset}?{urllib.parse.urlencode(query)}")
    fresh = read_export(raw, columns)
    if "updated_since" in query:
        kept = read_export(open(out, "rb").read(), columns)
        merged = pd.concat([kept[~kept["id"].isin(fresh["id"])], fresh], ignore_index=True)
    else:
        merged = fresh
    merged.to_csv(out, index=False, date_format="%Y-%m-%dT%H:%M:%S.%fZ")
    with open(state_path, "w") as f:
        json.dump({"updated_since": started, "rows": len(merged)}, f)
    print(f"{dataset}: {len(fresh)} rows pulled, {len(merged)} in {out}")
    return merged


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", help="audits, judgements, actions, escalations, observations or feedback")
    parser.add_argument("--out", help="the CSV to keep (default: DATASET.csv)")
    parser.add_argument("--base", default=os.environ.get("QA_BASE_URL", "http://127.0.0.1:8080"))
    args = parser.parse_args()
    token = os.environ.get("QA_TOKEN") or sys.exit("set QA_TOKEN to a service token")
    out = args.out or f"{args.dataset}.csv"
    pull(args.base, token, args.dataset, out, out + ".cursor.json")


if __name__ == "__main__":
    main()
