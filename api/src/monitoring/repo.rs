//! Monitoring form queries and writes. Lists apply the caller's scope through the record
//! policy; every change of a form is a conditional update on the version authorised.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::dto::{FormStatus, MeetingType, QualityRating};
use super::model::{FormRow, FormState, QualityCheckRow};
use crate::auth::caller::Caller;
use crate::auth::policy::{list_scope, ListScope, Load, Loaded};
use crate::db::schema::{cases, monitoring_forms, monitoring_quality_checks, users};
use crate::db::search::{contains_pattern, lower};
use crate::db::types::{CaseId, FormId, UnitId, UserId};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiResult;
use crate::listing::{finish, resolve_sort, Page, PageRequest, SortParam};
use crate::pagination::Since;

/// One form, whoever may see it.
pub fn find(conn: &mut DbConn, id: FormId) -> QueryResult<Option<FormRow>> {
    monitoring_forms::table
        .find(id)
        .select(FormRow::as_select())
        .first(conn)
        .optional()
}

impl Load for FormRow {
    type Id = FormId;

    fn load(conn: &mut DbConn, id: FormId) -> QueryResult<Option<Loaded<Self>>> {
        let found: Option<(FormRow, Option<UserId>)> = monitoring_forms::table
            .inner_join(cases::table.on(cases::id.eq(monitoring_forms::case_id)))
            .filter(monitoring_forms::id.eq(id))
            .select((FormRow::as_select(), cases::allocated_worker_id))
            .first(conn)
            .optional()?;
        Ok(found.map(|(record, case_worker_id)| Loaded {
            record,
            case_worker_id,
        }))
    }
}

/// Adds a form.
pub fn insert(conn: &mut DbConn, row: &FormRow) -> QueryResult<()> {
    diesel::insert_into(monitoring_forms::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Writes the form's next state if it is still at `version`.
pub fn save(conn: &mut DbConn, id: FormId, version: i32, state: &FormState) -> QueryResult<bool> {
    let changed = diesel::update(
        monitoring_forms::table
            .find(id)
            .filter(monitoring_forms::version.eq(version)),
    )
    .set(state)
    .execute(conn)?;
    Ok(changed == 1)
}

/// The quality checks of these forms, by standard.
pub fn checks_of(conn: &mut DbConn, forms: &[FormId]) -> QueryResult<Vec<QualityCheckRow>> {
    if forms.is_empty() {
        return Ok(Vec::new());
    }
    monitoring_quality_checks::table
        .filter(crate::db::member_of(
            monitoring_quality_checks::form_id,
            forms.to_vec(),
        ))
        .order((
            monitoring_quality_checks::form_id.asc(),
            monitoring_quality_checks::standard_number.asc(),
        ))
        .select(QualityCheckRow::as_select())
        .load(conn)
}

/// Replaces a form's quality checks (under the form's version claim).
pub fn replace_checks(
    conn: &mut DbConn,
    form: FormId,
    checks: &[QualityCheckRow],
) -> QueryResult<()> {
    diesel::delete(
        monitoring_quality_checks::table.filter(monitoring_quality_checks::form_id.eq(form)),
    )
    .execute(conn)?;
    if !checks.is_empty() {
        crate::batch_insert!(conn, monitoring_quality_checks::table, checks)?;
    }
    Ok(())
}

/// Filters of the form list.
#[derive(Debug, Default, Clone)]
pub struct FormFilter {
    /// One case.
    pub case_id: Option<CaseId>,
    /// These teams.
    pub team_ids: Option<Vec<UnitId>>,
    /// One officer.
    pub officer_id: Option<UserId>,
    /// These meetings.
    pub meeting_types: Option<Vec<MeetingType>>,
    /// These statuses.
    pub statuses: Option<Vec<FormStatus>>,
    /// Forms with a quality check of this rating.
    pub rating: Option<QualityRating>,
    /// Held on or after.
    pub from: Option<Date>,
    /// Held on or before.
    pub to: Option<Date>,
    /// Text in the case's name or reference, or the officer's name.
    pub q: Option<String>,
    /// Changed at or after.
    pub updated_since: Option<Since>,
}

crate::sortable! {
    /// The fields the form list sorts by.
    pub enum FormSort on monitoring_forms for FormRow {
        CreatedAt = "created_at" => created_at: PrimitiveDateTime,
        UpdatedAt = "updated_at" => updated_at: PrimitiveDateTime,
        MeetingOn = "meeting_on" => meeting_on: Date,
        Status = "status" => status: FormStatus,
        MeetingType = "meeting_type" => meeting_type: MeetingType,
    }
    default = CreatedAt descending;
    incremental = UpdatedAt;
}

fn filtered<'a>(
    scope: ListScope<monitoring_forms::table>,
    filter: &FormFilter,
) -> monitoring_forms::BoxedQuery<'a, MultiBackend> {
    let mut query = monitoring_forms::table.into_boxed();
    if let ListScope::Only(condition) = scope {
        query = query.filter(condition);
    }
    if let Some(v) = filter.case_id {
        query = query.filter(monitoring_forms::case_id.eq(v));
    }
    if let Some(v) = &filter.team_ids {
        query = query.filter(crate::db::member_of(monitoring_forms::team_id, v.clone()));
    }
    if let Some(v) = filter.officer_id {
        query = query.filter(monitoring_forms::officer_id.eq(v));
    }
    if let Some(v) = &filter.meeting_types {
        query = query.filter(crate::db::member_of(
            monitoring_forms::meeting_type,
            v.clone(),
        ));
    }
    if let Some(v) = &filter.statuses {
        query = query.filter(crate::db::member_of(monitoring_forms::status, v.clone()));
    }
    if let Some(rating) = filter.rating {
        let rated = monitoring_quality_checks::table
            .filter(monitoring_quality_checks::rating.eq(rating))
            .select(monitoring_quality_checks::form_id);
        query = query.filter(monitoring_forms::id.eq_any(rated));
    }
    if let Some(from) = filter.from {
        query = query.filter(monitoring_forms::meeting_on.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(monitoring_forms::meeting_on.le(to));
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
        let officers = users::table
            .filter(
                lower(users::display_name)
                    .like(pattern.clone())
                    .escape('\\'),
            )
            .select(users::id);
        query = query.filter(
            monitoring_forms::case_id
                .eq_any(matching_cases)
                .or(monitoring_forms::officer_id.eq_any(officers)),
        );
    }
    if let Some(Since(since)) = filter.updated_since {
        query = query.filter(monitoring_forms::updated_at.ge(since));
    }
    query
}

/// A page of the forms in scope, in the asked order, with the total when asked.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &FormFilter,
    sort: Option<SortParam<FormSort>>,
    page: &PageRequest,
) -> ApiResult<(Page<FormRow>, Option<i64>)> {
    let keys = resolve_sort(sort, filter.updated_since.is_some());
    let query = FormSort::apply(
        filtered(list_scope(caller)?, filter).select(FormRow::as_select()),
        &keys,
        page.cursor.as_ref(),
    )?;
    let rows = page.limit(query).load(conn)?;
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
        finish(rows, page, &keys, |r| FormSort::values(r, &keys)),
        total,
    ))
}
