"""Times every report on a seeded demo council (`make bench`'s reports step).

Usage: reports.py BASE_URL QUARTER OUT.json [REPEATS]

Signs in as the director (every report, the whole council) and as a team manager (their team's
briefing), asks for each report once and then REPEATS times one after another (nothing else
loads the server) and writes the first call's seconds and the minimum, median and maximum of the
repeats per report, with the HTTP status, to OUT.json. The first call is kept apart because it
meets whatever the operating system's file cache lacks since the server started (at 1,000,000
audits on SQLite, an 8 GB file partly pushed out by the PostgreSQL runs between): it says how a
report answers cold, the repeats how it answers in use. The spreadsheet of the quarterly report
is timed as well: it builds every table too.
"""
import json
import statistics
import sys
import time
import urllib.request

base, quarter, out = sys.argv[1], sys.argv[2], sys.argv[3]
repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 5
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def call(path, token=None, body=None, accept="application/json"):
    request = urllib.request.Request(base + path, method="POST" if body else "GET")
    request.add_header("Accept", accept)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if body:
        request.add_header("Content-Type", "application/json")
        request.data = json.dumps(body).encode()
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status, response.read()


def sign_in(email):
    _, body = call("/api/v1/auth/login", body={"email": email, "password": "demo password 1"})
    return json.loads(body)["access_token"]


director = sign_in("director@demo.test")
manager = sign_in("manager.safeguarding-north@demo.test")
team = json.loads(call("/api/v1/me", manager)[1])["team_id"]
asks = [
    (name, f"/api/v1/reports/{name}?quarter={quarter}", director, "application/json")
    for name in ["quarterly-qa", "standards-heatmap", "calibration", "escalations",
                 "participation", "learning-needs"]
]
asks.append(("team-briefing", f"/api/v1/reports/team-briefing?quarter={quarter}&team_id={team}",
             manager, "application/json"))
asks.append(("quarterly-qa.xlsx", f"/api/v1/reports/quarterly-qa?quarter={quarter}", director, XLSX))

results = {}
for name, path, token, accept in asks:
    seconds, statuses = [], set()
    started = time.perf_counter()
    status, _ = call(path, token, accept=accept)
    first = time.perf_counter() - started
    statuses.add(status)
    for _ in range(repeats):
        started = time.perf_counter()
        status, _ = call(path, token, accept=accept)
        seconds.append(time.perf_counter() - started)
        statuses.add(status)
    results[name] = {"first_s": round(first, 3), "min_s": round(min(seconds), 3), "median_s": round(statistics.median(seconds), 3),
                     "max_s": round(max(seconds), 3), "statuses": sorted(statuses)}
    print(f"  {name:22} median {results[name]['median_s']:.3f} s (min {results[name]['min_s']:.3f}, "
          f"max {results[name]['max_s']:.3f}; first call {first:.3f}) {sorted(statuses)}", flush=True)
json.dump({"quarter": quarter, "repeats": repeats, "reports": results}, open(out, "w"), indent=2)
