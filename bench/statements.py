#!/usr/bin/env python3
"""Database statements per request, read from the server's `qa_db_statements_total` metric on an
otherwise idle server: the cost of the list, a read, and each step of an audit from draft to
submit. Usage: statements.py BASE_URL EMAIL PASSWORD [LIST_QUERY]

The caller must be an auditor with at least one case in scope (a team manager of the demo
council, say). Prints one JSON object.
"""
import json
import sys
import urllib.request

BASE, EMAIL, PASSWORD = sys.argv[1], sys.argv[2], sys.argv[3]
LIST_QUERY = sys.argv[4] if len(sys.argv) > 4 else "limit=50"


def call(method, path, token=None, body=None, headers=None):
    request = urllib.request.Request(BASE + path, method=method)
    if token:
        request.add_header("authorization", "Bearer " + token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        if "content-type" not in (headers or {}):
            request.add_header("content-type", "application/json")
    try:
        with urllib.request.urlopen(request, data) as response:
            return response.status, json.loads(response.read() or b"null"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), error.headers


def statements():
    with urllib.request.urlopen(BASE + "/metrics") as response:
        for line in response.read().decode().splitlines():
            if line.startswith("qa_db_statements_total"):
                return int(float(line.split()[-1]))
    raise SystemExit("no qa_db_statements_total metric")


def measured(label, results, method, path, token, body=None, headers=None):
    before = statements()
    status, answer, response_headers = call(method, path, token, body, headers)
    results[label] = {"status": status, "statements": statements() - before}
    return status, answer, response_headers


def main():
    status, session, _ = call("POST", "/api/v1/auth/login", body={"email": EMAIL, "password": PASSWORD})
    if status != 200:
        raise SystemExit(f"sign-in answered {status}: {session}")
    token = session["access_token"]
    results = {}
    _, page, _ = measured("list", results, "GET", "/api/v1/audits?" + LIST_QUERY, token)
    results["list"]["items"] = len(page.get("items", []))
    if page.get("items"):
        measured("read", results, "GET", "/api/v1/audits/" + page["items"][0]["id"], token)
    _, cases, _ = call("GET", "/api/v1/cases?limit=1&status=open", token)
    case_id = cases["items"][0]["id"]
    _, audit, _ = measured("create", results, "POST", "/api/v1/audits", token,
                           {"kind": "case_file", "case_id": case_id})
    audit_id = audit["id"]
    for n in range(1, 11):
        measured(f"judgement_{n}", results, "PUT", f"/api/v1/audits/{audit_id}/judgements/{n}", token,
                 {"grade": "good", "evidence": "Seen on the file"})
    _, current, _ = call("GET", "/api/v1/audits/" + audit_id, token)
    measured("patch", results, "PATCH", "/api/v1/audits/" + audit_id, token,
             {"overall_grade": "good", "child_views": "Seen", "family_views": "Heard"},
             {"content-type": "application/merge-patch+json", "if-match": f'"{current["version"]}"'})
    status, _, _ = measured("submit", results, "POST", f"/api/v1/audits/{audit_id}/submit", token, {})
    results["judgement"] = results.pop("judgement_1")
    for n in range(2, 11):
        results.pop(f"judgement_{n}")
    print(json.dumps(results, indent=1))


main()
