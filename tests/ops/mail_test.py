#!/usr/bin/env python3
"""E-mail through a real SMTP server (aiosmtpd): notifications go by e-mail to those who chose
it for their kind, urgent ones (a high safeguarding alert) to everyone told; an e-mail names no
child and links to the record; a reminder arrives once however often the scheduler sweeps; a
mail server that is down loses nothing and is caught up with when it is back."""

from __future__ import annotations

import email
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Api, api_binary, api_env, free_port, log, request, seed_demo, sign_in  # noqa: E402


class Inbox:
    """The messages the SMTP server accepted."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content)
        body = message.get_payload(decode=True).decode("utf-8", "replace")
        self.messages.append((list(envelope.rcpt_tos), f"{message['Subject']}\n{body}"))
        return "250 OK"

    def to(self, address: str) -> list[str]:
        return [text for recipients, text in self.messages if address in recipients]


def run_jobs(port: int, token: str) -> dict:
    status, _, body = request("POST", port, "/api/v1/test/jobs/run", {}, token)
    if status != 200:
        raise RuntimeError(f"jobs run answered {status}: {body}")
    return body


def move_clock(port: int, token: str, hours: float) -> None:
    now = (datetime.now(timezone.utc) + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
    status, _, body = request("PUT", port, "/api/v1/test/clock", {"now": now}, token)
    if status != 200:
        raise RuntimeError(f"clock answered {status}: {body}")


def main() -> int:
    binary = api_binary()
    failures: list[str] = []
    smtp_port = free_port()
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    with tempfile.TemporaryDirectory(prefix="qa-mail-") as tmp:
        work = Path(tmp)
        port = free_port()
        env = api_env(f"sqlite://{work}/qa.db", port, QA_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
                      QA_TEST_CLOCK="1", QA_JOBS_INTERVAL_SECS="0",
                      QA_PUBLIC_URL="https://qa.council.test")
        seed_demo(binary, env)
        api = Api(binary, env, work / "api.log")
        api.start()
        api.wait_ready()
        try:
            manager = sign_in(port, "manager.assessment-north@demo.test")
            admin = sign_in(port, "admin@demo.test")
            _, _, cases = request("GET", port, "/api/v1/cases?limit=50&sort=created_at", token=manager)
            case = next(c for c in cases["items"] if c.get("allocated_worker_id"))
            _, _, worker = request("GET", port, f"/api/v1/users/{case['allocated_worker_id']}", token=admin)
            worker_token = sign_in(port, worker["email"])
            status, _, prefs = request("PUT", port, "/api/v1/me/notification-preferences",
                                       {"remedial_action_raised": True, "action_due_soon": True}, worker_token)
            if status != 200 or not prefs["email_available"]:
                failures.append(f"preferences answered {status}: {prefs}")
            _, _, audit = request("POST", port, "/api/v1/audits",
                                  {"kind": "case_file", "case_id": case["id"]}, manager)
            due = (datetime.now(timezone.utc) + timedelta(days=2)).strftime("%Y-%m-%d")
            status, _, action = request("POST", port, f"/api/v1/audits/{audit['id']}/remedial-actions",
                                        {"description": "Record the child's words", "due_on": due}, manager)
            if status != 201:
                failures.append(f"remedial action answered {status}")
            # The sweep that sends it also finds the action due within days: its reminder, which
            # the worker chose too, goes with it.
            sent = run_jobs(port, manager)["mail"]
            mails = [m for m in inbox.to(worker["email"]) if "remedial action" in m]
            if sent.get("sent") != 2 or len(mails) != 1:
                failures.append(f"the worker's chosen e-mails: sent {sent}, remedial {len(mails)}")
            else:
                text = mails[0]
                if "A remedial action was raised" not in text:
                    failures.append("the e-mail does not say what happened")
                if f"https://qa.council.test/actions/{action['id']}" not in text:
                    failures.append(f"the e-mail does not link to the action: {text}")
                for secret in (case["display_name"], case["external_ref"], "Record the child"):
                    if secret in text:
                        failures.append(f"the e-mail carries {secret!r}")
            manager_email = "manager.assessment-north@demo.test"
            if inbox.to(manager_email):
                failures.append("the manager, who did not choose e-mail, got one")

            # The due-soon reminder arrives once, however often the scheduler sweeps.
            for _ in range(3):
                run_jobs(port, manager)
            reminders = [m for m in inbox.to(worker["email"]) if "is due soon" in m]
            if len(reminders) != 1:
                failures.append(f"due-soon reminders e-mailed: {len(reminders)}, expected 1")

            # The server goes down: nothing is lost, and the e-mail comes once it is back.
            smtp.stop()
            request("POST", port, f"/api/v1/audits/{audit['id']}/alerts",
                    {"concern": "Unsafe contact", "severity": "high"}, manager)
            down = run_jobs(port, manager)["mail"]
            if down.get("deferred", 0) < 1 or down.get("sent"):
                failures.append(f"with the server down: {down}")
            smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
            smtp.start()
            before = len(inbox.messages)
            move_clock(port, manager, 1)
            back = run_jobs(port, manager)["mail"]
            arrived = inbox.messages[before:]
            urgent = [rcpt for rcpt, text in arrived if "safeguarding alert" in text]
            # Urgent: the worker (who chose nothing for alerts) and the head of service are told.
            recipients = {address for rcpt in urgent for address in rcpt}
            if worker["email"] not in recipients or "head.assessment@demo.test" not in recipients:
                failures.append(f"the high alert was e-mailed to {sorted(recipients)} ({back})")
            again = run_jobs(port, manager)["mail"]
            if again.get("sent"):
                failures.append(f"an e-mail was sent twice: {again}")
            log(f"mail: {len(inbox.messages)} e-mails received; down {down}, back {back}")
        finally:
            api.terminate()
            smtp.stop()
    for failure in failures:
        log(f"FAIL {failure}")
    log(f"mail: {'1 passed, 0 failed' if not failures else '0 passed, 1 failed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
