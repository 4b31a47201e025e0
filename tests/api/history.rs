//! Past audits imported from a council's spreadsheets (the integration issue's "History"):
//! all rows or none, once per batch reference, by the QA unit, counted in the reports on the
//! day audited, and logged against each child's case.

use qa_test_macros::both_backends;
use qa_tests::workflow::{setup, Loop};
use qa_tests::{Answer, Backend, TestUser};
use reqwest::Method;
use serde_json::json;

const HEADER: &str = "case_ref,audited_on,auditor_email,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10,overall\n";

fn reference(case_id: &str) -> String {
    format!("CMS-{}", &case_id[case_id.len() - 8..])
}

async fn send(t: &Loop, user: &TestUser, query: &str, csv: &str, content_type: &str) -> Answer {
    t.app
        .send(
            t.app
                .request(
                    Method::POST,
                    &format!("/api/v1/audits/import?{query}"),
                    Some(&user.token),
                )
                .header("content-type", content_type)
                .body(csv.to_string()),
        )
        .await
}

/// A day in the quarter before this one.
fn last_quarter() -> time::Date {
    let today = qa_api::dates::london_today();
    let first_month = (u8::from(today.month()) - 1) / 3 * 3 + 1;
    let quarter_start = time::Date::from_calendar_date(
        today.year(),
        time::Month::try_from(first_month).unwrap(),
        1,
    )
    .unwrap();
    quarter_start - time::Duration::days(20)
}

fn row(t: &Loop, case: &str, day: time::Date, grades: &str, overall: &str) -> String {
    format!(
        "{},{day},{},{grades},{overall}\n",
        reference(case),
        t.c.team_manager.email.to_uppercase()
    )
}

const ALL_GOOD: &str = "good,good,good,good,good,good,good,n/a,good,good";

async fn submitted_count(t: &Loop) -> i64 {
    let listed = t
        .app
        .get(
            "/api/v1/audits?status=submitted&count=true",
            Some(&t.qa.token),
        )
        .await;
    listed.expect(200);
    listed.body["total"].as_i64().unwrap()
}

#[both_backends]
async fn past_audits_are_imported_all_or_none_and_once_per_batch_ref(backend: Backend) {
    let t = setup(backend).await;
    let day = last_quarter();
    let good = format!(
        "{HEADER}{}{}",
        row(&t, &t.c.case_own, day, ALL_GOOD, "Good"),
        row(
            &t,
            &t.c.case_other_service,
            day,
            "Requires improvement,inadequate,good,good,good,good,good,good,good,good",
            "inadequate"
        ),
    );
    let bad = format!("{good}CMS-NOPE,{day},nobody@example.test,{ALL_GOOD},good\n");
    let refused = send(&t, &t.qa, "batch_ref=history-2025", &bad, "text/csv").await;
    refused.expect(422);
    assert_eq!(refused.body["imported"], 0);
    assert_eq!(
        refused.body["errors"],
        json!([
            {"row": 4, "field": "case_ref", "message": "names no case"},
            {"row": 4, "field": "auditor_email", "message": "names no one with an account"}
        ])
    );
    assert_eq!(
        submitted_count(&t).await,
        0,
        "nothing kept from a refused file"
    );

    let checked = send(
        &t,
        &t.qa,
        "batch_ref=history-2025&dry_run=true",
        &good,
        "text/csv",
    )
    .await;
    checked.expect(200);
    assert_eq!(checked.body["dry_run"], true);
    assert_eq!(checked.body["imported"], 2);
    assert_eq!(submitted_count(&t).await, 0, "a dry run keeps nothing");

    let imported = send(&t, &t.qa, "batch_ref=history-2025", &good, "text/csv").await;
    imported.expect(200);
    assert_eq!(imported.body["imported"], 2);
    assert_eq!(imported.body["replayed"], false);
    let again = send(&t, &t.qa, "batch_ref=history-2025", &good, "text/csv").await;
    again.expect(200);
    assert_eq!(again.body["replayed"], true);
    assert_eq!(again.body["imported"], 2);
    assert_eq!(submitted_count(&t).await, 2, "imported once");

    let listed = t
        .app
        .get(
            &format!("/api/v1/audits?case_id={}", t.c.case_other_service),
            Some(&t.qa.token),
        )
        .await;
    listed.expect(200);
    let audit = &listed.body["items"][0];
    assert_eq!(audit["status"], "submitted");
    assert_eq!(audit["overall_grade"], "inadequate");
    assert_eq!(audit["auditor_id"], t.c.team_manager.id.as_str());
    assert_eq!(audit["period_end"], day.to_string());
    let read = t
        .app
        .get(
            &format!("/api/v1/audits/{}", audit["id"].as_str().unwrap()),
            Some(&t.qa.token),
        )
        .await;
    read.expect(200);
    let grades: Vec<_> = read.body["judgements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["grade"].clone())
        .collect();
    assert_eq!(grades.len(), 10);
    assert_eq!(grades[0], "requires_improvement");
    assert_eq!(grades[1], "inadequate");
    // History raises nothing: no escalation for the inadequate grade.
    let escalations = t
        .app
        .get("/api/v1/escalations?count=true", Some(&t.qa.token))
        .await;
    escalations.expect(200);
    assert_eq!(escalations.body["total"], 0);
}

#[both_backends]
async fn past_audits_count_in_the_previous_quarter_of_the_report(backend: Backend) {
    let t = setup(backend).await;
    let day = last_quarter();
    let file = format!(
        "{HEADER}{}{}{}",
        row(&t, &t.c.case_own, day, ALL_GOOD, "good"),
        row(&t, &t.c.case_same_team, day, ALL_GOOD, "outstanding"),
        row(
            &t,
            &t.c.case_own,
            day - time::Duration::days(1),
            ALL_GOOD,
            "good"
        ),
    );
    send(&t, &t.qa, "batch_ref=last-quarter", &file, "text/csv")
        .await
        .expect(200);
    let quarter = |d: time::Date| format!("{}-Q{}", d.year(), (u8::from(d.month()) - 1) / 3 + 1);
    let report = t
        .app
        .get(
            &format!(
                "/api/v1/reports/quarterly-qa?quarter={}",
                quarter(qa_api::dates::london_today())
            ),
            Some(&t.qa.token),
        )
        .await;
    report.expect(200);
    let audits = report.body["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|table| table["name"] == "audits")
        .unwrap();
    let submitted = audits["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[0] == "Audits submitted")
        .unwrap();
    assert_eq!(submitted[1], 0, "none this quarter");
    assert_eq!(submitted[2], 3, "the imported year is the previous period");
}

#[both_backends]
async fn past_audits_are_imported_by_the_qa_unit_with_a_reference_as_csv(backend: Backend) {
    let t = setup(backend).await;
    let file = format!(
        "{HEADER}{}",
        row(&t, &t.c.case_own, last_quarter(), ALL_GOOD, "good")
    );
    for user in [&t.c.team_manager, &t.analyst, &t.c.head_of_service] {
        send(&t, user, "batch_ref=x", &file, "text/csv")
            .await
            .expect_problem(403);
    }
    let missing = send(&t, &t.qa, "", &file, "text/csv").await;
    missing.expect_problem(422);
    assert_eq!(missing.error_fields(), vec!["batch_ref"]);
    let dry = send(&t, &t.qa, "batch_ref=x&dry_run=maybe", &file, "text/csv").await;
    dry.expect_problem(422);
    assert_eq!(dry.error_fields(), vec!["dry_run"]);
    send(&t, &t.qa, "batch_ref=x", &file, "application/json")
        .await
        .expect_problem(415);
    let header = send(&t, &t.qa, "batch_ref=x", "case,date\n", "text/csv").await;
    header.expect(422);
    assert_eq!(header.body["errors"][0]["field"], "header");
    assert_eq!(submitted_count(&t).await, 0);
}

#[both_backends]
async fn each_imported_audit_is_logged_against_its_case(backend: Backend) {
    let t = setup(backend).await;
    let dpo = t
        .app
        .create_user("Dee Pio", &["dpo"], Some(&t.c.directorate));
    let file = format!(
        "{HEADER}{}",
        row(&t, &t.c.case_own, last_quarter(), ALL_GOOD, "good")
    );
    send(&t, &t.qa, "batch_ref=logged", &file, "text/csv")
        .await
        .expect(200);
    let log = t
        .app
        .get(
            &format!("/api/v1/access-log?case_id={}", t.c.case_own),
            Some(&dpo.token),
        )
        .await;
    log.expect(200);
    let imports: Vec<_> = log.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "import" && e["record_type"] == "audit")
        .collect();
    assert_eq!(imports.len(), 1, "{}", log.text);
    assert_eq!(imports[0]["user_id"], t.qa.id.as_str());
}

#[both_backends]
async fn an_import_counts_in_the_report_tallies_as_a_recount_would(backend: Backend) {
    let t = setup(backend).await;
    let day = last_quarter();
    // Two audits share a day, team and grade: one tally row each counts both.
    let file = format!(
        "{HEADER}{}{}{}",
        row(&t, &t.c.case_own, day, ALL_GOOD, "good"),
        row(&t, &t.c.case_same_team, day, ALL_GOOD, "good"),
        row(
            &t,
            &t.c.case_other_service,
            day - time::Duration::days(3),
            "inadequate,good,good,good,good,good,good,good,good,good",
            "inadequate"
        ),
    );
    send(&t, &t.qa, "batch_ref=tallies", &file, "text/csv")
        .await
        .expect(200);
    let kept = crate::reports::tallies(&t);
    assert_eq!(kept.0.iter().map(|r| r.4).sum::<i64>(), 3, "{kept:?}");
    assert_eq!(kept.0.len(), 2, "two keys: {kept:?}");
    assert_eq!(
        kept.1.iter().map(|r| r.4).sum::<i64>(),
        28,
        "nine graded judgements in each of the two with n/a for standard 8, ten in the third: {kept:?}"
    );
    t.app.with_db(qa_api::reports::tallies::rebuild).unwrap();
    assert_eq!(
        crate::reports::tallies(&t),
        kept,
        "a recount agrees with what the import kept"
    );
}
