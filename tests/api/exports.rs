//! Exports for the Performance Team: streamed CSV and NDJSON of structured fields, the same rows
//! the lists return, the columns the data dictionary lists, and one access-log entry each.

use qa_test_macros::both_backends;
use qa_tests::workflow::{id, setup, submitted_audit, Loop};
use qa_tests::{Answer, Backend};
use reqwest::Method;
use serde_json::{json, Value};

const DATASETS: [&str; 6] = [
    "audits",
    "judgements",
    "actions",
    "escalations",
    "observations",
    "feedback",
];

async fn export(t: &Loop, token: &str, path: &str) -> Answer {
    t.app.get(path, Some(token)).await
}

/// The CSV's header and rows, read with a real CSV parser.
fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

async fn dictionary_columns(t: &Loop, dataset: &str) -> Vec<String> {
    let dictionary = t.app.get("/api/v1/exports", Some(&t.analyst.token)).await;
    dictionary.expect(200);
    dictionary.body["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == dataset)
        .unwrap()["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

/// An action set on a draft audit of the practitioner's own case.
async fn remedial_action(t: &Loop) -> String {
    let draft = id(
        qa_tests::workflow::start(&t.app, &t.c.team_manager, &t.c.case_own)
            .await
            .expect(201),
    );
    id(t.app
        .post(
            &format!("/api/v1/audits/{draft}/remedial-actions"),
            Some(&t.c.team_manager.token),
            &json!({"description": "Update the chronology"}),
        )
        .await
        .expect(201))
}

async fn list_ids(t: &Loop, token: &str, path: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut next = Some(format!("{path}?limit=500"));
    while let Some(url) = next {
        let page = t.app.get(&url, Some(token)).await;
        page.expect(200);
        for item in page.body["items"].as_array().unwrap() {
            ids.push(item["id"].as_str().unwrap().to_string());
        }
        next = page.body["next_cursor"]
            .as_str()
            .map(|c| format!("{path}?limit=500&cursor={c}"));
    }
    ids.sort();
    ids
}

#[both_backends]
async fn an_export_has_the_dictionary_columns_and_the_lists_rows(backend: Backend) {
    let t = setup(backend).await;
    submitted_audit(&t, "good").await;
    submitted_audit(&t, "inadequate").await;
    remedial_action(&t).await;
    for dataset in DATASETS {
        let answer = export(&t, &t.analyst.token, &format!("/api/v1/exports/{dataset}")).await;
        answer.expect(200);
        assert_eq!(
            answer.header("content-type").as_deref(),
            Some("text/csv; charset=utf-8")
        );
        let (header, rows) = csv_rows(&answer.text);
        assert_eq!(header, dictionary_columns(&t, dataset).await, "{dataset}");
        for row in &rows {
            assert_eq!(row.len(), header.len(), "{dataset}");
        }
    }
    for (dataset, list) in [
        ("audits", "/api/v1/audits"),
        ("actions", "/api/v1/actions"),
        ("escalations", "/api/v1/escalations"),
    ] {
        let answer = export(&t, &t.analyst.token, &format!("/api/v1/exports/{dataset}")).await;
        let (_, rows) = csv_rows(&answer.text);
        let mut exported: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
        exported.sort();
        let listed = list_ids(&t, &t.analyst.token, list).await;
        assert!(!listed.is_empty(), "{dataset} has rows to compare");
        assert_eq!(exported, listed, "{dataset}");
    }
    let judgements = export(&t, &t.analyst.token, "/api/v1/exports/judgements").await;
    let (header, rows) = csv_rows(&judgements.text);
    assert_eq!(
        rows.len(),
        20,
        "ten standards for each of two submitted audits"
    );
    let na = header.iter().position(|h| h == "not_applicable").unwrap();
    assert_eq!(rows.iter().filter(|r| r[na] == "true").count(), 2);
}

#[both_backends]
async fn an_export_holds_no_narrative(backend: Backend) {
    let t = setup(backend).await;
    submitted_audit(&t, "good").await;
    for dataset in DATASETS {
        for format in ["csv", "ndjson"] {
            let answer = export(
                &t,
                &t.qa.token,
                &format!("/api/v1/exports/{dataset}?format={format}"),
            )
            .await;
            answer.expect(200);
            for narrative in [
                "Summary of the audit",
                "Wants to stay at school",
                "Mother feels listened to",
                "Evidence for standard",
                "Clear recording",
                "More direct work",
                "The child is not in care",
            ] {
                assert!(
                    !answer.text.contains(narrative),
                    "{dataset} as {format} holds {narrative:?}"
                );
            }
        }
    }
}

#[both_backends]
async fn ndjson_is_chosen_by_accept_or_format_and_matches_the_csv(backend: Backend) {
    let t = setup(backend).await;
    submitted_audit(&t, "good").await;
    let csv = export(&t, &t.analyst.token, "/api/v1/exports/judgements").await;
    let (header, rows) = csv_rows(&csv.text);
    let by_accept = t
        .app
        .send(
            t.app
                .request(
                    Method::GET,
                    "/api/v1/exports/judgements",
                    Some(&t.analyst.token),
                )
                .header("accept", "application/x-ndjson"),
        )
        .await;
    by_accept.expect(200);
    assert_eq!(
        by_accept.header("content-type").as_deref(),
        Some("application/x-ndjson")
    );
    let by_format = export(
        &t,
        &t.analyst.token,
        "/api/v1/exports/judgements?format=ndjson",
    )
    .await;
    assert_eq!(by_accept.text, by_format.text);
    let objects: Vec<Value> = by_format
        .text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), rows.len());
    for (object, row) in objects.iter().zip(&rows) {
        let keys: Vec<&String> = object.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), header.len());
        for (name, cell) in header.iter().zip(row) {
            let value = &object[name.as_str()];
            let as_text = match value {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(&as_text, cell, "{name}");
        }
    }
}

#[both_backends]
async fn bom_true_starts_the_csv_with_a_byte_order_mark(backend: Backend) {
    let t = setup(backend).await;
    let plain = export(&t, &t.analyst.token, "/api/v1/exports/audits").await;
    assert!(plain.text.starts_with("id,kind,"));
    let excel = export(&t, &t.analyst.token, "/api/v1/exports/audits?bom=true").await;
    assert!(excel.text.starts_with("\u{feff}id,kind,"));
}

#[both_backends]
async fn updated_since_and_dates_filter_the_rows(backend: Backend) {
    let t = setup(backend).await;
    let first = submitted_audit(&t, "good").await;
    let between = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let second = submitted_audit(&t, "good").await;
    let since = export(
        &t,
        &t.analyst.token,
        &format!(
            "/api/v1/exports/audits?updated_since={}",
            between.replace('+', "%2B")
        ),
    )
    .await;
    since.expect(200);
    let (_, rows) = csv_rows(&since.text);
    let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, vec![second.as_str()]);
    assert!(!ids.contains(&first.as_str()));
    let today = time::OffsetDateTime::now_utc().date();
    let dated = export(
        &t,
        &t.analyst.token,
        &format!("/api/v1/exports/audits?from={today}&to={today}"),
    )
    .await;
    assert_eq!(csv_rows(&dated.text).1.len(), 2);
    let before = today.previous_day().unwrap();
    let none = export(
        &t,
        &t.analyst.token,
        &format!("/api/v1/exports/audits?to={before}"),
    )
    .await;
    assert_eq!(csv_rows(&none.text).1.len(), 0);
}

#[both_backends]
async fn a_manager_exports_only_their_teams(backend: Backend) {
    let t = setup(backend).await;
    submitted_audit(&t, "good").await;
    let other_team = t
        .app
        .create_user("Other Manager", &["team_manager"], Some(&t.c.team_three));
    let other_audit = id(
        qa_tests::workflow::start(&t.app, &other_team, &t.c.case_other_service)
            .await
            .expect(201),
    );
    let mine = export(&t, &t.c.team_manager.token, "/api/v1/exports/audits").await;
    mine.expect(200);
    let (header, rows) = csv_rows(&mine.text);
    let team = header.iter().position(|h| h == "team_id").unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r[team] == t.c.team_one));
    assert!(rows.iter().all(|r| r[0] != other_audit));
    let everything = export(&t, &t.analyst.token, "/api/v1/exports/audits").await;
    assert!(everything.text.contains(&other_audit));
    export(
        &t,
        &t.c.team_manager.token,
        &format!("/api/v1/exports/audits?team_id={}", t.c.team_three),
    )
    .await
    .expect_problem(404);
    let service = export(
        &t,
        &t.analyst.token,
        &format!("/api/v1/exports/audits?service_id={}", t.c.service_two),
    )
    .await;
    let (_, rows) = csv_rows(&service.text);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], other_audit);
}

#[both_backends]
async fn bad_export_filters_are_named(backend: Backend) {
    let t = setup(backend).await;
    let answer = export(
        &t,
        &t.analyst.token,
        "/api/v1/exports/audits?from=yesterday&updated_since=soon&format=xml&bom=yes&team_id=x",
    )
    .await;
    answer.expect_problem(422);
    let mut fields = answer.error_fields();
    fields.sort();
    assert_eq!(
        fields,
        vec!["bom", "format", "from", "team_id", "updated_since"]
    );
    let reversed = export(
        &t,
        &t.analyst.token,
        "/api/v1/exports/audits?from=2026-05-02&to=2026-05-01",
    )
    .await;
    reversed.expect_problem(422);
    assert_eq!(reversed.error_fields(), vec!["to"]);
    let both = export(
        &t,
        &t.analyst.token,
        &format!(
            "/api/v1/exports/audits?team_id={}&service_id={}",
            t.c.team_one, t.c.service_one
        ),
    )
    .await;
    assert_eq!(both.error_fields(), vec!["service_id"]);
    let team_as_service = export(
        &t,
        &t.analyst.token,
        &format!("/api/v1/exports/audits?service_id={}", t.c.team_one),
    )
    .await;
    assert_eq!(team_as_service.error_fields(), vec!["service_id"]);
    export(&t, &t.analyst.token, "/api/v1/exports/narratives")
        .await
        .expect_problem(404);
}

#[both_backends]
async fn each_export_is_logged_once_with_its_filter(backend: Backend) {
    let t = setup(backend).await;
    submitted_audit(&t, "good").await;
    export(
        &t,
        &t.analyst.token,
        "/api/v1/exports/judgements?from=2026-01-01&format=ndjson",
    )
    .await
    .expect(200);
    let details: Vec<Option<String>> = t.app.with_db(|conn| {
        use diesel::prelude::*;
        use qa_api::db::schema::access_events;
        access_events::table
            .filter(access_events::action.eq("export"))
            .select(access_events::detail)
            .load(conn)
            .unwrap()
    });
    assert_eq!(
        details,
        vec![Some(
            "dataset=judgements&format=ndjson&from=2026-01-01".to_string()
        )]
    );
}

#[both_backends]
async fn only_roles_that_pull_exports_may(backend: Backend) {
    let t = setup(backend).await;
    let admin = t.app.create_user("Ada Admin", &["admin"], None);
    let dpo = t.app.create_user("Dee Dpo", &["dpo"], None);
    for user in [&t.c.practitioner, &admin, &dpo] {
        export(&t, &user.token, "/api/v1/exports/audits")
            .await
            .expect_problem(403);
        t.app
            .get("/api/v1/exports", Some(&user.token))
            .await
            .expect_problem(403);
    }
    t.app
        .get("/api/v1/exports/audits", None)
        .await
        .expect_problem(401);
}

#[both_backends]
async fn a_large_export_reads_every_row_across_chunks_once(backend: Backend) {
    let t = setup(backend).await;
    remedial_action(&t).await;
    let copies = 2 * qa_api::exports::datasets::CHUNK as usize + 17;
    t.app.with_db(|conn| {
        use diesel::prelude::*;
        use qa_api::actions::model::ActionRow;
        use qa_api::db::schema::actions;
        let template: ActionRow = actions::table
            .select(ActionRow::as_select())
            .first(conn)
            .unwrap();
        let rows: Vec<ActionRow> = (0..copies)
            .map(|_| ActionRow {
                id: qa_api::db::types::ActionId::new(),
                ..template.clone()
            })
            .collect();
        for chunk in rows.chunks(500) {
            qa_api::batch_insert!(conn, actions::table, chunk).unwrap();
        }
    });
    let answer = export(&t, &t.analyst.token, "/api/v1/exports/actions").await;
    answer.expect(200);
    let (_, rows) = csv_rows(&answer.text);
    assert_eq!(rows.len(), copies + 1);
    let mut ids: Vec<&String> = rows.iter().map(|r| &r[0]).collect();
    let in_order = ids.clone();
    ids.sort();
    assert_eq!(ids, in_order, "rows come in id order");
    ids.dedup();
    assert_eq!(ids.len(), copies + 1, "no row twice");
}

#[test]
fn the_committed_data_dictionary_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/exports.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == qa_api::exports::dictionary_markdown(),
        "docs/exports.md differs from the exports' declarations: run `qa-api export-dictionary > docs/exports.md`"
    );
}

#[both_backends]
async fn a_service_account_with_exports_read_pulls_every_team_and_is_logged(backend: Backend) {
    let t = setup(backend).await;
    submitted_audit(&t, "good").await;
    let admin = t.app.create_user("Ada Admin", &["admin"], None);
    let puller = crate::service_accounts::service_token(&t.app, &admin, &["exports:read"]).await;
    let feed_only = crate::service_accounts::service_token(&t.app, &admin, &["events:read"]).await;
    let by_service = export(&t, &puller, "/api/v1/exports/audits").await;
    by_service.expect(200);
    let by_analyst = export(&t, &t.analyst.token, "/api/v1/exports/audits").await;
    assert_eq!(csv_rows(&by_service.text).1, csv_rows(&by_analyst.text).1);
    t.app
        .get("/api/v1/exports", Some(&puller))
        .await
        .expect(200);
    export(&t, &feed_only, "/api/v1/exports/audits")
        .await
        .expect_problem(403);
    let logged: i64 = t.app.with_db(|conn| {
        use diesel::prelude::*;
        use qa_api::db::schema::access_events;
        access_events::table
            .filter(access_events::action.eq("export"))
            .count()
            .get_result(conn)
            .unwrap()
    });
    assert_eq!(logged, 2, "the service account's export and the analyst's");
}
