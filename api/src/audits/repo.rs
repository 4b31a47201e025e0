//! Audit queries and writes. Lists apply the caller's scope through the record policy; every
//! change of an audit row is a conditional update on the version authorised.

use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use time::{Date, PrimitiveDateTime};

use super::dto::{AuditKind, AuditStatus};
use super::model::{
    AuditRow, AuditStep, DraftChanges, JudgementChanges, JudgementRow, ModerationRow,
};
use crate::actions::model::{ActionRow, AlertRow};
use crate::auth::caller::Caller;
use crate::auth::policy::{list_scope, ListScope, Load, Loaded};
use crate::cases::repo::CaseSummary;
use crate::db::correlated::{correlated, Correlated};
use crate::db::schema::{audit_judgements, audit_moderations, audits, cases, users};
use crate::db::search::{contains_pattern, lower};
use crate::db::types::{AuditId, CaseId, EscalationId, JudgementId, ThemeId, UnitId, UserId};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiResult;
use crate::listing::{finish, resolve_sort, Limited, Page, PageRequest, SortParam};
use crate::pagination::Since;

/// One audit, whoever may see it.
pub fn find(conn: &mut DbConn, id: AuditId) -> QueryResult<Option<AuditRow>> {
    audits::table
        .find(id)
        .select(AuditRow::as_select())
        .first(conn)
        .optional()
}

impl Load for AuditRow {
    type Id = AuditId;

    fn load(conn: &mut DbConn, id: AuditId) -> QueryResult<Option<Loaded<Self>>> {
        let found: Option<(AuditRow, Option<UserId>)> = audits::table
            .inner_join(cases::table.on(cases::id.eq(audits::case_id)))
            .filter(audits::id.eq(id))
            .select((AuditRow::as_select(), cases::allocated_worker_id))
            .first(conn)
            .optional()?;
        Ok(found.map(|(record, case_worker_id)| Loaded {
            record,
            case_worker_id,
        }))
    }
}

/// The auditor's display name, read on the audit's row.
const AUDITOR_NAME: Correlated<Nullable<Text>> =
    correlated("(SELECT display_name FROM users WHERE users.id = audits.auditor_id)");

/// The practitioner's display name, read on the audit's row.
const PRACTITIONER_NAME: Correlated<Nullable<Text>> =
    correlated("(SELECT display_name FROM users WHERE users.id = audits.practitioner_id)");

/// The escalation the audit opened (`source` is
/// [`EscalationSource::Audit`](crate::escalations::dto::EscalationSource::Audit); a unit test
/// holds the two together).
const ESCALATION_OPENED: Correlated<Nullable<Text>> = correlated(
    "(SELECT id FROM escalations \
     WHERE escalations.source = 'audit' AND escalations.source_id = audits.id)",
);

/// An audit's judgements, remedial actions and safeguarding alerts, each as one JSON array
/// built on the audit's row, in the order their own queries give (standard; id). The keys are
/// the row types' fields; PostgreSQL names every column of a whole-row value itself.
struct Children {
    judgements: Correlated<Text>,
    actions: Correlated<Text>,
    alerts: Correlated<Text>,
}

const POSTGRES_CHILDREN: Children = Children {
    judgements: correlated(
        "(SELECT coalesce(json_agg(jd ORDER BY jd.standard_number), '[]')::text \
         FROM audit_judgements jd WHERE jd.audit_id = audits.id)",
    ),
    actions: correlated(
        "(SELECT coalesce(json_agg(ra ORDER BY ra.id), '[]')::text \
         FROM actions ra WHERE ra.audit_id = audits.id)",
    ),
    alerts: correlated(
        "(SELECT coalesce(json_agg(sa ORDER BY sa.id), '[]')::text \
         FROM safeguarding_alerts sa WHERE sa.audit_id = audits.id)",
    ),
};

const SQLITE_CHILDREN: Children = Children {
    judgements: correlated(
        "(SELECT json_group_array(json_object('id', jd.id, 'audit_id', jd.audit_id, \
         'standard_number', jd.standard_number, 'grade', jd.grade, \
         'not_applicable_reason', jd.not_applicable_reason, 'evidence', jd.evidence, \
         'strengths', jd.strengths, 'areas_for_development', jd.areas_for_development, \
         'updated_at', jd.updated_at) ORDER BY jd.standard_number) \
         FROM audit_judgements jd WHERE jd.audit_id = audits.id)",
    ),
    actions: correlated(
        "(SELECT json_group_array(json_object('id', ra.id, 'plan_id', ra.plan_id, \
         'audit_id', ra.audit_id, 'case_id', ra.case_id, 'team_id', ra.team_id, \
         'description', ra.description, 'owner_id', ra.owner_id, 'due_on', ra.due_on, \
         'kind', ra.kind, 'standard_number', ra.standard_number, 'status', ra.status, \
         'evidence', ra.evidence, 'impact', ra.impact, 'cancel_reason', ra.cancel_reason, \
         'completed_at', ra.completed_at, 'verified_at', ra.verified_at, \
         'verified_by', ra.verified_by, 'version', ra.version, 'created_at', ra.created_at, \
         'updated_at', ra.updated_at, 'created_by', ra.created_by) ORDER BY ra.id) \
         FROM actions ra WHERE ra.audit_id = audits.id)",
    ),
    alerts: correlated(
        "(SELECT json_group_array(json_object('id', sa.id, 'audit_id', sa.audit_id, \
         'case_id', sa.case_id, 'concern', sa.concern, 'severity', sa.severity, \
         'raised_by', sa.raised_by, 'created_at', sa.created_at) ORDER BY sa.id) \
         FROM safeguarding_alerts sa WHERE sa.audit_id = audits.id)",
    ),
};

/// Reads one of [`Children`]'s arrays; a row that does not read is a fault in the SQL above.
fn children_of<T: serde::de::DeserializeOwned>(json: &str) -> QueryResult<Vec<T>> {
    serde_json::from_str(json).map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))
}

/// What an audit's page shows beside the audit itself: its case's names, its moderation, the
/// auditor's and the practitioner's names, the escalation it opened, and its judgements,
/// remedial actions and safeguarding alerts.
#[derive(Debug, Clone)]
pub struct AuditSurroundings {
    /// The case's initials or pseudonym, its reference and its allocated worker.
    pub case: CaseSummary,
    /// The moderation, once moderated.
    pub moderation: Option<ModerationRow>,
    /// The auditor's display name.
    pub auditor_name: Option<String>,
    /// The practitioner's display name, when the audit names one.
    pub practitioner_name: Option<String>,
    /// The escalation the audit opened, if any (at most one per audit: `UNIQUE (source,
    /// source_id)`).
    pub escalation_id: Option<EscalationId>,
    /// The judgements, by standard.
    pub judgements: Vec<JudgementRow>,
    /// The remedial actions it raised.
    pub remedial_actions: Vec<ActionRow>,
    /// The safeguarding alerts it raised.
    pub alerts: Vec<AlertRow>,
}

/// An audit with everything its page shows, in one query: the case and the moderation are joins
/// (a moderation is unique per audit), the names and the escalation are scalar subqueries on
/// unique keys, so the row is never repeated, and the judgements, actions and alerts come as
/// JSON arrays built on the row ([`Children`]).
pub fn load_detail(
    conn: &mut DbConn,
    id: AuditId,
) -> QueryResult<Option<(Loaded<AuditRow>, AuditSurroundings)>> {
    type Row = (
        AuditRow,
        Option<UserId>,
        String,
        String,
        Option<ModerationRow>,
        (Option<String>, Option<String>, Option<EscalationId>),
        (String, String, String),
    );
    let children = match conn {
        DbConn::Pg(_) => &POSTGRES_CHILDREN,
        DbConn::Sqlite(_) => &SQLITE_CHILDREN,
    };
    let found: Option<Row> = audits::table
        .inner_join(cases::table.on(cases::id.eq(audits::case_id)))
        .left_join(audit_moderations::table.on(audit_moderations::audit_id.eq(audits::id)))
        .filter(audits::id.eq(id))
        .select((
            AuditRow::as_select(),
            cases::allocated_worker_id,
            cases::display_name,
            cases::external_ref,
            audit_moderations::all_columns.nullable(),
            (AUDITOR_NAME, PRACTITIONER_NAME, ESCALATION_OPENED),
            (children.judgements, children.actions, children.alerts),
        ))
        .first(conn)
        .optional()?;
    let Some((
        record,
        case_worker_id,
        display_name,
        external_ref,
        moderation,
        (auditor, practitioner, escalation),
        (judgements, actions, alerts),
    )) = found
    else {
        return Ok(None);
    };
    Ok(Some((
        Loaded {
            record,
            case_worker_id,
        },
        AuditSurroundings {
            case: CaseSummary {
                display_name,
                external_ref,
                allocated_worker_id: case_worker_id,
            },
            moderation,
            auditor_name: auditor,
            practitioner_name: practitioner,
            escalation_id: escalation,
            judgements: children_of(&judgements)?,
            remedial_actions: children_of(&actions)?,
            alerts: children_of(&alerts)?,
        },
    )))
}

/// Adds an audit.
pub fn insert(conn: &mut DbConn, row: &AuditRow) -> QueryResult<()> {
    diesel::insert_into(audits::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Rewrites a draft's fields if it is still at `version`.
pub fn update_draft(
    conn: &mut DbConn,
    id: AuditId,
    version: i32,
    changes: &DraftChanges,
) -> QueryResult<bool> {
    let changed = diesel::update(audits::table.find(id).filter(audits::version.eq(version)))
        .set(changes)
        .execute(conn)?;
    Ok(changed == 1)
}

/// Takes a step of the audit's life if it is still at `version`.
pub fn step(conn: &mut DbConn, id: AuditId, version: i32, step: &AuditStep) -> QueryResult<bool> {
    let changed = diesel::update(audits::table.find(id).filter(audits::version.eq(version)))
        .set(step)
        .execute(conn)?;
    Ok(changed == 1)
}

/// Moves the audit to a new version without changing its fields (a judgement, action or alert
/// was added), if it is still at `version`: the claim that serialises changes of its parts.
pub fn bump(
    conn: &mut DbConn,
    id: AuditId,
    version: i32,
    now: PrimitiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(audits::table.find(id).filter(audits::version.eq(version)))
        .set((audits::version.eq(version + 1), audits::updated_at.eq(now)))
        .execute(conn)?;
    Ok(changed == 1)
}

/// How many of an auditor's audits other than this one have been submitted (audits created
/// before it, so a returned audit submitted again keeps its place).
pub fn submissions_before(conn: &mut DbConn, auditor: UserId, audit: AuditId) -> QueryResult<i64> {
    audits::table
        .filter(audits::auditor_id.eq(auditor))
        .filter(audits::submitted_at.is_not_null())
        .filter(audits::id.lt(audit))
        .count()
        .get_result(conn)
}

/// An audit's judgements by standard number.
pub fn judgements_of(conn: &mut DbConn, audit_id: AuditId) -> QueryResult<Vec<JudgementRow>> {
    audit_judgements::table
        .filter(audit_judgements::audit_id.eq(audit_id))
        .order(audit_judgements::standard_number.asc())
        .select(JudgementRow::as_select())
        .load(conn)
}

/// The id of an audit's judgement of a standard, if saved.
pub fn judgement_id(
    conn: &mut DbConn,
    audit_id: AuditId,
    standard_number: i32,
) -> QueryResult<Option<JudgementId>> {
    audit_judgements::table
        .filter(audit_judgements::audit_id.eq(audit_id))
        .filter(audit_judgements::standard_number.eq(standard_number))
        .select(audit_judgements::id)
        .first(conn)
        .optional()
}

/// Adds a judgement.
pub fn insert_judgement(conn: &mut DbConn, row: &JudgementRow) -> QueryResult<()> {
    diesel::insert_into(audit_judgements::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Rewrites a judgement.
pub fn update_judgement(
    conn: &mut DbConn,
    id: JudgementId,
    changes: &JudgementChanges,
) -> QueryResult<()> {
    diesel::update(audit_judgements::table.find(id))
        .set(changes)
        .execute(conn)
        .map(|_| ())
}

/// One judgement.
pub fn find_judgement(conn: &mut DbConn, id: JudgementId) -> QueryResult<JudgementRow> {
    audit_judgements::table
        .find(id)
        .select(JudgementRow::as_select())
        .first(conn)
}

/// Adds a moderation.
pub fn insert_moderation(conn: &mut DbConn, row: &ModerationRow) -> QueryResult<()> {
    diesel::insert_into(audit_moderations::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Filters of the audit list.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    /// These teams.
    pub team_ids: Option<Vec<UnitId>>,
    /// One case.
    pub case_id: Option<CaseId>,
    /// One auditor.
    pub auditor_id: Option<UserId>,
    /// One practitioner.
    pub practitioner_id: Option<UserId>,
    /// These statuses.
    pub statuses: Option<Vec<AuditStatus>>,
    /// These kinds.
    pub kinds: Option<Vec<AuditKind>>,
    /// These overall grades.
    pub overall_grades: Option<Vec<String>>,
    /// One theme.
    pub theme_id: Option<ThemeId>,
    /// Submitted and not yet replied to by the practitioner.
    pub awaiting_response: Option<bool>,
    /// Reply overdue (true) or not (false): not replied to and submitted before this instant
    /// (the start of the first London day whose reply deadline has not passed).
    pub reply_overdue_before: Option<(bool, PrimitiveDateTime)>,
    /// Drawn into the moderation sample (true) or not (false).
    pub moderation_sampled: Option<bool>,
    /// Submitted at or after.
    pub submitted_from: Option<PrimitiveDateTime>,
    /// Submitted before.
    pub submitted_to: Option<PrimitiveDateTime>,
    /// Text in the case's name or reference, or the auditor's or practitioner's name.
    pub q: Option<String>,
    /// Created on or after.
    pub from: Option<Date>,
    /// Created on or before.
    pub to: Option<Date>,
    /// Changed at or after.
    pub updated_since: Option<Since>,
}

crate::sortable! {
    /// The fields the audit list sorts by.
    pub enum AuditSort on audits for AuditRow {
        CreatedAt = "created_at" => created_at: PrimitiveDateTime,
        UpdatedAt = "updated_at" => updated_at: PrimitiveDateTime,
        PeriodEnd = "period_end" => period_end: Date,
        Status = "status" => status: AuditStatus,
        Kind = "kind" => kind: AuditKind,
    }
    default = CreatedAt descending;
    incremental = UpdatedAt;
}

fn filtered<'a>(
    scope: ListScope<audits::table>,
    filter: &AuditFilter,
) -> audits::BoxedQuery<'a, MultiBackend> {
    let mut query = audits::table.into_boxed();
    if let ListScope::Only(condition) = scope {
        query = query.filter(condition);
    }
    if let Some(v) = &filter.team_ids {
        query = query.filter(crate::db::member_of(audits::team_id, v.clone()));
    }
    if let Some(v) = filter.case_id {
        query = query.filter(audits::case_id.eq(v));
    }
    if let Some(v) = filter.auditor_id {
        query = query.filter(audits::auditor_id.eq(v));
    }
    if let Some(v) = filter.practitioner_id {
        query = query.filter(audits::practitioner_id.eq(v));
    }
    if let Some(v) = &filter.statuses {
        query = query.filter(crate::db::member_of(audits::status, v.clone()));
    }
    if let Some(v) = &filter.kinds {
        query = query.filter(crate::db::member_of(audits::kind, v.clone()));
    }
    if let Some(v) = &filter.overall_grades {
        query = query.filter(audits::overall_grade.eq_any(v.clone()));
    }
    if let Some(v) = filter.theme_id {
        query = query.filter(audits::theme_id.eq(v));
    }
    match filter.awaiting_response {
        Some(true) => {
            query = query
                .filter(audits::status.ne(AuditStatus::Draft))
                .filter(audits::practitioner_id.is_not_null())
                .filter(audits::acknowledged_at.is_null());
        }
        Some(false) => {
            query = query.filter(
                audits::status
                    .eq(AuditStatus::Draft)
                    .or(audits::practitioner_id.is_null())
                    .or(audits::acknowledged_at.is_not_null()),
            );
        }
        None => {}
    }
    if let Some((overdue, before)) = filter.reply_overdue_before {
        let late = audits::status
            .eq_any([AuditStatus::Submitted, AuditStatus::Moderated])
            .and(audits::practitioner_id.is_not_null())
            .and(audits::acknowledged_at.is_null())
            .and(audits::submitted_at.lt(before).assume_not_null());
        query = if overdue {
            query.filter(late)
        } else {
            query.filter(diesel::dsl::not(late))
        };
    }
    if let Some(sampled) = filter.moderation_sampled {
        query = query.filter(audits::moderation_sampled.eq(sampled));
    }
    if let Some(from) = filter.submitted_from {
        query = query.filter(audits::submitted_at.ge(from));
    }
    if let Some(to) = filter.submitted_to {
        query = query.filter(audits::submitted_at.lt(to));
    }
    if let Some(q) = &filter.q {
        let pattern = contains_pattern(q);
        let matching_cases = cases::table
            .filter(
                lower(cases::display_name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(cases::external_ref)
                        .like(pattern.clone())
                        .escape('\\')),
            )
            .select(cases::id);
        let people = || {
            users::table.filter(
                lower(users::display_name)
                    .like(pattern.clone())
                    .escape('\\'),
            )
        };
        query = query.filter(
            audits::case_id
                .eq_any(matching_cases)
                .or(audits::auditor_id.eq_any(people().select(users::id)))
                .or(audits::practitioner_id.eq_any(people().select(users::id.nullable()))),
        );
    }
    if let Some(from) = filter.from {
        query = query.filter(audits::created_at.ge(from.midnight()));
    }
    if let Some(to) = filter.to {
        if let Some(next) = to.next_day() {
            query = query.filter(audits::created_at.lt(next.midnight()));
        }
    }
    if let Some(Since(since)) = filter.updated_since {
        query = query.filter(audits::updated_at.ge(since));
    }
    query
}

/// A page of the audits in scope, in the asked order, with the total when asked.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &AuditFilter,
    sort: Option<SortParam<AuditSort>>,
    page: &PageRequest,
) -> ApiResult<(Page<ListedAudit>, Option<i64>)> {
    let keys = resolve_sort(sort, filter.updated_since.is_some());
    let query = AuditSort::apply(
        filtered(list_scope(caller)?, filter).select(AuditRow::as_select()),
        &keys,
        page.cursor.as_ref(),
    )?;
    let rows: Vec<(AuditRow, NamesRow)> = WithNames {
        page: page.limit(query),
        order: AuditSort::order_sql(&keys, page.cursor.as_ref()),
    }
    .load(conn)?;
    let rows = rows
        .into_iter()
        .map(|(record, names)| ListedAudit::new(record, names))
        .collect();
    let total = if page.count {
        Some(
            filtered(list_scope(caller)?, filter)
                .count()
                .get_result(conn)?,
        )
    } else {
        None
    };
    Ok((
        finish(rows, page, &keys, |r| {
            AuditSort::values(&r.loaded.record, &keys)
        }),
        total,
    ))
}

/// An audit of a list with what its item shows beside the audit's own columns.
#[derive(Debug, Clone)]
pub struct ListedAudit {
    /// The audit and its case's allocated worker now, for the record policy.
    pub loaded: Loaded<AuditRow>,
    /// The case's initials or pseudonym.
    pub case_display_name: Option<String>,
    /// The case's reference in the case management system.
    pub case_external_ref: Option<String>,
    /// The auditor's display name.
    pub auditor_name: Option<String>,
    /// The practitioner's display name, when the audit names one.
    pub practitioner_name: Option<String>,
    /// The grade after moderation, once moderated.
    pub moderated_grade: Option<String>,
}

/// The columns [`WithNames`] adds to each audit row, in its order.
type NamesRow = (
    Option<UserId>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

impl ListedAudit {
    fn new(
        record: AuditRow,
        (case_worker_id, case_display_name, case_external_ref, auditor, practitioner, grade): NamesRow,
    ) -> Self {
        // The list shows a moderated grade only on an audit whose status says so, as it did
        // when it read the grades of the moderated audits alone.
        let moderated_grade = grade.filter(|_| record.status == AuditStatus::Moderated);
        Self {
            loaded: Loaded {
                record,
                case_worker_id,
            },
            case_display_name,
            case_external_ref,
            auditor_name: auditor,
            practitioner_name: practitioner,
            moderated_grade,
        }
    }
}

/// A page of audits with their case's names and allocated worker, the auditor's and the
/// practitioner's names and the moderated grade joined onto its rows, in the page's order: the
/// page's query is the subquery, so the joins meet only the rows of the page. One statement
/// where a case query, a people query and a moderations query followed the page's (on
/// PostgreSQL at 100,000 audits the database's work was the same, 3,195-3,395 joined pages a
/// second against 3,118-3,541 of the four statements through `pgbench`; the service saved three
/// round trips a list). Scalar subqueries instead cost the database four times the page's own
/// work (1,807 pages a second against 8,101).
struct WithNames<Q> {
    page: Limited<Q>,
    /// The page's order as SQL over `audits` ([`AuditSort::order_sql`]): a join does not keep
    /// its subquery's order.
    order: String,
}

impl<Q: diesel::query_builder::Query> diesel::query_builder::Query for WithNames<Q> {
    type SqlType = (
        Q::SqlType,
        (
            Nullable<Text>,
            Nullable<Text>,
            Nullable<Text>,
            Nullable<Text>,
            Nullable<Text>,
            Nullable<Text>,
        ),
    );
}

impl<Q, DB> diesel::query_builder::QueryFragment<DB> for WithNames<Q>
where
    Q: diesel::query_builder::QueryFragment<DB>,
    DB: diesel::backend::Backend,
{
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> QueryResult<()> {
        out.push_sql(
            "SELECT audits.*, listed_case.allocated_worker_id, listed_case.display_name, \
             listed_case.external_ref, listed_auditor.display_name, \
             listed_practitioner.display_name, listed_moderation.moderated_grade FROM (",
        );
        self.page.walk_ast(out.reborrow())?;
        out.push_sql(
            ") AS audits \
             LEFT JOIN cases AS listed_case ON listed_case.id = audits.case_id \
             LEFT JOIN users AS listed_auditor ON listed_auditor.id = audits.auditor_id \
             LEFT JOIN users AS listed_practitioner \
             ON listed_practitioner.id = audits.practitioner_id \
             LEFT JOIN audit_moderations AS listed_moderation \
             ON listed_moderation.audit_id = audits.id ORDER BY ",
        );
        // Column names from the sort's own declaration, never text from a client.
        out.push_sql(&self.order);
        Ok(())
    }
}

/// Cached by its SQL text, which holds the order and the page's size.
impl<Q> diesel::query_builder::QueryId for WithNames<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q, Conn> RunQueryDsl<Conn> for WithNames<Q> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escalations::dto::EscalationSource;
    use diesel::query_builder::QueryFragment;

    #[test]
    fn the_escalation_subquery_names_the_audit_source_as_stored() {
        let stored = format!("'{}'", EscalationSource::Audit.as_str());
        let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(&ESCALATION_OPENED).to_string();
        assert!(sql.contains(&stored), "{sql}");
    }

    #[test]
    fn the_names_query_orders_as_the_page_did_and_turns_round_before_a_cursor() {
        use crate::listing::{Cursor, SortKey};
        let keys = [
            SortKey {
                field: AuditSort::Status,
                descending: false,
            },
            SortKey {
                field: AuditSort::CreatedAt,
                descending: true,
            },
        ];
        assert_eq!(
            AuditSort::order_sql(&keys, None),
            "audits.status ASC, audits.created_at DESC, audits.id ASC"
        );
        let before = Cursor {
            sort: "status,-created_at".into(),
            backwards: true,
            values: Vec::new(),
        };
        assert_eq!(
            AuditSort::order_sql(&keys, Some(&before)),
            "audits.status DESC, audits.created_at ASC, audits.id DESC"
        );
    }

    #[test]
    fn the_subqueries_leave_a_query_fit_to_keep_prepared() {
        let query = audits::table.select((AuditRow::as_select(), AUDITOR_NAME, ESCALATION_OPENED));
        let safe = QueryFragment::<diesel::sqlite::Sqlite>::is_safe_to_cache_prepared(
            &query,
            &diesel::sqlite::Sqlite,
        )
        .unwrap();
        assert!(
            safe,
            "a subquery marked its query as never to be kept prepared"
        );
    }
}
