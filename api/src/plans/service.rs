//! Plan rules: who a plan may name and where it belongs, its actions, measures and readings,
//! and the evidence of impact from re-audits (product.md §4.2 "Re-audit", §4.7).

use std::collections::HashMap;

use diesel::prelude::*;

use super::dto::{
    ActionPlan, AuditImpact, Measure, MeasureMethod, NewMeasure, NewPlan, NewPlanAction,
    NewReading, PlanPatch, Reading, ReadingSource, StandardChange, StandardImpact,
};
use super::model::{MeasureRow, PlanChanges, ReadingRow};
use super::policy::PLANNERS;
use super::repo;
use crate::actions::dto::{ActionKind, ActionStatus, PlanSource};
use crate::actions::model::{ActionRow, PlanRow};
use crate::actions::repo as action_repo;
use crate::actions::service as action_service;
use crate::audits::dto::AuditStatus;
use crate::audits::model::AuditRow;
use crate::auth::caller::Caller;
use crate::auth::policy::{allowed, check_named_person, log_change, Authorized, Loaded};
use crate::auth::roles::Role;
use crate::dates::{london_date, london_today, now_utc, parse_date, to_utc};
use crate::db::schema::{audit_judgements, audits, grades};
use crate::db::types::{ActionId, AnyId, AuditId, MeasureId, PlanId, ReadingId, UnitId, UserId};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::labels::Labels;
use crate::notifications::{notify, Notice};
use crate::org::dto::OrgUnitKind;
use crate::org::repo as org_repo;
use crate::programmes::model::ThemeRow;

/// The rank from which a grade counts as good or better (Ofsted: good 3, outstanding 4).
const GOOD_RANK: i32 = 3;

/// Plans as the caller sees them, with their progress: a few queries for a whole page.
pub fn present_all(
    conn: &mut DbConn,
    caller: &Caller,
    plans: Vec<Loaded<PlanRow>>,
) -> ApiResult<Vec<ActionPlan>> {
    let ids: Vec<PlanId> = plans.iter().map(|p| p.record.id).collect();
    let mut progress = repo::progress_of(conn, &ids, london_today())?;
    let units: Vec<UnitId> = plans.iter().filter_map(|p| p.record.team_id).collect();
    let unit_names = org_repo::unit_names(conn, &units)?;
    let labels = Labels::fetch(
        conn,
        plans.iter().filter_map(|p| p.record.case_id),
        plans.iter().filter_map(|p| p.record.owner_id),
    )?;
    Ok(plans
        .into_iter()
        .map(|plan| {
            let operations = allowed(caller, &plan);
            let row = plan.record;
            let unit_name = row.team_id.and_then(|u| unit_names.get(&u).cloned());
            ActionPlan::new(
                row.clone(),
                progress.remove(&row.id).unwrap_or_default(),
                operations,
                &labels,
                unit_name,
            )
        })
        .collect())
}

/// One plan in full: its actions, measures with readings, and re-audit impact.
pub fn present_detail(
    conn: &mut DbConn,
    caller: &Caller,
    plan: Loaded<PlanRow>,
) -> ApiResult<ActionPlan> {
    let narrative = caller.reads_narrative_of(&plan);
    let row = plan.record.clone();
    let mut shown = present_all(conn, caller, vec![plan.clone()])?
        .pop()
        .ok_or(ApiError::NotFound)?;
    let actions = action_repo::of_plan(conn, row.id)?;
    let labels = Labels::fetch(
        conn,
        actions.iter().filter_map(|a| a.case_id),
        actions.iter().filter_map(|a| a.owner_id),
    )?;
    shown.actions = Some(
        actions
            .into_iter()
            .map(|a| {
                let loaded = Loaded {
                    record: a,
                    case_worker_id: plan.case_worker_id,
                };
                action_service::present(caller, loaded).named(&labels)
            })
            .collect(),
    );
    let reaudits = ReauditEvidence::of_plan(conn, &row)?;
    let measures = repo::measures_of(conn, row.id)?;
    let ids: Vec<MeasureId> = measures.iter().map(|m| m.id).collect();
    let mut readings: HashMap<MeasureId, Vec<Reading>> = HashMap::new();
    for reading in repo::readings_of(conn, &ids)? {
        readings
            .entry(reading.measure_id)
            .or_default()
            .push(Reading::from_row(reading, narrative));
    }
    shown.measures = Some(
        measures
            .into_iter()
            .map(|m| {
                let series = match (m.method, m.standard_number) {
                    (MeasureMethod::Reaudit, Some(n)) => reaudits.readings(n),
                    _ => readings.remove(&m.id).unwrap_or_default(),
                };
                Measure::new(m, series)
            })
            .collect(),
    );
    shown.reaudit_impact = Some(reaudits.impact());
    Ok(shown)
}

/// Where a new plan belongs: a team, a service, or (planners only) the whole council.
fn plan_unit(
    conn: &mut DbConn,
    caller: &Caller,
    team: Option<uuid::Uuid>,
    service: Option<uuid::Uuid>,
    errors: &mut Vec<FieldError>,
) -> QueryResult<Option<UnitId>> {
    let (field, unit, kind) = match (team, service) {
        (Some(_), Some(_)) => {
            errors.push(FieldError::new(
                "service_id",
                "give a team or a service, not both",
            ));
            return Ok(None);
        }
        (Some(t), None) => ("team_id", UnitId::from(t), OrgUnitKind::Team),
        (None, Some(s)) => ("service_id", UnitId::from(s), OrgUnitKind::Service),
        (None, None) => {
            if !caller.has_any(&PLANNERS) {
                errors.push(FieldError::new(
                    "team_id",
                    "name the team or service the plan belongs to",
                ));
            }
            return Ok(None);
        }
    };
    match org_repo::find_unit(conn, unit)? {
        Some(found) if found.kind == kind => {
            if !(caller.has_any(&PLANNERS) || caller.manages_team(unit)) {
                errors.push(FieldError::new(field, "names a unit you do not manage"));
            }
        }
        _ => errors.push(FieldError::new(field, format!("names no {kind}"))),
    }
    Ok(Some(unit))
}

/// Whether the caller may make plans at all.
pub fn is_planner(caller: &Caller) -> bool {
    caller.has_any(&[
        Role::QaOfficer,
        Role::SeniorLeader,
        Role::HeadOfService,
        Role::TeamManager,
    ])
}

fn check_owner(
    conn: &mut DbConn,
    field: &str,
    owner: UserId,
    unit: Option<UnitId>,
    errors: &mut Vec<FieldError>,
) -> QueryResult<()> {
    match unit {
        Some(unit) => check_named_person(conn, field, owner, unit, errors),
        None => {
            if Caller::person(conn, owner)?.is_none() {
                errors.push(FieldError::new(field, "names no active user"));
            }
            Ok(())
        }
    }
}

/// Makes a plan.
pub fn create(conn: &mut DbConn, caller: &Caller, input: &NewPlan) -> ApiResult<PlanRow> {
    write_tx(conn, |conn| {
        let mut errors = Vec::new();
        if matches!(input.source, PlanSource::Audit | PlanSource::ThemedAudit) {
            errors.push(FieldError::new(
                "source",
                "audits and closed themes make their own plans",
            ));
        }
        let unit = plan_unit(conn, caller, input.team_id, input.service_id, &mut errors)?;
        check_owner(conn, "owner_id", input.owner_id.into(), unit, &mut errors)?;
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let now = now_utc();
        let row = PlanRow {
            id: PlanId::new(),
            source: input.source,
            source_id: input.source_id.map(AnyId::from),
            title: input.title.trim().to_string(),
            owner_id: Some(input.owner_id.into()),
            case_id: None,
            team_id: unit,
            status: "open".into(),
            version: 1,
            created_at: now,
            updated_at: now,
            created_by: Some(caller.user_id),
            due_on: input.due_on,
        };
        if !repo::insert_once(conn, &row)? {
            return Err(ApiError::conflict(
                "That record already has an action plan.",
            ));
        }
        log_change(conn, caller.user_id, "create", &row)?;
        notify(
            conn,
            &[row.owner_id],
            caller.user_id,
            &Notice {
                kind: "action_plan_owned",
                title: format!("You own the action plan \"{}\"", row.title),
                record_type: "action_plan",
                record_id: row.id.uuid(),
                case_id: None,
                urgent: false,
            },
        )?;
        Ok(row)
    })
}

/// The plan a closed theme's findings become (once per theme).
pub fn plan_for_theme(conn: &mut DbConn, theme: &ThemeRow, actor: UserId) -> QueryResult<()> {
    let now = now_utc();
    let row = PlanRow {
        id: PlanId::new(),
        source: PlanSource::ThemedAudit,
        source_id: Some(AnyId::from(theme.id.uuid())),
        title: format!("Theme: {}", theme.title),
        owner_id: theme.lead_id.or(Some(actor)),
        case_id: None,
        team_id: None,
        status: "open".into(),
        version: 1,
        created_at: now,
        updated_at: now,
        created_by: Some(actor),
        due_on: None,
    };
    repo::insert_once(conn, &row)?;
    Ok(())
}

/// Changes a plan (JSON merge patch).
pub fn update(conn: &mut DbConn, plan: &Authorized<PlanRow>, patch: &PlanPatch) -> ApiResult<()> {
    let row = plan.record();
    let mut errors = Vec::new();
    let owner = patch.owner_id.map(UserId::from).or(row.owner_id);
    if let Some(named) = patch.owner_id {
        check_owner(conn, "owner_id", named.into(), row.team_id, &mut errors)?;
    }
    let due_on = match patch
        .due_on
        .clone()
        .apply(row.due_on.map(crate::dates::format_date))
    {
        Some(text) => match parse_date(&text) {
            Ok(day) => Some(day),
            Err(message) => {
                errors.push(FieldError::new("due_on", message));
                None
            }
        },
        None => None,
    };
    if let Some(status) = &patch.status {
        if status != "open" && status != "closed" {
            errors.push(FieldError::new("status", "must be open or closed"));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let changes = PlanChanges {
        title: patch
            .title
            .as_deref()
            .map(str::trim)
            .unwrap_or(&row.title)
            .to_string(),
        owner_id: owner,
        due_on,
        status: patch.status.clone().unwrap_or_else(|| row.status.clone()),
        version: row.version + 1,
        updated_at: now_utc(),
    };
    if !repo::update(conn, row.id, row.version, &changes)? {
        return Err(ApiError::Raced);
    }
    log_change(conn, plan.actor().id, "update", row)?;
    Ok(())
}

fn claim(conn: &mut DbConn, plan: &Authorized<PlanRow>) -> ApiResult<()> {
    let row = plan.record();
    if !repo::bump(conn, row.id, row.version, now_utc())? {
        return Err(ApiError::Raced);
    }
    log_change(conn, plan.actor().id, "update", row)?;
    Ok(())
}

/// Adds an action to the plan; its owner is told.
pub fn add_action(
    conn: &mut DbConn,
    plan: &Authorized<PlanRow>,
    input: &NewPlanAction,
) -> ApiResult<ActionId> {
    let row = plan.record();
    let mut errors = Vec::new();
    if input.kind == ActionKind::Remedial {
        errors.push(FieldError::new(
            "kind",
            "remedial actions are raised while auditing",
        ));
    }
    if input.due_on < london_today() {
        errors.push(FieldError::new("due_on", "must be today or later"));
    }
    check_owner(
        conn,
        "owner_id",
        input.owner_id.into(),
        row.team_id,
        &mut errors,
    )?;
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    claim(conn, plan)?;
    let now = now_utc();
    let action = ActionRow {
        id: ActionId::new(),
        plan_id: row.id,
        audit_id: None,
        case_id: row.case_id,
        team_id: row.team_id,
        description: input.description.trim().to_string(),
        owner_id: Some(input.owner_id.into()),
        due_on: input.due_on,
        kind: input.kind,
        standard_number: input.standard_number,
        status: ActionStatus::Open,
        evidence: None,
        impact: None,
        cancel_reason: None,
        completed_at: None,
        verified_at: None,
        verified_by: None,
        version: 1,
        created_at: now,
        updated_at: now,
        created_by: Some(plan.actor().id),
    };
    action_repo::insert(conn, &action)?;
    log_change(conn, plan.actor().id, "create", &action)?;
    notify(
        conn,
        &[action.owner_id],
        plan.actor().id,
        &Notice {
            kind: "action_assigned",
            title: format!("You have an action in the plan \"{}\"", row.title),
            record_type: "action",
            record_id: action.id.uuid(),
            case_id: action.case_id,
            urgent: false,
        },
    )?;
    Ok(action.id)
}

/// Adds a measure to the plan.
pub fn add_measure(
    conn: &mut DbConn,
    plan: &Authorized<PlanRow>,
    input: &NewMeasure,
) -> ApiResult<()> {
    let mut errors = Vec::new();
    if input.method == MeasureMethod::Reaudit && input.standard_number.is_none() {
        errors.push(FieldError::new(
            "standard_number",
            "is needed to measure by re-audits",
        ));
    }
    if input.target_on <= input.baseline_on {
        errors.push(FieldError::new("target_on", "must be after baseline_on"));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    claim(conn, plan)?;
    repo::insert_measure(
        conn,
        &MeasureRow {
            id: MeasureId::new(),
            plan_id: plan.record().id,
            description: input.description.trim().to_string(),
            standard_number: input.standard_number,
            method: input.method,
            baseline_value: input.baseline_value,
            baseline_on: input.baseline_on,
            target_value: input.target_value,
            target_on: input.target_on,
            created_at: now_utc(),
            created_by: Some(plan.actor().id),
        },
    )?;
    Ok(())
}

/// Checks a reading of one of `plan`'s measures; answers the measure.
pub fn check_reading(
    conn: &mut DbConn,
    plan: PlanId,
    measure: MeasureId,
    reading: &NewReading,
    field: &str,
) -> ApiResult<MeasureRow> {
    let Some(found) = repo::find_measure(conn, measure)?.filter(|m| m.plan_id == plan) else {
        return Err(ApiError::field(field, "names no measure of this plan"));
    };
    if found.method == MeasureMethod::Reaudit {
        return Err(ApiError::conflict(
            "This measure reads itself from the plan's re-audits.",
        ));
    }
    if reading.read_on > london_today() {
        return Err(ApiError::field("read_on", "must not be in the future"));
    }
    Ok(found)
}

/// Records a reading of one of the plan's measures.
pub fn add_reading(
    conn: &mut DbConn,
    plan: &Authorized<PlanRow>,
    measure: MeasureId,
    input: &NewReading,
) -> ApiResult<()> {
    check_reading(conn, plan.record().id, measure, input, "measure_id")?;
    claim(conn, plan)?;
    insert_reading(conn, measure, input, None, plan.actor().id)
}

/// Stores a reading (entered, or recorded on an action's verification).
pub fn insert_reading(
    conn: &mut DbConn,
    measure: MeasureId,
    input: &NewReading,
    action: Option<ActionId>,
    actor: UserId,
) -> ApiResult<()> {
    repo::insert_reading(
        conn,
        &ReadingRow {
            id: ReadingId::new(),
            measure_id: measure,
            value: input.value,
            read_on: input.read_on,
            note: input
                .note
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string),
            action_id: action,
            created_at: now_utc(),
            created_by: Some(actor),
        },
    )?;
    Ok(())
}

/// Grades by standard of some audits: (audit, standard) → grade rank.
fn ranks_of(conn: &mut DbConn, audit_ids: &[AuditId]) -> QueryResult<HashMap<(AuditId, i32), i32>> {
    if audit_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rank_of: HashMap<String, i32> = grades::table
        .select((grades::code, grades::rank))
        .load::<(String, i32)>(conn)?
        .into_iter()
        .collect();
    let graded: Vec<(AuditId, i32, Option<String>)> = audit_judgements::table
        .filter(crate::db::member_of(
            audit_judgements::audit_id,
            audit_ids.to_vec(),
        ))
        .select((
            audit_judgements::audit_id,
            audit_judgements::standard_number,
            audit_judgements::grade,
        ))
        .load(conn)?;
    Ok(graded
        .into_iter()
        .filter_map(|(audit, n, grade)| {
            grade
                .and_then(|g| rank_of.get(&g).copied())
                .map(|rank| ((audit, n), rank))
        })
        .collect())
}

/// Re-audits and their originals: the evidence of impact for a plan or a theme.
pub struct ReauditEvidence {
    /// Submitted re-audits, oldest submission first, with the original each re-audits.
    reaudits: Vec<(AuditRow, AuditId)>,
    ranks: HashMap<(AuditId, i32), i32>,
}

impl ReauditEvidence {
    /// The submitted re-audits of these original audits.
    pub fn of(conn: &mut DbConn, originals: Vec<AuditId>) -> QueryResult<Self> {
        if originals.is_empty() {
            return Ok(Self {
                reaudits: Vec::new(),
                ranks: HashMap::new(),
            });
        }
        let mut found: Vec<AuditRow> = audits::table
            .filter(audits::reaudit_of_id.eq_any(originals.iter().map(|a| Some(*a))))
            .filter(audits::status.ne(AuditStatus::Draft))
            .select(AuditRow::as_select())
            .load(conn)?;
        found.sort_by_key(|a| (a.submitted_at, a.id));
        let mut ids: Vec<AuditId> = originals;
        ids.extend(found.iter().map(|a| a.id));
        let ranks = ranks_of(conn, &ids)?;
        Ok(Self {
            reaudits: found
                .into_iter()
                .filter_map(|a| a.reaudit_of_id.map(|o| (a, o)))
                .collect(),
            ranks,
        })
    }

    /// The evidence for a plan: re-audits of its audit, or of its theme's audits.
    pub fn of_plan(conn: &mut DbConn, plan: &PlanRow) -> QueryResult<Self> {
        let originals: Vec<AuditId> = match (plan.source, plan.source_id) {
            (PlanSource::Audit, Some(source)) => vec![AuditId::from(source.uuid())],
            (PlanSource::ThemedAudit, Some(theme)) => audits::table
                .filter(audits::theme_id.eq(crate::db::types::ThemeId::from(theme.uuid())))
                .filter(audits::reaudit_of_id.is_null())
                .select(audits::id)
                .load(conn)?,
            _ => Vec::new(),
        };
        Self::of(conn, originals)
    }

    /// The readings a `reaudit` measure of standard `n` takes: after each re-audit, the share
    /// (%) of the re-audits so far graded on the standard that were good or better.
    pub fn readings(&self, n: i32) -> Vec<Reading> {
        let (mut graded, mut good) = (0u32, 0u32);
        let mut out = Vec::new();
        for (audit, _) in &self.reaudits {
            let Some(rank) = self.ranks.get(&(audit.id, n)) else {
                continue;
            };
            graded += 1;
            if *rank >= GOOD_RANK {
                good += 1;
            }
            let day = audit
                .submitted_at
                .map(|at| london_date(to_utc(at)))
                .unwrap_or_else(london_today);
            out.push(Reading {
                value: (f64::from(good) * 1000.0 / f64::from(graded)).round() / 10.0,
                read_on: crate::dates::format_date(day),
                note: None,
                source: ReadingSource::Reaudit,
            });
        }
        out
    }

    /// The grade change per standard across the re-audits.
    pub fn impact(&self) -> Vec<StandardImpact> {
        let mut by_standard: std::collections::BTreeMap<i32, (StandardImpact, i32)> =
            Default::default();
        let mut numbers: Vec<i32> = self.ranks.keys().map(|(_, n)| *n).collect();
        numbers.sort_unstable();
        numbers.dedup();
        for (audit, original) in &self.reaudits {
            for &n in &numbers {
                let (Some(after), Some(before)) = (
                    self.ranks.get(&(audit.id, n)),
                    self.ranks.get(&(*original, n)),
                ) else {
                    continue;
                };
                let (entry, sum) = by_standard.entry(n).or_insert_with(|| {
                    (
                        StandardImpact {
                            standard_number: n,
                            ..Default::default()
                        },
                        0,
                    )
                });
                let change = after - before;
                entry.compared += 1;
                *sum += change;
                match change.signum() {
                    1 => entry.improved += 1,
                    -1 => entry.worse += 1,
                    _ => entry.same += 1,
                }
            }
        }
        by_standard
            .into_values()
            .map(|(mut impact, sum)| {
                impact.mean_change = (impact.compared > 0)
                    .then(|| (f64::from(sum) * 100.0 / impact.compared as f64).round() / 100.0);
                impact
            })
            .collect()
    }
}

/// The grade change per standard of a re-audit against its original (409 for an audit that
/// re-audits nothing).
pub fn audit_impact(conn: &mut DbConn, audit: &AuditRow) -> ApiResult<AuditImpact> {
    let Some(original) = audit.reaudit_of_id else {
        return Err(ApiError::conflict(
            "This audit is not a re-audit: it has no original to compare with.",
        ));
    };
    let ranks = ranks_of(conn, &[audit.id, original])?;
    let codes: HashMap<(AuditId, i32), Option<String>> = audit_judgements::table
        .filter(audit_judgements::audit_id.eq_any([audit.id, original]))
        .select((
            audit_judgements::audit_id,
            audit_judgements::standard_number,
            audit_judgements::grade,
        ))
        .load::<(AuditId, i32, Option<String>)>(conn)?
        .into_iter()
        .map(|(a, n, g)| ((a, n), g))
        .collect();
    let numbers: Vec<i32> = crate::standards::repo::standards_of(conn, audit.framework_id)?
        .into_iter()
        .map(|s| s.number)
        .collect();
    let standards = numbers
        .into_iter()
        .map(|n| StandardChange {
            standard_number: n,
            original_grade: codes.get(&(original, n)).cloned().flatten(),
            grade: codes.get(&(audit.id, n)).cloned().flatten(),
            change: match (ranks.get(&(audit.id, n)), ranks.get(&(original, n))) {
                (Some(after), Some(before)) => Some(after - before),
                _ => None,
            },
        })
        .collect();
    Ok(AuditImpact {
        audit_id: audit.id.uuid(),
        original_id: original.uuid(),
        standards,
    })
}
