//! Observation queries and writes. Lists apply the caller's scope through the record policy;
//! every change of an observation row is a conditional update on the version authorised.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::dto::{FeedbackFromRole, ObservationSetting, ObservationStatus};
use super::model::{
    FeedbackRow, LearningNeedRow, ObservationJudgementRow, ObservationRow, ObservationState,
    SkillRatingRow, SkillRow,
};
use crate::auth::caller::Caller;
use crate::auth::policy::{list_scope, ListScope, Load, Loaded};
use crate::db::schema::{
    cases, learning_needs, observation_feedback, observation_judgements, observation_skill_ratings,
    observations, practice_skills, users,
};
use crate::db::search::{contains_pattern, lower};
use crate::db::types::{CaseId, LearningNeedId, ObservationId, UnitId, UserId};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiResult;
use crate::listing::{finish, resolve_sort, Page, PageRequest, SortParam};
use crate::pagination::Since;

impl Load for ObservationRow {
    type Id = ObservationId;

    fn load(conn: &mut DbConn, id: ObservationId) -> QueryResult<Option<Loaded<Self>>> {
        let found: Option<(ObservationRow, Option<UserId>)> = observations::table
            .left_join(cases::table.on(cases::id.nullable().eq(observations::case_id)))
            .filter(observations::id.eq(id))
            .select((
                ObservationRow::as_select(),
                cases::allocated_worker_id.nullable(),
            ))
            .first(conn)
            .optional()?;
        Ok(found.map(|(record, case_worker_id)| Loaded {
            record,
            case_worker_id,
        }))
    }
}

/// Adds an observation.
pub fn insert(conn: &mut DbConn, row: &ObservationRow) -> QueryResult<()> {
    diesel::insert_into(observations::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Writes the observation's next state if it is still at `version`.
pub fn save(
    conn: &mut DbConn,
    id: ObservationId,
    version: i32,
    state: &ObservationState,
) -> QueryResult<bool> {
    let changed = diesel::update(
        observations::table
            .find(id)
            .filter(observations::version.eq(version)),
    )
    .set(state)
    .execute(conn)?;
    Ok(changed == 1)
}

/// Moves the observation to a new version without changing its fields (one of its parts
/// changed), if it is still at `version`: the claim that serialises changes of its parts.
pub fn bump(
    conn: &mut DbConn,
    id: ObservationId,
    version: i32,
    now: PrimitiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(
        observations::table
            .find(id)
            .filter(observations::version.eq(version)),
    )
    .set((
        observations::version.eq(version + 1),
        observations::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The council's practice skills in form order; only the active ones when `active_only`.
pub fn skills(conn: &mut DbConn, active_only: bool) -> QueryResult<Vec<SkillRow>> {
    let mut query = practice_skills::table.into_boxed();
    if active_only {
        query = query.filter(practice_skills::active.eq(true));
    }
    query
        .order((practice_skills::position.asc(), practice_skills::code.asc()))
        .select(SkillRow::as_select())
        .load(conn)
}

/// An observation's judgements by standard number.
pub fn judgements_of(
    conn: &mut DbConn,
    id: ObservationId,
) -> QueryResult<Vec<ObservationJudgementRow>> {
    observation_judgements::table
        .filter(observation_judgements::observation_id.eq(id))
        .order(observation_judgements::standard_number.asc())
        .select(ObservationJudgementRow::as_select())
        .load(conn)
}

/// Saves a standard's judgement, replacing the one saved before. The caller holds the
/// observation's version claim, so two saves never race here.
pub fn put_judgement(conn: &mut DbConn, row: &ObservationJudgementRow) -> QueryResult<()> {
    diesel::delete(
        observation_judgements::table
            .filter(observation_judgements::observation_id.eq(row.observation_id))
            .filter(observation_judgements::standard_number.eq(row.standard_number)),
    )
    .execute(conn)?;
    diesel::insert_into(observation_judgements::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// An observation's skill ratings in form order.
pub fn ratings_of(conn: &mut DbConn, id: ObservationId) -> QueryResult<Vec<SkillRatingRow>> {
    observation_skill_ratings::table
        .inner_join(
            practice_skills::table
                .on(practice_skills::code.eq(observation_skill_ratings::skill_code)),
        )
        .filter(observation_skill_ratings::observation_id.eq(id))
        .order(practice_skills::position.asc())
        .select(SkillRatingRow::as_select())
        .load(conn)
}

/// Saves a skill's rating, replacing the one saved before (under the version claim).
pub fn put_rating(conn: &mut DbConn, row: &SkillRatingRow) -> QueryResult<()> {
    diesel::delete(
        observation_skill_ratings::table
            .filter(observation_skill_ratings::observation_id.eq(row.observation_id))
            .filter(observation_skill_ratings::skill_code.eq(&row.skill_code)),
    )
    .execute(conn)?;
    diesel::insert_into(observation_skill_ratings::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// An observation's feedback from the child and family, oldest first.
pub fn feedback_of(conn: &mut DbConn, id: ObservationId) -> QueryResult<Vec<FeedbackRow>> {
    observation_feedback::table
        .filter(observation_feedback::observation_id.eq(id))
        .order(observation_feedback::id.asc())
        .select(FeedbackRow::as_select())
        .load(conn)
}

/// Adds feedback.
pub fn insert_feedback(conn: &mut DbConn, row: &FeedbackRow) -> QueryResult<()> {
    diesel::insert_into(observation_feedback::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Deletes the feedback given by these people (they declined: nothing about them is kept).
pub fn delete_feedback_from(
    conn: &mut DbConn,
    id: ObservationId,
    from: &[FeedbackFromRole],
) -> QueryResult<usize> {
    diesel::delete(
        observation_feedback::table
            .filter(observation_feedback::observation_id.eq(id))
            .filter(crate::db::member_of(
                observation_feedback::from_role,
                from.to_vec(),
            )),
    )
    .execute(conn)
}

/// An observation's learning needs, oldest first.
pub fn needs_of(conn: &mut DbConn, id: ObservationId) -> QueryResult<Vec<LearningNeedRow>> {
    learning_needs::table
        .filter(learning_needs::observation_id.eq(id))
        .order(learning_needs::id.asc())
        .select(LearningNeedRow::as_select())
        .load(conn)
}

/// Adds a learning need.
pub fn insert_need(conn: &mut DbConn, row: &LearningNeedRow) -> QueryResult<()> {
    diesel::insert_into(learning_needs::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Marks these learning needs of the observation as agreed by the worker.
pub fn agree_needs(
    conn: &mut DbConn,
    id: ObservationId,
    needs: &[LearningNeedId],
    now: PrimitiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        learning_needs::table
            .filter(learning_needs::observation_id.eq(id))
            .filter(crate::db::member_of(learning_needs::id, needs.to_vec())),
    )
    .set((
        learning_needs::agreed_by_worker.eq(true),
        learning_needs::updated_at.eq(now),
    ))
    .execute(conn)
}

/// Filters of the observation list.
#[derive(Debug, Default, Clone)]
pub struct ObservationFilter {
    /// One observed worker.
    pub observed_id: Option<UserId>,
    /// One observer.
    pub observer_id: Option<UserId>,
    /// These teams.
    pub team_ids: Option<Vec<UnitId>>,
    /// One case.
    pub case_id: Option<CaseId>,
    /// These statuses.
    pub statuses: Option<Vec<ObservationStatus>>,
    /// These settings.
    pub settings: Option<Vec<ObservationSetting>>,
    /// Observed on or after.
    pub from: Option<Date>,
    /// Observed on or before.
    pub to: Option<Date>,
    /// Text in the case's name or reference, or the observer's or worker's name.
    pub q: Option<String>,
    /// Changed at or after.
    pub updated_since: Option<Since>,
}

crate::sortable! {
    /// The fields the observation list sorts by.
    pub enum ObservationSort on observations for ObservationRow {
        CreatedAt = "created_at" => created_at: PrimitiveDateTime,
        UpdatedAt = "updated_at" => updated_at: PrimitiveDateTime,
        ObservedOn = "observed_on" => observed_on: Date,
        Status = "status" => status: ObservationStatus,
        Setting = "setting" => setting: ObservationSetting,
    }
    default = CreatedAt descending;
    incremental = UpdatedAt;
}

fn filtered<'a>(
    scope: ListScope<observations::table>,
    filter: &ObservationFilter,
) -> observations::BoxedQuery<'a, MultiBackend> {
    let mut query = observations::table.into_boxed();
    if let ListScope::Only(condition) = scope {
        query = query.filter(condition);
    }
    if let Some(v) = filter.observed_id {
        query = query.filter(observations::observed_id.eq(v));
    }
    if let Some(v) = filter.observer_id {
        query = query.filter(observations::observer_id.eq(v));
    }
    if let Some(v) = &filter.team_ids {
        query = query.filter(crate::db::member_of(observations::team_id, v.clone()));
    }
    if let Some(v) = filter.case_id {
        query = query.filter(observations::case_id.eq(v));
    }
    if let Some(v) = &filter.statuses {
        query = query.filter(crate::db::member_of(observations::status, v.clone()));
    }
    if let Some(v) = &filter.settings {
        query = query.filter(crate::db::member_of(observations::setting, v.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(observations::observed_on.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(observations::observed_on.le(to));
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
            .select(cases::id.nullable());
        let people = || {
            users::table
                .filter(
                    lower(users::display_name)
                        .like(pattern.clone())
                        .escape('\\'),
                )
                .select(users::id)
        };
        query = query.filter(
            observations::case_id
                .eq_any(matching_cases)
                .or(observations::observer_id.eq_any(people()).nullable())
                .or(observations::observed_id.eq_any(people()).nullable()),
        );
    }
    if let Some(Since(since)) = filter.updated_since {
        query = query.filter(observations::updated_at.ge(since));
    }
    query
}

/// A page of the observations in scope, in the asked order, with the total when asked.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &ObservationFilter,
    sort: Option<SortParam<ObservationSort>>,
    page: &PageRequest,
) -> ApiResult<(Page<ObservationRow>, Option<i64>)> {
    let keys = resolve_sort(sort, filter.updated_since.is_some());
    let query = ObservationSort::apply(
        filtered(list_scope(caller)?, filter).select(ObservationRow::as_select()),
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
        finish(rows, page, &keys, |r| ObservationSort::values(r, &keys)),
        total,
    ))
}

/// Filters of the learning-needs list.
#[derive(Debug, Default, Clone)]
pub struct NeedFilter {
    /// These teams.
    pub team_ids: Option<Vec<UnitId>>,
    /// One worker.
    pub worker_id: Option<UserId>,
    /// These standards.
    pub standards: Option<Vec<i32>>,
    /// Raised on or after.
    pub from: Option<Date>,
    /// Raised on or before.
    pub to: Option<Date>,
    /// Changed at or after.
    pub updated_since: Option<Since>,
}

crate::sortable! {
    /// The fields the learning-needs list sorts by.
    pub enum NeedSort on learning_needs for LearningNeedRow {
        CreatedAt = "created_at" => created_at: PrimitiveDateTime,
        UpdatedAt = "updated_at" => updated_at: PrimitiveDateTime,
    }
    default = CreatedAt descending;
    incremental = UpdatedAt;
}

fn needs_filtered<'a>(
    scope: ListScope<learning_needs::table>,
    filter: &NeedFilter,
) -> learning_needs::BoxedQuery<'a, MultiBackend> {
    // Only needs of observations shared with the worker: a draft's needs are the observer's
    // notes until the observation is submitted.
    let shared = observations::table
        .filter(observations::status.eq_any([
            ObservationStatus::Submitted,
            ObservationStatus::Acknowledged,
        ]))
        .select(observations::id);
    let mut query = learning_needs::table
        .filter(learning_needs::observation_id.eq_any(shared))
        .into_boxed();
    if let ListScope::Only(condition) = scope {
        query = query.filter(condition);
    }
    if let Some(v) = &filter.team_ids {
        query = query.filter(crate::db::member_of(learning_needs::team_id, v.clone()));
    }
    if let Some(v) = filter.worker_id {
        query = query.filter(learning_needs::worker_id.eq(v));
    }
    if let Some(v) = &filter.standards {
        query = query.filter(learning_needs::standard_number.eq_any(v.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(learning_needs::created_at.ge(from.midnight()));
    }
    if let Some(to) = filter.to {
        if let Some(next) = to.next_day() {
            query = query.filter(learning_needs::created_at.lt(next.midnight()));
        }
    }
    if let Some(Since(since)) = filter.updated_since {
        query = query.filter(learning_needs::updated_at.ge(since));
    }
    query
}

/// A page of the learning needs in scope.
pub fn list_needs(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &NeedFilter,
    sort: Option<SortParam<NeedSort>>,
    page: &PageRequest,
) -> ApiResult<(Page<LearningNeedRow>, Option<i64>)> {
    let keys = resolve_sort(sort, filter.updated_since.is_some());
    let query = NeedSort::apply(
        needs_filtered(list_scope(caller)?, filter).select(LearningNeedRow::as_select()),
        &keys,
        page.cursor.as_ref(),
    )?;
    let rows = page.limit(query).load(conn)?;
    let total = if page.count {
        Some(
            needs_filtered(list_scope(caller)?, filter)
                .count()
                .get_result(conn)?,
        )
    } else {
        None
    };
    Ok((
        finish(rows, page, &keys, |r| NeedSort::values(r, &keys)),
        total,
    ))
}

/// How many learning needs one team has on one standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedTally {
    /// The team.
    pub team: UnitId,
    /// The standard, if any.
    pub standard: Option<i32>,
    /// How many.
    pub count: i64,
    /// How many the worker agreed.
    pub agreed: i64,
}

/// The learning needs in scope counted by team and standard. Counted here rather than with
/// `GROUP BY`: the scope is a boxed condition that diesel cannot group, and three narrow
/// columns per need are cheap at a council's volumes.
pub fn count_needs(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &NeedFilter,
) -> ApiResult<Vec<NeedTally>> {
    let rows: Vec<(UnitId, Option<i32>, bool)> = needs_filtered(list_scope(caller)?, filter)
        .select((
            learning_needs::team_id,
            learning_needs::standard_number,
            learning_needs::agreed_by_worker,
        ))
        .load(conn)?;
    let mut counts: std::collections::BTreeMap<(UnitId, Option<i32>), (i64, i64)> =
        Default::default();
    for (team, standard, agreed) in rows {
        let entry = counts.entry((team, standard)).or_default();
        entry.0 += 1;
        entry.1 += i64::from(agreed);
    }
    Ok(counts
        .into_iter()
        .map(|((team, standard), (count, agreed))| NeedTally {
            team,
            standard,
            count,
            agreed,
        })
        .collect())
}
