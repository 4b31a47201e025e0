//! Reports (product.md §4.9, the reports issue): figures that agree with the lists they
//! summarise, the previous period beside them, small numbers withheld from the Performance
//! Team, kappa as computed independently, each table as CSV, and who may read what.

use qa_test_macros::both_backends;
use qa_tests::workflow::{setup, submitted_audit, Loop};
use qa_tests::{Answer, Backend, TestUser};
use reqwest::Method;
use serde_json::{json, Value};

async fn report(t: &Loop, user: &TestUser, path: &str) -> Answer {
    t.app
        .get(&format!("/api/v1/reports/{path}"), Some(&user.token))
        .await
}

fn table<'a>(answer: &'a Answer, name: &str) -> &'a Value {
    answer.body["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("table {name} in {}", answer.text))
}

fn row<'a>(table: &'a Value, label: &str) -> &'a Vec<Value> {
    table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[0] == label)
        .unwrap_or_else(|| panic!("row {label} in {table}"))
        .as_array()
        .unwrap()
}

async fn moderate(t: &Loop, audit: &str, agreed: bool, grade: &str) {
    t.app
        .post(
            &format!("/api/v1/audits/{audit}/moderation"),
            Some(&t.qa.token),
            &json!({"agreed": agreed, "moderated_grade": grade, "rationale": "Checked against the record"}),
        )
        .await
        .expect(200);
}

#[both_backends]
async fn the_quarterly_report_agrees_with_the_audit_list_and_withholds_small_numbers_from_the_analyst(
    backend: Backend,
) {
    let t = setup(backend).await;
    let mut audits = Vec::new();
    for grade in [
        "good",
        "good",
        "requires_improvement",
        "outstanding",
        "good",
        "good",
    ] {
        audits.push(submitted_audit(&t, grade).await);
    }
    let quarter = {
        let today = qa_api::dates::london_today();
        format!(
            "{}-Q{}",
            today.year(),
            (u8::from(today.month()) - 1) / 3 + 1
        )
    };
    let listed = t
        .app
        .get(
            "/api/v1/audits?status=submitted,moderated&count=true",
            Some(&t.qa.token),
        )
        .await;
    listed.expect(200);
    let qa = report(&t, &t.qa, &format!("quarterly-qa?quarter={quarter}")).await;
    qa.expect(200);
    assert_eq!(qa.body["period"]["label"], json!(quarter));
    assert_eq!(qa.body["small_numbers_suppressed"], false);
    let submitted = row(table(&qa, "audits"), "Audits submitted");
    assert_eq!(
        submitted[1], listed.body["total"],
        "the report agrees with the list"
    );
    assert_eq!(submitted[1], 6);
    assert_eq!(submitted[2], 0, "nothing in the previous quarter");
    let grades = table(&qa, "overall-grades");
    assert_eq!(row(grades, "good")[1], 4);
    assert_eq!(row(grades, "good")[2], 66.7);
    // Every standard was graded as the overall grade: four good and one outstanding of six.
    let standards = table(&qa, "standards");
    let first = &standards["rows"][0];
    assert_eq!(first[1], 6);
    assert_eq!(first[2], 83.3);
    // The analyst sees the same report with counts under 5 withheld.
    let analyst = report(&t, &t.analyst, &format!("quarterly-qa?quarter={quarter}")).await;
    analyst.expect(200);
    assert_eq!(analyst.body["small_numbers_suppressed"], true);
    let grades = table(&analyst, "overall-grades");
    assert_eq!(
        row(grades, "good")[1],
        json!({"value": null, "suppressed": true})
    );
    assert_eq!(row(grades, "good")[2], 66.7, "a share of six is shown");
    assert_eq!(
        row(grades, "outstanding")[1],
        json!({"value": null, "suppressed": true})
    );
    assert_eq!(row(table(&analyst, "audits"), "Audits submitted")[1], 6);
    // The heatmap: the team's row, the share on standard 1.
    let heat = report(&t, &t.qa, &format!("standards-heatmap?quarter={quarter}")).await;
    heat.expect(200);
    let north = row(table(&heat, "by-team"), "Safeguarding North");
    assert_eq!(north[1], 83.3);
    assert_eq!(north[2], 6);
    let service = row(table(&heat, "by-service"), "Safeguarding");
    assert_eq!(service[1], 83.3);
    // One table as CSV.
    let csv = t
        .app
        .send(
            t.app
                .request(
                    Method::GET,
                    &format!("/api/v1/reports/quarterly-qa?quarter={quarter}&table=overall-grades"),
                    Some(&t.qa.token),
                )
                .header("accept", "text/csv"),
        )
        .await;
    csv.expect(200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(
        csv.text.starts_with("\"Grade\",\"This period\""),
        "{}",
        csv.text
    );
    assert!(csv.text.contains("\"good\",\"4\",\"66.7\""), "{}", csv.text);
    // The whole report as a spreadsheet: an "About" sheet and one per table.
    let xlsx = t
        .app
        .send(
            t.app
                .request(
                    Method::GET,
                    &format!("/api/v1/reports/quarterly-qa?quarter={quarter}"),
                    Some(&t.qa.token),
                )
                .header(
                    "accept",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
        )
        .await;
    xlsx.expect(200);
    assert!(xlsx.text.starts_with("PK"), "a zip container");
    let sheets = qa.body["tables"].as_array().unwrap().len() + 1;
    assert!(xlsx
        .text
        .contains(&format!("xl/worksheets/sheet{sheets}.xml")));
    assert!(!xlsx
        .text
        .contains(&format!("xl/worksheets/sheet{}.xml", sheets + 1)));
    let no_table = t
        .app
        .send(
            t.app
                .request(
                    Method::GET,
                    "/api/v1/reports/quarterly-qa",
                    Some(&t.qa.token),
                )
                .header("accept", "text/csv"),
        )
        .await;
    no_table.expect_problem(422);
    assert_eq!(no_table.error_fields(), vec!["table"]);
}

#[both_backends]
async fn calibration_gives_agreement_and_weighted_kappa_with_the_count_behind_them(
    backend: Backend,
) {
    let t = setup(backend).await;
    // Auditor's grade → moderator's grade: the first fixture of the unit test, whose linear
    // weighted kappa scikit-learn gives as 0.7.
    let pairs = [
        ("outstanding", "outstanding"),
        ("good", "good"),
        ("good", "requires_improvement"),
        ("requires_improvement", "requires_improvement"),
        ("inadequate", "inadequate"),
        ("good", "good"),
        ("outstanding", "good"),
        ("requires_improvement", "requires_improvement"),
        ("good", "outstanding"),
        ("good", "good"),
        ("requires_improvement", "inadequate"),
        ("inadequate", "inadequate"),
    ];
    for (auditor, moderator) in pairs {
        let audit = submitted_audit(&t, auditor).await;
        moderate(&t, &audit, auditor == moderator, moderator).await;
    }
    let answer = report(&t, &t.qa, "calibration").await;
    answer.expect(200);
    let overall = &table(&answer, "overall")["rows"][0];
    assert_eq!(overall[1], 12);
    // 8 of 12 agreed.
    assert_eq!(overall[2], 66.7);
    assert_eq!(overall[3], 0.7);
    assert_eq!(overall[4], false, "12 moderated: reliable");
    let previous = &table(&answer, "overall")["rows"][1];
    assert!(
        previous[0].as_str().unwrap().contains(
            &answer.body["previous"]["label"]
                .as_str()
                .unwrap()
                .to_string()
        ),
        "the previous period's row is named by its period: {previous}"
    );
    assert_eq!(previous[1], 0, "nothing was moderated the period before");
    let by_auditor = row(table(&answer, "by-auditor"), "Tess Manager");
    assert_eq!(by_auditor[1], 12);
    let analyst = report(&t, &t.analyst, "calibration").await;
    let rows = table(&analyst, "by-auditor")["rows"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(rows[0][0], "Auditor 1", "the analyst sees no staff names");
}

#[both_backends]
async fn who_reads_reports_and_for_which_part_of_the_council(backend: Backend) {
    let t = setup(backend).await;
    report(&t, &t.c.practitioner, "quarterly-qa")
        .await
        .expect_problem(403);
    report(&t, &t.c.team_manager, "standards-heatmap")
        .await
        .expect_problem(403);
    report(&t, &t.qa, "no-such-report")
        .await
        .expect_problem(404);
    let head = &t.c.head_of_service;
    let own = report(&t, head, "quarterly-qa").await;
    own.expect(200);
    assert_eq!(own.body["scope"], "Safeguarding");
    let other = report(
        &t,
        head,
        &format!("quarterly-qa?service_id={}", t.c.service_two),
    )
    .await;
    other.expect_problem(404);
    let team = report(
        &t,
        &t.qa,
        &format!("standards-heatmap?team_id={}", t.c.team_one),
    )
    .await;
    team.expect(200);
    assert_eq!(team.body["scope"], "Safeguarding North");
    for bad in [
        "quarter=2026-Q5",
        "from=2026-07-01",
        "from=2026-09-01&to=2026-07-01",
        "quarter=2026-Q3&from=2026-07-01&to=2026-07-02",
    ] {
        let answer = report(&t, &t.qa, &format!("quarterly-qa?{bad}")).await;
        answer.expect_problem(422);
    }
    let span = report(&t, &t.qa, "quarterly-qa?from=2026-07-10&to=2026-07-19").await;
    span.expect(200);
    assert_eq!(span.body["previous"]["from"], "2026-06-30");
    assert_eq!(span.body["previous"]["to"], "2026-07-09");
}

#[both_backends]
async fn escalations_participation_and_learning_needs_reports_count_what_the_lists_hold(
    backend: Backend,
) {
    let t = setup(backend).await;
    // Two inadequate audits of one case: two escalations, a recurring case.
    for _ in 0..2 {
        submitted_audit(&t, "inadequate").await;
    }
    let listed = t
        .app
        .get("/api/v1/escalations?count=true", Some(&t.qa.token))
        .await;
    listed.expect(200);
    let esc = report(&t, &t.qa, "escalations").await;
    esc.expect(200);
    let from_audits = row(table(&esc, "by-source"), "audit");
    assert_eq!(from_audits[1], listed.body["total"]);
    assert_eq!(from_audits[1], 2);
    let recurring = &table(&esc, "recurring")["rows"];
    assert_eq!(recurring.as_array().unwrap().len(), 1);
    assert_eq!(recurring[0][2], 2);
    let analyst = report(&t, &t.analyst, "escalations").await;
    assert_eq!(
        table(&analyst, "recurring")["rows"][0][0],
        "Cases escalated more than once",
        "the analyst learns how many, not which"
    );
    // Participation with "you said, we did".
    let voice = t
        .app
        .post(
            "/api/v1/feedback",
            Some(&t.qa.token),
            &json!({"kind": "participation", "source_role": "young_person", "channel": "forum",
                    "received_on": qa_api::dates::format_date(qa_api::dates::london_today()),
                    "summary": "More say in reviews", "themes": ["reviews"]}),
        )
        .await;
    voice.expect(201);
    t.app
        .post(
            &format!(
                "/api/v1/feedback/{}/response-to-participant",
                voice.body["id"].as_str().unwrap()
            ),
            Some(&t.qa.token),
            &json!({"we_did": "Children choose where their review is held"}),
        )
        .await
        .expect(200);
    let part = report(&t, &t.qa, "participation").await;
    part.expect(200);
    assert_eq!(row(table(&part, "answered"), "Answered")[1], 1);
    assert_eq!(row(table(&part, "by-theme"), "reviews")[1], 1);
    let said = &table(&part, "you-said-we-did")["rows"][0];
    assert_eq!(said[2], "More say in reviews");
    let part_analyst = report(&t, &t.analyst, "participation").await;
    assert!(part_analyst.body["tables"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["name"] != "you-said-we-did"));
    assert_eq!(
        row(table(&part_analyst, "answered"), "Answered")[1],
        json!({"value": null, "suppressed": true})
    );
    // Learning needs: one row per standard and one for needs linked to none.
    let needs = report(&t, &t.qa, "learning-needs").await;
    needs.expect(200);
    let rows = table(&needs, "by-standard")["rows"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(rows.len(), 11);
    // Both inadequate audits graded every standard below good.
    assert_eq!(rows[0][3], 2);
    assert_eq!(rows[0][4], 100.0);
}

#[both_backends]
async fn a_team_manager_briefs_their_team_beside_the_service_as_a_whole(backend: Backend) {
    let t = setup(backend).await;
    for grade in ["good", "requires_improvement"] {
        submitted_audit(&t, grade).await;
    }
    let tm = &t.c.team_manager;
    let briefing = report(&t, tm, "team-briefing").await;
    briefing.expect(200);
    assert_eq!(briefing.body["scope"], "Safeguarding North");
    let first = &table(&briefing, "standards")["rows"][0];
    assert_eq!(first[1], 2);
    assert_eq!(first[2], 50.0);
    // The service is the team's own two audits here: the only team with any.
    assert_eq!(first[4], 50.0);
    assert!(
        !briefing.text.contains("Safeguarding South"),
        "no other team is named"
    );
    report(&t, tm, &format!("team-briefing?team_id={}", t.c.team_three))
        .await
        .expect_problem(404);
    report(&t, &t.c.practitioner, "team-briefing")
        .await
        .expect_problem(403);
    let qa = report(&t, &t.qa, "team-briefing").await;
    qa.expect_problem(422);
    assert_eq!(qa.error_fields(), vec!["team_id"]);
    report(
        &t,
        &t.qa,
        &format!("team-briefing?team_id={}", t.c.team_one),
    )
    .await
    .expect(200);
}

/// Every row of both report tallies, in key order.
pub(crate) type TallyRows = (
    Vec<(time::Date, String, String, String, i64)>,
    Vec<(time::Date, String, i32, String, i64)>,
);

pub(crate) fn tallies(t: &Loop) -> TallyRows {
    use diesel::prelude::*;
    use qa_api::db::schema::{report_audit_tallies as a, report_judgement_tallies as j};
    t.app.with_db(|conn| {
        let audits = a::table
            .filter(a::audits.ne(0))
            .select((a::day, a::team_id, a::kind, a::overall_grade, a::audits))
            .order((a::day, a::team_id, a::kind, a::overall_grade))
            .load(conn)
            .unwrap();
        let judgements = j::table
            .filter(j::judgements.ne(0))
            .select((
                j::day,
                j::team_id,
                j::standard_number,
                j::grade,
                j::judgements,
            ))
            .order((j::day, j::team_id, j::standard_number, j::grade))
            .load(conn)
            .unwrap();
        (audits, judgements)
    })
}

/// The counts the reports read are kept by submit and return in their own transactions, and a
/// recount from the audits gives the same rows; the recount's SQL puts an audit on the same
/// Europe/London day as the API does, either side of midnight and of both clock changes.
#[both_backends]
async fn report_tallies_kept_by_submit_and_return_match_a_recount_from_the_audits(
    backend: Backend,
) {
    use diesel::prelude::*;
    use qa_api::db::schema::{audits, report_audit_tallies as a};
    use time::macros::datetime;

    let t = setup(backend).await;
    let returned = submitted_audit(&t, "good").await;
    let moderated = submitted_audit(&t, "requires_improvement").await;
    let moved = submitted_audit(&t, "outstanding").await;
    moderate(&t, &moderated, false, "good").await;
    t.app
        .post(
            &format!("/api/v1/audits/{returned}/return"),
            Some(&t.qa.token),
            &json!({"reason": "Evidence for standard 4 is missing"}),
        )
        .await
        .expect(200);

    let kept = tallies(&t);
    let audits_counted: i64 = kept.0.iter().map(|r| r.4).sum();
    let judgements_counted: i64 = kept.1.iter().map(|r| r.4).sum();
    assert_eq!(
        audits_counted, 2,
        "the returned audit is taken off: {kept:?}"
    );
    assert_eq!(
        judgements_counted, 18,
        "nine graded judgements each (standard 8 not applicable): {kept:?}"
    );
    t.app.with_db(qa_api::reports::tallies::rebuild).unwrap();
    assert_eq!(
        tallies(&t),
        kept,
        "a recount agrees with what submit and return kept"
    );

    for at in [
        datetime!(2026-03-29 00:59:59),
        datetime!(2026-03-29 23:30:00),
        datetime!(2026-06-30 23:30:00),
        datetime!(2026-10-24 23:30:00),
        datetime!(2026-10-25 00:30:00),
        datetime!(2026-10-25 23:30:00),
        datetime!(2026-12-31 23:59:59),
        datetime!(2027-01-01 00:00:00),
    ] {
        let day: time::Date = t.app.with_db(|conn| {
            diesel::update(audits::table.filter(audits::id.eq(&moved)))
                .set(audits::submitted_at.eq(Some(at)))
                .execute(conn)
                .unwrap();
            qa_api::reports::tallies::rebuild(conn).unwrap();
            a::table
                .filter(a::overall_grade.eq("outstanding"))
                .select(a::day)
                .first(conn)
                .unwrap()
        });
        assert_eq!(
            day,
            qa_api::dates::london_date(at.assume_utc()),
            "submitted at {at} UTC"
        );
    }
}
