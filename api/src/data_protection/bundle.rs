//! The bundle of a subject access request: every record about one case (or one member of
//! staff) as one JSON document, and the same as a readable HTML document. Records are read
//! whole, column by column, so a field added to a table later is in the bundle without a change
//! here; each record carries its `type` and `id`, which redactions name.

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;
use diesel::sql_types::Text;
use serde_json::{json, Map, Value};

use super::model::{RedactionRow, RequestRow};
use crate::access_log::repo::{list as access_entries, AccessLogFilter};
use crate::db::types::{CaseId, UserId};
use crate::db::DbConn;
use crate::error::{ApiResult, FieldError};

/// One kind of record: its table, its `type` in the bundle, its columns and which are booleans.
struct Kind {
    table: &'static str,
    record_type: &'static str,
    columns: &'static [&'static str],
    booleans: &'static [&'static str],
}

const CASE: Kind = Kind {
    table: "cases",
    record_type: "case",
    columns: &[
        "id",
        "external_ref",
        "display_name",
        "birth_month",
        "category",
        "team_id",
        "allocated_worker_id",
        "case_manager_id",
        "status",
        "closed_on",
        "retention_class",
        "legal_hold",
        "version",
        "created_at",
        "updated_at",
        "created_by",
    ],
    booleans: &["legal_hold"],
};

const AUDIT: Kind = Kind {
    table: "audits",
    record_type: "audit",
    columns: &[
        "id",
        "kind",
        "case_id",
        "auditor_id",
        "practitioner_id",
        "team_id",
        "theme_id",
        "period_start",
        "period_end",
        "side_by_side",
        "status",
        "overall_grade",
        "summary",
        "child_views",
        "family_views",
        "views_not_sought_reason",
        "practitioner_reflection",
        "reaudit_of_id",
        "submitted_at",
        "returned_reason",
        "response_reflection",
        "acknowledged_at",
        "version",
        "created_at",
        "updated_at",
        "created_by",
    ],
    booleans: &["side_by_side"],
};

const JUDGEMENT: Kind = Kind {
    table: "audit_judgements",
    record_type: "audit_judgement",
    columns: &[
        "id",
        "audit_id",
        "standard_number",
        "grade",
        "not_applicable_reason",
        "evidence",
        "strengths",
        "areas_for_development",
        "updated_at",
    ],
    booleans: &[],
};

const MODERATION: Kind = Kind {
    table: "audit_moderations",
    record_type: "audit_moderation",
    columns: &[
        "id",
        "audit_id",
        "moderator_id",
        "agreed",
        "original_grade",
        "moderated_grade",
        "rationale",
        "created_at",
    ],
    booleans: &["agreed"],
};

const ALERT: Kind = Kind {
    table: "safeguarding_alerts",
    record_type: "safeguarding_alert",
    columns: &[
        "id",
        "audit_id",
        "case_id",
        "concern",
        "severity",
        "raised_by",
        "created_at",
    ],
    booleans: &[],
};

const OBSERVATION: Kind = Kind {
    table: "observations",
    record_type: "observation",
    columns: &[
        "id",
        "observer_id",
        "observed_id",
        "team_id",
        "case_id",
        "observed_on",
        "setting",
        "focus",
        "status",
        "worker_consented",
        "child_consented",
        "family_consented",
        "consent_notes",
        "consent_recorded_at",
        "summary",
        "strengths",
        "areas_for_development",
        "impact_on_child",
        "overall_grade",
        "submitted_at",
        "reflection",
        "acknowledged_at",
        "cancel_reason",
        "version",
        "created_at",
        "updated_at",
        "created_by",
    ],
    booleans: &["worker_consented", "child_consented", "family_consented"],
};

const OBSERVATION_JUDGEMENT: Kind = Kind {
    table: "observation_judgements",
    record_type: "observation_judgement",
    columns: &[
        "id",
        "observation_id",
        "standard_number",
        "grade",
        "not_applicable_reason",
        "evidence",
        "strengths",
        "areas_for_development",
        "updated_at",
    ],
    booleans: &[],
};

const SKILL_RATING: Kind = Kind {
    table: "observation_skill_ratings",
    record_type: "observation_skill_rating",
    columns: &[
        "id",
        "observation_id",
        "skill_code",
        "rating",
        "evidence",
        "updated_at",
    ],
    booleans: &[],
};

const FAMILY_FEEDBACK: Kind = Kind {
    table: "observation_feedback",
    record_type: "observation_feedback",
    columns: &[
        "id",
        "observation_id",
        "from_role",
        "feedback",
        "would_recommend",
        "created_at",
        "created_by",
    ],
    booleans: &["would_recommend"],
};

const LEARNING_NEED: Kind = Kind {
    table: "learning_needs",
    record_type: "learning_need",
    columns: &[
        "id",
        "observation_id",
        "worker_id",
        "team_id",
        "need",
        "standard_number",
        "agreed_by_worker",
        "created_at",
        "updated_at",
        "created_by",
    ],
    booleans: &["agreed_by_worker"],
};

const ESCALATION: Kind = Kind {
    table: "escalations",
    record_type: "escalation",
    columns: &[
        "id",
        "case_id",
        "team_id",
        "source",
        "source_id",
        "raised_by",
        "raised_to",
        "category",
        "standards",
        "concern",
        "stage",
        "stage_due_on",
        "status",
        "resolution",
        "resolved_by",
        "resolved_at",
        "replied_at",
        "formal_started_on",
        "formal_due_on",
        "accepted_at",
        "cafcass_referred_on",
        "withdrawn_reason",
        "version",
        "created_at",
        "updated_at",
        "created_by",
    ],
    booleans: &[],
};

const ESCALATION_EVENT: Kind = Kind {
    table: "escalation_events",
    record_type: "escalation_event",
    columns: &[
        "id",
        "escalation_id",
        "kind",
        "actor_id",
        "text",
        "stage",
        "holder_id",
        "created_at",
    ],
    booleans: &[],
};

const FORM: Kind = Kind {
    table: "monitoring_forms",
    record_type: "monitoring_form",
    columns: &[
        "id",
        "case_id",
        "team_id",
        "officer_id",
        "meeting_type",
        "meeting_on",
        "held_in_timescale",
        "timescale_reason",
        "child_participated",
        "child_participation_notes",
        "plan_progressing",
        "concerns",
        "good_practice",
        "status",
        "submitted_at",
        "version",
        "created_at",
        "updated_at",
        "created_by",
    ],
    booleans: &["held_in_timescale"],
};

const QUALITY_CHECK: Kind = Kind {
    table: "monitoring_quality_checks",
    record_type: "monitoring_quality_check",
    columns: &["id", "form_id", "standard_number", "rating", "comment"],
    booleans: &[],
};

const FEEDBACK: Kind = Kind {
    table: "feedback",
    record_type: "feedback",
    columns: &[
        "id",
        "kind",
        "source_role",
        "channel",
        "received_on",
        "team_id",
        "case_id",
        "summary",
        "themes",
        "standards",
        "learning",
        "status",
        "route",
        "stage",
        "stage_due_on",
        "acknowledge_by",
        "acknowledged_on",
        "ombudsman_referred_on",
        "ombudsman_outcome",
        "withdrawn_reason",
        "we_did",
        "we_did_on",
        "ratings",
        "advocacy",
        "version",
        "created_at",
        "updated_at",
        "created_by",
    ],
    booleans: &[],
};

const COMPLAINT_STAGE: Kind = Kind {
    table: "complaint_stages",
    record_type: "complaint_stage",
    columns: &[
        "id",
        "feedback_id",
        "stage",
        "opened_on",
        "due_on",
        "standard_days",
        "extended_days",
        "max_days",
        "extension_reason",
        "investigator",
        "independent_person",
        "panel_members",
        "panel_on",
        "report_on",
        "responded_on",
        "outcome",
        "response_summary",
        "responded_in_time",
        "request_window_ends",
        "created_at",
    ],
    booleans: &["responded_in_time"],
};

const PLAN: Kind = Kind {
    table: "action_plans",
    record_type: "action_plan",
    columns: &[
        "id",
        "source",
        "source_id",
        "title",
        "owner_id",
        "case_id",
        "team_id",
        "status",
        "due_on",
        "version",
        "created_at",
        "updated_at",
        "created_by",
    ],
    booleans: &[],
};

const ACTION: Kind = Kind {
    table: "actions",
    record_type: "action",
    columns: &[
        "id",
        "plan_id",
        "audit_id",
        "case_id",
        "team_id",
        "description",
        "owner_id",
        "due_on",
        "kind",
        "standard_number",
        "status",
        "evidence",
        "impact",
        "cancel_reason",
        "completed_at",
        "verified_at",
        "verified_by",
        "version",
        "created_at",
        "updated_at",
        "created_by",
    ],
    booleans: &[],
};

const NOTIFICATION: Kind = Kind {
    table: "notifications",
    record_type: "notification",
    columns: &[
        "id",
        "user_id",
        "kind",
        "title",
        "record_type",
        "record_id",
        "case_id",
        "read_at",
        "created_at",
    ],
    booleans: &[],
};

const USER: Kind = Kind {
    table: "users",
    record_type: "user",
    columns: &[
        "id",
        "email",
        "display_name",
        "roles",
        "team_id",
        "active",
        "created_at",
        "updated_at",
    ],
    booleans: &["active"],
};

#[derive(QueryableByName)]
struct Doc {
    #[diesel(sql_type = Text)]
    doc: String,
}

/// A UUID made safe to write into SQL (it is one, so it holds only hex digits and hyphens).
fn quoted(id: &str) -> String {
    let clean: String = id
        .chars()
        .filter(|c| c.is_ascii_hexdigit() || *c == '-')
        .collect();
    format!("'{clean}'")
}

/// Normalises a stored timestamp (`2026-12-03 10:00:00.123` or `2026-12-03T10:00:00.123`) to
/// RFC 3339 UTC.
fn instant(text: &str) -> String {
    let t = text.replace(' ', "T");
    let t = t.trim_end_matches('Z');
    let (whole, fraction) = match t.split_once('.') {
        Some((w, f)) => (w, f.trim_end_matches('0')),
        None => (t, ""),
    };
    if fraction.is_empty() {
        format!("{whole}Z")
    } else {
        format!("{whole}.{fraction}Z")
    }
}

/// The records of one kind matching `condition` (SQL over the kind's own columns), oldest
/// first, each with its `type`.
fn records(conn: &mut DbConn, kind: &Kind, condition: &str) -> QueryResult<Vec<Value>> {
    let pairs = |quote: &dyn Fn(&str) -> String| {
        kind.columns
            .iter()
            .map(|c| format!("'{c}', {}", quote(c)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let order = if kind.columns.contains(&"created_at") {
        "created_at, id"
    } else {
        "id"
    };
    let docs: Vec<Doc> = match conn {
        DbConn::Pg(c) => {
            let sql = format!(
                "SELECT json_build_object({})::text AS doc FROM {} WHERE {condition} ORDER BY {order}",
                pairs(&|c: &str| c.to_string()),
                kind.table
            );
            diesel::sql_query(sql).load(c)?
        }
        DbConn::Sqlite(c) => {
            let sql = format!(
                "SELECT json_object({}) AS doc FROM {} WHERE {condition} ORDER BY {order}",
                pairs(&|c: &str| c.to_string()),
                kind.table
            );
            diesel::sql_query(sql).load(c)?
        }
    };
    Ok(docs
        .into_iter()
        .filter_map(|d| serde_json::from_str::<Map<String, Value>>(&d.doc).ok())
        .map(|mut map| {
            for (key, value) in map.iter_mut() {
                if kind.booleans.contains(&key.as_str()) {
                    if let Some(n) = value.as_i64() {
                        *value = Value::Bool(n != 0);
                    }
                } else if key.ends_with("_at") {
                    if let Some(text) = value.as_str() {
                        *value = Value::String(instant(text));
                    }
                }
            }
            let mut out = Map::new();
            out.insert("type".into(), Value::String(kind.record_type.into()));
            out.extend(map);
            Value::Object(out)
        })
        .collect())
}

fn ids(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .filter_map(|r| r["id"].as_str().map(str::to_string))
        .collect()
}

fn in_list(ids: &[String]) -> String {
    if ids.is_empty() {
        "(NULL)".into()
    } else {
        format!(
            "({})",
            ids.iter().map(|i| quoted(i)).collect::<Vec<_>>().join(", ")
        )
    }
}

/// Attaches each child to its parent (by `parent_key`) under `field`.
fn attach(parents: &mut [Value], children: Vec<Value>, parent_key: &str, field: &str) {
    let mut by_parent: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for child in children {
        if let Some(parent) = child[parent_key].as_str() {
            by_parent.entry(parent.to_string()).or_default().push(child);
        }
    }
    for parent in parents.iter_mut() {
        let id = parent["id"].as_str().unwrap_or_default().to_string();
        let mine = by_parent.remove(&id).unwrap_or_default();
        if let Value::Object(map) = parent {
            map.insert(field.into(), Value::Array(mine));
        }
    }
}

/// Records of a kind with their children, for the records whose `condition` holds.
fn with_children(
    conn: &mut DbConn,
    kind: &Kind,
    condition: &str,
    children: &[(&Kind, &str, &str)],
) -> QueryResult<Vec<Value>> {
    let mut parents = records(conn, kind, condition)?;
    let parent_ids = ids(&parents);
    for (child, key, field) in children {
        let rows = records(conn, child, &format!("{key} IN {}", in_list(&parent_ids)))?;
        attach(&mut parents, rows, key, field);
    }
    Ok(parents)
}

/// Every id in a list of records and their children.
fn all_ids(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("type") {
                if let Some(id) = map.get("id").and_then(Value::as_str) {
                    out.push(id.to_string());
                }
            }
            for v in map.values() {
                all_ids(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| all_ids(v, out)),
        _ => {}
    }
}

fn access_log_json(entries: Vec<crate::access_log::repo::LoggedEntry>) -> Vec<Value> {
    entries
        .into_iter()
        .map(|e| {
            json!({
                "type": "access_log_entry",
                "id": e.id.to_string(),
                "at": instant(&crate::dates::to_utc(e.at).format(&time::format_description::well_known::Rfc3339).unwrap_or_default()),
                "user_id": e.user_id.map(|u| u.to_string()),
                "action": e.action,
                "accessed_record_type": e.record_type,
                "accessed_record_id": e.record_id.map(|r| r.uuid().to_string()),
                "case_id": e.case_id.map(|c| c.to_string()),
                "outcome": e.outcome,
                "detail": e.detail,
            })
        })
        .collect()
}

/// The keys whose values name people.
const PERSON_KEYS: &[&str] = &[
    "auditor_id",
    "practitioner_id",
    "observer_id",
    "observed_id",
    "raised_by",
    "raised_to",
    "resolved_by",
    "actor_id",
    "holder_id",
    "officer_id",
    "owner_id",
    "moderator_id",
    "created_by",
    "verified_by",
    "worker_id",
    "user_id",
    "allocated_worker_id",
    "case_manager_id",
];

fn people_named(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if PERSON_KEYS.contains(&key.as_str()) {
                    if let Some(id) = v.as_str() {
                        out.insert(id.to_string());
                    }
                }
                people_named(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| people_named(v, out)),
        _ => {}
    }
}

/// The people the records name: id, name and roles.
fn people(conn: &mut DbConn, sections: &Value) -> QueryResult<Vec<Value>> {
    use crate::db::schema::users;
    let mut named = BTreeSet::new();
    people_named(sections, &mut named);
    let ids: Vec<String> = named.into_iter().collect();
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, String, String)> = users::table
            .filter(users::id.eq_any(chunk.to_vec()))
            .select((users::id, users::display_name, users::roles))
            .order(users::display_name)
            .load(conn)?;
        out.extend(rows.into_iter().map(|(id, name, roles)| {
            let roles: Vec<&str> = roles.split(',').filter(|r| !r.is_empty()).collect();
            json!({"id": id, "display_name": name, "roles": roles})
        }));
    }
    Ok(out)
}

/// The bundle of a request, read now: every record about its case (or its member of staff).
pub fn gather(conn: &mut DbConn, request: &RequestRow) -> ApiResult<Value> {
    let mut sections = Map::new();
    let mut subject = Value::Null;
    if let Some(case) = request.case_id.as_deref() {
        let c = quoted(case);
        let case_condition = format!("case_id = {c}");
        subject = records(conn, &CASE, &format!("id = {c}"))?
            .into_iter()
            .next()
            .unwrap_or(Value::Null);
        let audits = with_children(
            conn,
            &AUDIT,
            &case_condition,
            &[
                (&JUDGEMENT, "audit_id", "judgements"),
                (&MODERATION, "audit_id", "moderations"),
                (&ALERT, "audit_id", "safeguarding_alerts"),
            ],
        )?;
        let observations = with_children(
            conn,
            &OBSERVATION,
            &case_condition,
            &[
                (&OBSERVATION_JUDGEMENT, "observation_id", "judgements"),
                (&SKILL_RATING, "observation_id", "skill_ratings"),
                (&FAMILY_FEEDBACK, "observation_id", "family_feedback"),
                (&LEARNING_NEED, "observation_id", "learning_needs"),
            ],
        )?;
        let escalations = with_children(
            conn,
            &ESCALATION,
            &case_condition,
            &[(&ESCALATION_EVENT, "escalation_id", "timeline")],
        )?;
        let forms = with_children(
            conn,
            &FORM,
            &case_condition,
            &[(&QUALITY_CHECK, "form_id", "quality_checks")],
        )?;
        let feedback = with_children(
            conn,
            &FEEDBACK,
            &case_condition,
            &[(&COMPLAINT_STAGE, "feedback_id", "complaint_stages")],
        )?;
        let plans = records(conn, &PLAN, &case_condition)?;
        let actions = records(conn, &ACTION, &case_condition)?;
        let mut named = vec![case.to_string()];
        for list in [
            &audits,
            &observations,
            &escalations,
            &forms,
            &feedback,
            &plans,
            &actions,
        ] {
            for record in list.iter() {
                all_ids(record, &mut named);
            }
        }
        let notifications = records(
            conn,
            &NOTIFICATION,
            &format!("case_id = {c} OR record_id IN {}", in_list(&named)),
        )?;
        let case_id = CaseId::parse(case);
        let log = match case_id {
            Some(case_id) => access_entries(
                conn,
                &AccessLogFilter {
                    case_id: Some(case_id),
                    ..Default::default()
                },
                false,
                None,
                usize::MAX,
            )?,
            None => Vec::new(),
        };
        sections.insert("audits".into(), Value::Array(audits));
        sections.insert("observations".into(), Value::Array(observations));
        sections.insert("escalations".into(), Value::Array(escalations));
        sections.insert("monitoring_forms".into(), Value::Array(forms));
        sections.insert("feedback".into(), Value::Array(feedback));
        sections.insert("action_plans".into(), Value::Array(plans));
        sections.insert("actions".into(), Value::Array(actions));
        sections.insert("notifications".into(), Value::Array(notifications));
        sections.insert("access_log".into(), Value::Array(access_log_json(log)));
    } else if let Some(user) = request.user_id.as_deref() {
        let u = quoted(user);
        subject = records(conn, &USER, &format!("id = {u}"))?
            .into_iter()
            .next()
            .unwrap_or(Value::Null);
        let audits = with_children(
            conn,
            &AUDIT,
            &format!("practitioner_id = {u} OR auditor_id = {u}"),
            &[(&JUDGEMENT, "audit_id", "judgements")],
        )?;
        let observations = with_children(
            conn,
            &OBSERVATION,
            &format!("observed_id = {u} OR observer_id = {u}"),
            &[
                (&OBSERVATION_JUDGEMENT, "observation_id", "judgements"),
                (&LEARNING_NEED, "observation_id", "learning_needs"),
            ],
        )?;
        let actions = records(conn, &ACTION, &format!("owner_id = {u}"))?;
        let notifications = records(conn, &NOTIFICATION, &format!("user_id = {u}"))?;
        let log = match UserId::parse(user) {
            Some(user_id) => access_entries(
                conn,
                &AccessLogFilter {
                    user_id: Some(user_id),
                    ..Default::default()
                },
                false,
                None,
                usize::MAX,
            )?,
            None => Vec::new(),
        };
        sections.insert("audits".into(), Value::Array(audits));
        sections.insert("observations".into(), Value::Array(observations));
        sections.insert("actions".into(), Value::Array(actions));
        sections.insert("notifications".into(), Value::Array(notifications));
        sections.insert("access_log".into(), Value::Array(access_log_json(log)));
    }
    let sections = Value::Object(sections);
    let mut everyone = people(conn, &json!([subject.clone(), sections.clone()]))?;
    everyone.sort_by(|a, b| a["display_name"].as_str().cmp(&b["display_name"].as_str()));
    Ok(json!({
        "request_id": request.id,
        "case_id": request.case_id,
        "user_id": request.user_id,
        "generated_at": instant(&crate::dates::to_utc(crate::dates::now_utc()).format(&time::format_description::well_known::Rfc3339).unwrap_or_default()),
        "subject": subject,
        "records": sections,
        "people": everyone,
    }))
}

/// The record of `type` and `id` in a bundle.
fn find_record<'a>(
    value: &'a mut Value,
    record_type: &str,
    id: &str,
) -> Option<&'a mut Map<String, Value>> {
    match value {
        Value::Object(map) => {
            let hit = map.get("type").and_then(Value::as_str) == Some(record_type)
                && map.get("id").and_then(Value::as_str) == Some(id);
            if hit {
                return Some(map);
            }
            for v in map.values_mut() {
                if let Some(found) = find_record(v, record_type, id) {
                    return Some(found);
                }
            }
            None
        }
        Value::Array(items) => items
            .iter_mut()
            .find_map(|v| find_record(v, record_type, id)),
        _ => None,
    }
}

/// A redaction asked for, checked against the gathered bundle and the redactions already made:
/// the record must be in the bundle, the field one of its own (not its `type` or `id`), the
/// offsets within a text field and clear of other redactions of the field.
pub fn check_redaction(
    bundle: &Value,
    existing: &[RedactionRow],
    record_type: &str,
    record_id: &str,
    field: &str,
    start: Option<i32>,
    end: Option<i32>,
) -> Result<(), Vec<FieldError>> {
    let mut copy = bundle.clone();
    let Some(record) = find_record(&mut copy, record_type, record_id) else {
        return Err(vec![FieldError::new(
            "record_id",
            "names no record of that record_type in this request's bundle",
        )]);
    };
    if field == "type" || field == "id" {
        return Err(vec![FieldError::new(
            "field",
            "cannot withhold a record's type or id",
        )]);
    }
    let Some(value) = record.get(field) else {
        return Err(vec![FieldError::new(
            "field",
            "is not a field of that record",
        )]);
    };
    if value.is_array() || value.is_object() {
        return Err(vec![FieldError::new(
            "field",
            "holds other records: withhold their fields instead",
        )]);
    }
    match (start, end) {
        (None, None) => Ok(()),
        (Some(_), None) => Err(vec![FieldError::new("end", "is required with start")]),
        (None, Some(_)) => Err(vec![FieldError::new("start", "is required with end")]),
        (Some(start), Some(end)) => {
            let Some(text) = value.as_str() else {
                return Err(vec![FieldError::new(
                    "field",
                    "is not text: withhold the whole field (no start or end)",
                )]);
            };
            let length = text.chars().count() as i64;
            let mut errors = Vec::new();
            if start < 0 || i64::from(start) >= length {
                errors.push(FieldError::new(
                    "start",
                    format!(
                        "must be from 0 to {} (the field has {length} characters)",
                        (length - 1).max(0)
                    ),
                ));
            }
            if end <= start || i64::from(end) > length {
                errors.push(FieldError::new(
                    "end",
                    format!("must be after start and at most {length}"),
                ));
            }
            let overlaps = existing.iter().any(|r| {
                r.record_type == record_type
                    && r.record_id == record_id
                    && r.field == field
                    && match (r.start_at, r.end_at) {
                        (Some(s), Some(e)) => start < e && s < end,
                        _ => true,
                    }
            });
            if errors.is_empty() && overlaps {
                errors.push(FieldError::new(
                    "start",
                    "overlaps a passage of this field already withheld",
                ));
            }
            if errors.is_empty() {
                Ok(())
            } else {
                Err(errors)
            }
        }
    }
}

/// The bundle with each redaction replaced by "[withheld: reason]": whole fields first, then
/// passages from the end of each field backwards, so earlier offsets stay true.
pub fn redacted(bundle: &Value, redactions: &[RedactionRow]) -> Value {
    let mut out = bundle.clone();
    let mut passages: Vec<&RedactionRow> = Vec::new();
    for r in redactions {
        match (r.start_at, r.end_at) {
            (Some(_), Some(_)) => passages.push(r),
            _ => {
                if let Some(record) = find_record(&mut out, &r.record_type, &r.record_id) {
                    record.insert(
                        r.field.clone(),
                        Value::String(format!("[withheld: {}]", r.reason)),
                    );
                }
            }
        }
    }
    passages.sort_by_key(|r| std::cmp::Reverse(r.start_at));
    for r in passages {
        let (Some(start), Some(end)) = (r.start_at, r.end_at) else {
            continue;
        };
        let Some(record) = find_record(&mut out, &r.record_type, &r.record_id) else {
            continue;
        };
        let Some(text) = record.get(&r.field).and_then(Value::as_str) else {
            continue;
        };
        if text.starts_with("[withheld: ")
            && redactions
                .iter()
                .any(|w| w.start_at.is_none() && w.record_id == r.record_id && w.field == r.field)
        {
            continue;
        }
        let chars: Vec<char> = text.chars().collect();
        let (start, end) = (
            start.max(0) as usize,
            (end.max(0) as usize).min(chars.len()),
        );
        if start >= end {
            continue;
        }
        let mut replaced: String = chars[..start].iter().collect();
        replaced.push_str(&format!("[withheld: {}]", r.reason));
        replaced.extend(&chars[end..]);
        record.insert(r.field.clone(), Value::String(replaced));
    }
    if let Value::Object(map) = &mut out {
        map.insert("withheld".into(), json!(redactions.len()));
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date (`2026-12-03`) or instant in words: "3 December 2026" (and the time, UTC).
pub fn in_words(text: &str) -> Option<String> {
    let date = text.get(..10)?;
    let day = crate::dates::parse_date(date).ok()?;
    let words = format!(
        "{} {} {}",
        day.day(),
        MONTHS[usize::from(u8::from(day.month())) - 1],
        day.year()
    );
    match text.get(11..16) {
        Some(time) if text.len() > 10 => Some(format!("{words} at {time} UTC")),
        _ => Some(words),
    }
}

fn label(key: &str) -> String {
    let spaced = key.trim_end_matches("_id").replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

fn person(people: &BTreeMap<String, (String, String)>, id: &str) -> Option<String> {
    people.get(id).map(|(name, roles)| {
        if roles.is_empty() {
            name.clone()
        } else {
            format!("{name} ({roles})")
        }
    })
}

fn value_html(key: &str, value: &Value, people: &BTreeMap<String, (String, String)>) -> String {
    match value {
        Value::Null => "<em>none</em>".into(),
        Value::Bool(b) => if *b { "Yes" } else { "No" }.into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            if PERSON_KEYS.contains(&key) {
                if let Some(p) = person(people, s) {
                    return escape(&p);
                }
            }
            let looks_like_date = s.len() >= 10
                && s.as_bytes().get(4) == Some(&b'-')
                && s.as_bytes().get(7) == Some(&b'-');
            if looks_like_date
                && (key.ends_with("_on")
                    || key.ends_with("_at")
                    || key == "at"
                    || key.starts_with("period_")
                    || key == "until")
            {
                if let Some(words) = in_words(s) {
                    return escape(&words);
                }
            }
            escape(s)
        }
        other => escape(&other.to_string()),
    }
}

fn record_html(
    out: &mut String,
    record: &Value,
    level: usize,
    people: &BTreeMap<String, (String, String)>,
) {
    let Value::Object(map) = record else { return };
    let kind = map.get("type").and_then(Value::as_str).unwrap_or("record");
    let when = [
        "created_at",
        "at",
        "received_on",
        "meeting_on",
        "observed_on",
        "updated_at",
    ]
    .iter()
    .find_map(|k| map.get(*k).and_then(Value::as_str).and_then(in_words));
    out.push_str(&format!(
        "<section class=\"record\" id=\"{}\"><h{level}>{}{}</h{level}>\n<dl>\n",
        escape(map.get("id").and_then(Value::as_str).unwrap_or_default()),
        escape(&label(kind)),
        when.map(|w| format!(", {}", escape(&w)))
            .unwrap_or_default()
    ));
    let mut nested = Vec::new();
    for (key, value) in map {
        if key == "type" {
            continue;
        }
        if let Value::Array(items) = value {
            if items.iter().all(Value::is_object) {
                nested.push((key, items));
                continue;
            }
        }
        out.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>\n",
            escape(&label(key)),
            value_html(key, value, people)
        ));
    }
    out.push_str("</dl>\n");
    for (key, items) in nested {
        out.push_str(&format!(
            "<h{}>{} ({})</h{}>\n",
            (level + 1).min(6),
            escape(&label(key)),
            items.len(),
            (level + 1).min(6)
        ));
        for item in items {
            record_html(out, item, (level + 2).min(6), people);
        }
    }
    out.push_str("</section>\n");
}

const SECTION_TITLES: &[(&str, &str)] = &[
    ("audits", "Audits, with their judgements and responses"),
    ("observations", "Observations of practice"),
    ("escalations", "Escalations and their timelines"),
    ("monitoring_forms", "Monitoring forms"),
    ("feedback", "Feedback and complaints"),
    ("action_plans", "Action plans"),
    ("actions", "Actions"),
    ("notifications", "Notifications naming the case"),
    ("access_log", "Who read or changed these records"),
];

/// The bundle as a readable HTML document: a heading per kind of record, dates in words,
/// people by name and role.
pub fn html(bundle: &Value) -> String {
    let mut people = BTreeMap::new();
    for p in bundle["people"].as_array().into_iter().flatten() {
        let roles = p["roles"]
            .as_array()
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(|s| s.replace('_', " "))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        people.insert(
            p["id"].as_str().unwrap_or_default().to_string(),
            (
                p["display_name"].as_str().unwrap_or_default().to_string(),
                roles,
            ),
        );
    }
    let subject = &bundle["subject"];
    let title = match subject["type"].as_str() {
        Some("case") => format!(
            "Records about case {} ({})",
            subject["external_ref"].as_str().unwrap_or_default(),
            subject["display_name"].as_str().unwrap_or_default()
        ),
        Some("user") => format!(
            "Records about {}",
            subject["display_name"].as_str().unwrap_or_default()
        ),
        _ => "Records".into(),
    };
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head><meta charset=\"utf-8\">");
    out.push_str(&format!("<title>{}</title>", escape(&title)));
    out.push_str("<style>body{font-family:Arial,sans-serif;max-width:60em;margin:2em auto;line-height:1.4}dt{font-weight:bold}dd{margin:0 0 .5em 1em;white-space:pre-wrap}section.record{border-top:1px solid #b1b4b6;margin-top:1em}</style></head>\n<body>\n");
    out.push_str(&format!("<h1>{}</h1>\n", escape(&title)));
    if let Some(words) = bundle["generated_at"].as_str().and_then(in_words) {
        out.push_str(&format!(
            "<p>Subject access request {}. Gathered on {}.</p>\n",
            escape(bundle["request_id"].as_str().unwrap_or_default()),
            escape(&words)
        ));
    }
    if !subject.is_null() {
        out.push_str("<h2>The subject</h2>\n");
        record_html(&mut out, subject, 3, &people);
    }
    for (key, heading) in SECTION_TITLES {
        let Some(items) = bundle["records"][key].as_array() else {
            continue;
        };
        out.push_str(&format!("<h2>{} ({})</h2>\n", escape(heading), items.len()));
        if items.is_empty() {
            out.push_str("<p>None.</p>\n");
        }
        for item in items {
            record_html(&mut out, item, 3, &people);
        }
    }
    out.push_str("<h2>People named in these records</h2>\n<ul>\n");
    for (name, roles) in people.values() {
        out.push_str(&format!("<li>{} ({})</li>\n", escape(name), escape(roles)));
    }
    out.push_str("</ul>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redaction(field: &str, start: Option<i32>, end: Option<i32>, reason: &str) -> RedactionRow {
        RedactionRow {
            id: "r".into(),
            request_id: "q".into(),
            record_type: "audit".into(),
            record_id: "a1".into(),
            field: field.into(),
            start_at: start,
            end_at: end,
            reason: reason.into(),
            created_at: crate::dates::now_utc(),
            created_by: None,
        }
    }

    #[test]
    fn redactions_count_unicode_code_points_and_replace_passages() {
        let bundle = json!({"records": {"audits": [
            {"type": "audit", "id": "a1", "summary": "Zoë met Ann Smith at home", "child_views": "x"}
        ]}});
        let out = redacted(
            &bundle,
            &[
                redaction("summary", Some(8), Some(17), "third party"),
                redaction("summary", Some(0), Some(3), "name"),
                redaction("child_views", None, None, "child"),
            ],
        );
        assert_eq!(
            out["records"]["audits"][0]["summary"],
            "[withheld: name] met [withheld: third party] at home"
        );
        assert_eq!(
            out["records"]["audits"][0]["child_views"],
            "[withheld: child]"
        );
    }

    #[test]
    fn a_redaction_must_name_a_record_field_and_offsets_of_the_bundle() {
        let bundle = json!({"records": {"audits": [
            {"type": "audit", "id": "a1", "summary": "Zoë", "judgements": []}
        ]}});
        let check = |t: &str, id: &str, f: &str, s, e| {
            check_redaction(&bundle, &[], t, id, f, s, e)
                .err()
                .map(|errs| errs[0].field.clone())
        };
        assert_eq!(check("audit", "a1", "summary", Some(0), Some(3)), None);
        assert_eq!(
            check("audit", "a2", "summary", None, None),
            Some("record_id".into())
        );
        assert_eq!(
            check("action", "a1", "summary", None, None),
            Some("record_id".into())
        );
        assert_eq!(
            check("audit", "a1", "nothing", None, None),
            Some("field".into())
        );
        assert_eq!(
            check("audit", "a1", "judgements", None, None),
            Some("field".into())
        );
        assert_eq!(
            check("audit", "a1", "summary", Some(0), Some(4)),
            Some("end".into())
        );
        assert_eq!(
            check("audit", "a1", "summary", Some(3), Some(3)),
            Some("start".into())
        );
        assert_eq!(
            check("audit", "a1", "summary", Some(1), None),
            Some("end".into())
        );
    }

    #[test]
    fn dates_read_in_words() {
        assert_eq!(in_words("2026-01-31").as_deref(), Some("31 January 2026"));
        assert_eq!(
            in_words("2026-12-03T10:05:00Z").as_deref(),
            Some("3 December 2026 at 10:05 UTC")
        );
        assert_eq!(
            instant("2026-12-03 10:05:00.120000"),
            "2026-12-03T10:05:00.12Z"
        );
    }
}
