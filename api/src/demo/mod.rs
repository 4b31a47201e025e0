//! `qa-api seed-demo`: a synthetic council with a year of audit activity, deterministic for a
//! seed and an anchor date, written in large batched inserts. Used for demonstrations and for
//! the benchmark's realistic volumes.

mod text;

use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use time::{Date, Duration, PrimitiveDateTime, Time};

use crate::actions::dto::{ActionKind, ActionStatus, PlanSource, Severity};
use crate::actions::model::{ActionRow, AlertRow, PlanRow};
use crate::audits::dto::{AuditKind, AuditStatus};
use crate::audits::model::{AuditRow, JudgementRow, ModerationRow};
use crate::auth::password::hash_password;
use crate::auth::roles::{Role, Roles};
use crate::calendar::Calendar;
use crate::cases::dto::{CaseCategory, CaseStatus};
use crate::cases::model::CaseRow;
use crate::db::schema::{
    action_plans, actions, audit_judgements, audit_moderations, audits, cases, escalation_events,
    escalations, org_units, safeguarding_alerts, users,
};
use crate::db::types::{
    ActionId, AlertId, AnyId, AuditId, CaseId, EscalationId, EventId, FrameworkId, GradeScaleId,
    JudgementId, ModerationId, PlanId, UnitId, UserId,
};
use crate::db::{write_tx, DbConn};
use crate::escalations::dto::{EscalationSource, EscalationStatus, EventKind};
use crate::escalations::model::{EscalationRow, EventRow};
use crate::org::dto::OrgUnitKind;
use crate::org::model::{OrgUnitRow, UserRow};
use crate::settings::Rules;
use crate::standards::repo as standards_repo;

/// Marks the case records the generator made, so it never touches anyone else's.
pub const DEMO_REF_PREFIX: &str = "DEMO-";

/// What to generate.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Random seed: the same seed and anchor give the same council.
    pub seed: u64,
    /// Number of cases.
    pub cases: usize,
    /// Number of audits, spread over the year before the anchor.
    pub audits: usize,
    /// The last day of the generated year (today by default).
    pub anchor: Date,
}

/// What was generated.
#[derive(Debug, Default, Clone)]
pub struct DemoSummary {
    /// The password of every demo account.
    pub password: String,
    /// Demo accounts: (email, roles).
    pub accounts: Vec<(String, String)>,
    /// Rows written per table.
    pub rows: Vec<(&'static str, usize)>,
}

/// Why seeding did not happen.
#[derive(Debug)]
pub enum DemoRefusal {
    /// The database holds case records the generator did not create.
    ForeignCases(i64),
    /// Demo data is already there.
    AlreadySeeded(i64),
    /// Something failed.
    Failed(String),
}

impl std::fmt::Display for DemoRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ForeignCases(n) => write!(f, "refusing to seed: the database holds {n} case records that seed-demo did not create"),
            Self::AlreadySeeded(n) => write!(f, "demo data is already present ({n} demo cases); nothing to do"),
            Self::Failed(e) => write!(f, "seeding failed: {e}"),
        }
    }
}

impl From<diesel::result::Error> for DemoRefusal {
    fn from(e: diesel::result::Error) -> Self {
        Self::Failed(e.to_string())
    }
}

const SERVICES: [(&str, &str, [&str; 3]); 3] = [
    (
        "Early Help and Assessment",
        "assessment",
        ["Assessment North", "Assessment South", "Early Help East"],
    ),
    (
        "Safeguarding and Children in Need",
        "safeguarding",
        [
            "Safeguarding North",
            "Safeguarding South",
            "Safeguarding East",
        ],
    ),
    (
        "Children in Care and Care Leavers",
        "care",
        ["Children in Care", "Leaving Care", ""],
    ),
];
const WORKERS_PER_TEAM: usize = 5;
const CATEGORIES: [(CaseCategory, u32); 6] = [
    (CaseCategory::EarlyHelp, 18),
    (CaseCategory::ChildInNeed, 30),
    (CaseCategory::ChildProtection, 22),
    (CaseCategory::ChildInCare, 20),
    (CaseCategory::CareLeaver, 7),
    (CaseCategory::Other, 3),
];
/// How much weaker or stronger practice is against each standard, across the council.
const STANDARD_BIAS: [f64; 10] = [0.1, 0.0, -0.2, 0.1, -0.35, -0.15, 0.05, 0.1, -0.25, -0.1];
const GRADE_CODES: [&str; 5] = [
    "",
    "inadequate",
    "requires_improvement",
    "good",
    "outstanding",
];

struct Team {
    id: UnitId,
    service_index: usize,
    manager: UserId,
    workers: Vec<UserId>,
    bias: f64,
}

struct CaseInfo {
    id: CaseId,
    category: CaseCategory,
    team: usize,
    worker: UserId,
    manager: UserId,
    in_care: bool,
}

fn slug(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}

fn at(day: Date, rng: &mut StdRng) -> PrimitiveDateTime {
    let seconds = rng.random_range(8 * 3600..18 * 3600);
    PrimitiveDateTime::new(day, Time::MIDNIGHT) + Duration::seconds(seconds)
}

/// A UUID v7 for an instant, its random part from the seeded generator: deterministic ids that
/// still sort in creation order like the service's own.
fn id_at<I: From<uuid::Uuid>>(when: PrimitiveDateTime, rng: &mut StdRng) -> I {
    let millis =
        u64::try_from((when.assume_utc().unix_timestamp_nanos() / 1_000_000).max(0)).unwrap_or(0);
    let mut bytes = [0u8; 10];
    rng.fill(&mut bytes);
    I::from(uuid::Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid())
}

fn pick_weighted<T: Copy>(rng: &mut StdRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (item, weight) in items {
        if roll < *weight {
            return *item;
        }
        roll -= weight;
    }
    items[0].0
}

fn normal(rng: &mut StdRng) -> f64 {
    // Irwin–Hall: the sum of 12 uniforms less 6 is close enough to a standard normal here.
    (0..12).map(|_| rng.random::<f64>()).sum::<f64>() - 6.0
}

/// Rows per multi-row INSERT: under SQLite's and PostgreSQL's bound-parameter limits.
fn chunk_for(columns: usize) -> usize {
    (30_000 / columns).max(1)
}

macro_rules! insert_chunks {
    ($conn:expr, $table:expr, $rows:expr, $columns:expr) => {{
        let mut written = 0usize;
        for chunk in $rows.chunks(chunk_for($columns)) {
            written += crate::batch_insert!($conn, $table, chunk)?;
        }
        written
    }};
}

mod feedback;
mod observations;
mod plans;
mod reviewing;

/// Everything one batch of audits writes.
#[derive(Default)]
struct Batch {
    audits: Vec<AuditRow>,
    judgements: Vec<JudgementRow>,
    moderations: Vec<ModerationRow>,
    alerts: Vec<AlertRow>,
    plans: Vec<PlanRow>,
    actions: Vec<ActionRow>,
    escalations: Vec<EscalationRow>,
    events: Vec<EventRow>,
}

/// Seeds the demo council.
pub fn seed(conn: &mut DbConn, options: &DemoOptions) -> Result<DemoSummary, DemoRefusal> {
    let foreign: i64 = cases::table
        .filter(cases::external_ref.not_like(format!("{DEMO_REF_PREFIX}%")))
        .count()
        .get_result(conn)?;
    if foreign > 0 {
        return Err(DemoRefusal::ForeignCases(foreign));
    }
    let existing: i64 = cases::table.count().get_result(conn)?;
    if existing > 0 {
        return Err(DemoRefusal::AlreadySeeded(existing));
    }
    let password = format!("demo password {}", options.seed);
    let password_hash = hash_password(&password).map_err(DemoRefusal::Failed)?;
    let (calendar, _) = crate::calendar::repo::load(conn)?;
    write_tx(conn, |conn| -> Result<DemoSummary, DemoRefusal> {
        generate(conn, options, password, &password_hash, &calendar)
    })
}

fn generate(
    conn: &mut DbConn,
    options: &DemoOptions,
    password: String,
    password_hash: &str,
    calendar: &Calendar,
) -> Result<DemoSummary, DemoRefusal> {
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut summary = DemoSummary {
        password,
        ..Default::default()
    };
    let start_day = options.anchor - Duration::days(365);
    let setup_time = PrimitiveDateTime::new(start_day - Duration::days(30), Time::MIDNIGHT);
    let framework = standards_repo::current_framework(conn)?;
    let scale = standards_repo::current_grade_scale(conn)?;

    // The organisation.
    let mut units = Vec::new();
    let unit = |id: UnitId, name: &str, kind: OrgUnitKind, parent_id: Option<UnitId>| OrgUnitRow {
        id,
        name: name.into(),
        kind,
        parent_id,
        external_ref: None,
        version: 1,
        created_at: setup_time,
        updated_at: setup_time,
        created_by: None,
        lead_user_id: None,
        assistant_director_id: None,
        active: true,
    };
    let directorate: UnitId = id_at(setup_time, &mut rng);
    units.push(unit(
        directorate,
        "Children's Services (demo)",
        OrgUnitKind::Directorate,
        None,
    ));
    let mut people: Vec<UserRow> = Vec::new();
    let add_user = |rng: &mut StdRng,
                    email: String,
                    role: Role,
                    unit: UnitId,
                    people: &mut Vec<UserRow>|
     -> UserId {
        let id: UserId = id_at(setup_time, rng);
        people.push(UserRow {
            id,
            display_name: text::person_name(rng),
            email,
            roles: Roles::new(&[role]),
            team_id: Some(unit),
            active: true,
            password_hash: Some(password_hash.to_string()),
            external_ref: None,
            version: 1,
            created_at: setup_time,
            updated_at: setup_time,
            created_by: None,
            must_change_password: false,
            sessions_revoked_at: None,
        });
        id
    };
    let mut teams: Vec<Team> = Vec::new();
    let mut heads = Vec::new();
    let mut services = Vec::new();
    for (service_index, (service_name, service_slug, team_names)) in SERVICES.iter().enumerate() {
        let service_id: UnitId = id_at(setup_time, &mut rng);
        services.push(service_id);
        units.push(unit(
            service_id,
            service_name,
            OrgUnitKind::Service,
            Some(directorate),
        ));
        heads.push(add_user(
            &mut rng,
            format!("head.{service_slug}@demo.test"),
            Role::HeadOfService,
            service_id,
            &mut people,
        ));
        for team_name in team_names.iter().filter(|n| !n.is_empty()) {
            let team_id: UnitId = id_at(setup_time, &mut rng);
            units.push(unit(
                team_id,
                team_name,
                OrgUnitKind::Team,
                Some(service_id),
            ));
            let team_slug = slug(team_name);
            let manager = add_user(
                &mut rng,
                format!("manager.{team_slug}@demo.test"),
                Role::TeamManager,
                team_id,
                &mut people,
            );
            let workers = (1..=WORKERS_PER_TEAM)
                .map(|n| {
                    add_user(
                        &mut rng,
                        format!("worker{n}.{team_slug}@demo.test"),
                        Role::Practitioner,
                        team_id,
                        &mut people,
                    )
                })
                .collect();
            teams.push(Team {
                id: team_id,
                service_index,
                manager,
                workers,
                bias: normal(&mut rng) * 0.3,
            });
        }
    }
    let leader = add_user(
        &mut rng,
        "director@demo.test".into(),
        Role::SeniorLeader,
        directorate,
        &mut people,
    );
    let qa_officers: Vec<UserId> = (1..=3)
        .map(|n| {
            add_user(
                &mut rng,
                format!("qa{n}@demo.test"),
                Role::QaOfficer,
                directorate,
                &mut people,
            )
        })
        .collect();
    let iro = add_user(
        &mut rng,
        "iro@demo.test".into(),
        Role::ReviewingOfficer,
        directorate,
        &mut people,
    );
    let psw = add_user(
        &mut rng,
        "psw@demo.test".into(),
        Role::PrincipalSocialWorker,
        directorate,
        &mut people,
    );
    add_user(
        &mut rng,
        "analyst@demo.test".into(),
        Role::PerformanceAnalyst,
        directorate,
        &mut people,
    );
    add_user(
        &mut rng,
        "dpo@demo.test".into(),
        Role::Dpo,
        directorate,
        &mut people,
    );
    // The administrator draws from its own generator so adding it left the rest of the
    // council (every id and name after this point) as it was.
    add_user(
        &mut StdRng::seed_from_u64(options.seed ^ 0xad31),
        "admin@demo.test".into(),
        Role::Admin,
        directorate,
        &mut people,
    );
    // Each service's assistant director (dispute resolution stage 3), from a generator of
    // their own so the rest of the council is unchanged.
    let assistant_directors: Vec<UserId> = SERVICES
        .iter()
        .enumerate()
        .map(|(n, (_, slug, _))| {
            add_user(
                &mut StdRng::seed_from_u64(options.seed ^ (0xad00 + n as u64)),
                format!("ad.{slug}@demo.test"),
                Role::SeniorLeader,
                directorate,
                &mut people,
            )
        })
        .collect();
    summary.accounts = people
        .iter()
        .map(|u| {
            (
                u.email.clone(),
                crate::auth::roles::encode_roles(&u.roles.0),
            )
        })
        .collect();
    summary.rows.push((
        "org_units",
        insert_chunks!(conn, org_units::table, &units, 9),
    ));
    summary
        .rows
        .push(("users", insert_chunks!(conn, users::table, &people, 12)));

    // Cases.
    let mut case_rows = Vec::with_capacity(options.cases);
    let mut case_info = Vec::with_capacity(options.cases);
    for n in 0..options.cases {
        let team = rng.random_range(0..teams.len());
        let category = pick_weighted(&mut rng, &CATEGORIES);
        let worker = teams[team].workers[rng.random_range(0..WORKERS_PER_TEAM)];
        let id: CaseId = id_at(setup_time, &mut rng);
        let birth_year = options.anchor.year() - rng.random_range(0..18);
        case_rows.push(CaseRow {
            id,
            external_ref: format!("{DEMO_REF_PREFIX}{:06}", n + 1),
            display_name: text::initials(&mut rng),
            birth_month: Some(format!("{birth_year:04}-{:02}", rng.random_range(1..=12))),
            category,
            team_id: teams[team].id,
            allocated_worker_id: Some(worker),
            case_manager_id: Some(teams[team].manager),
            status: if rng.random_bool(0.9) {
                CaseStatus::Open
            } else {
                CaseStatus::Closed
            },
            closed_on: None,
            retention_class: "standard".into(),
            legal_hold: false,
            version: 1,
            created_at: setup_time,
            updated_at: setup_time,
            created_by: None,
        });
        case_info.push(CaseInfo {
            id,
            category,
            team,
            worker,
            manager: teams[team].manager,
            in_care: matches!(
                category,
                CaseCategory::ChildInCare | CaseCategory::CareLeaver
            ),
        });
    }
    summary
        .rows
        .push(("cases", insert_chunks!(conn, cases::table, &case_rows, 16)));
    drop(case_rows);

    // A year of audits, in batches so memory stays flat however many are asked for.
    let mut totals = [0usize; 8];
    let per_batch = 2_000;
    let mut produced = 0;
    while produced < options.audits {
        let count = per_batch.min(options.audits - produced);
        let mut batch = Batch::default();
        for k in produced..produced + count {
            let day = start_day + Duration::days((k as i64 * 365) / options.audits.max(1) as i64);
            let case = &case_info[rng.random_range(0..case_info.len())];
            generate_audit(
                &mut rng,
                &mut batch,
                options,
                calendar,
                day,
                case,
                &teams,
                &heads,
                &qa_officers,
                leader,
                framework.id,
                scale.id,
            );
        }
        totals[0] += insert_chunks!(conn, audits::table, &batch.audits, 28);
        totals[1] += insert_chunks!(conn, audit_judgements::table, &batch.judgements, 9);
        totals[2] += insert_chunks!(conn, audit_moderations::table, &batch.moderations, 8);
        totals[3] += insert_chunks!(conn, safeguarding_alerts::table, &batch.alerts, 7);
        totals[4] += insert_chunks!(conn, action_plans::table, &batch.plans, 13);
        totals[5] += insert_chunks!(conn, actions::table, &batch.actions, 21);
        totals[6] += insert_chunks!(conn, escalations::table, &batch.escalations, 26);
        totals[7] += insert_chunks!(conn, escalation_events::table, &batch.events, 8);
        produced += count;
    }
    for (name, total) in [
        "audits",
        "audit_judgements",
        "audit_moderations",
        "safeguarding_alerts",
        "action_plans",
        "actions",
        "escalations",
        "escalation_events",
    ]
    .into_iter()
    .zip(totals)
    {
        summary.rows.push((name, total));
    }
    let cast = observations::Cast {
        teams: &teams,
        heads: &heads,
        psw,
        cases: &case_info,
    };
    summary.rows.extend(observations::seed(
        conn,
        options.seed,
        options.anchor,
        &cast,
        framework.id,
        scale.id,
    )?);
    let ladder = reviewing::Ladder {
        directorate,
        director: leader,
        services: &services,
        heads: &heads,
        assistant_directors: &assistant_directors,
        officer: iro,
    };
    summary.rows.extend(reviewing::seed(
        conn,
        options.seed,
        options.anchor,
        &ladder,
        &teams,
        &case_info,
        calendar,
    )?);
    summary.rows.extend(plans::seed(
        conn,
        options.seed,
        options.anchor,
        &services,
        &heads,
        &teams,
    )?);
    summary.rows.extend(feedback::seed(
        conn,
        options.seed,
        options.anchor,
        &teams,
        &case_info,
        &qa_officers,
        calendar,
    )?);
    // The audits above were written in bulk, past the submit that keeps the report tallies.
    crate::reports::tallies::rebuild(conn)?;
    Ok(summary)
}

/// Refreshes the planner's statistics after a seed: a database that grew by a year's records
/// in one go has none yet.
pub fn analyze(conn: &mut DbConn) -> Result<(), DemoRefusal> {
    crate::db::refresh_statistics(conn, true).map_err(DemoRefusal::from)
}

#[allow(clippy::too_many_arguments)]
fn generate_audit(
    rng: &mut StdRng,
    batch: &mut Batch,
    options: &DemoOptions,
    calendar: &Calendar,
    day: Date,
    case: &CaseInfo,
    teams: &[Team],
    heads: &[UserId],
    qa_officers: &[UserId],
    leader: UserId,
    framework_id: FrameworkId,
    scale_id: GradeScaleId,
) {
    let team = &teams[case.team];
    let created = at(day, rng);
    let audit_id: AuditId = id_at(created, rng);
    let roll = rng.random::<f64>();
    let auditor = if roll < 0.65 {
        team.manager
    } else if roll < 0.8 {
        heads[team.service_index]
    } else if roll < 0.97 {
        qa_officers[rng.random_range(0..qa_officers.len())]
    } else {
        leader
    };
    let age_days = (options.anchor - day).whole_days();
    let draft = age_days < 21 && rng.random_bool(0.35);
    // Quality drifts upwards over the year: the improvement the framework is meant to bring.
    let improvement = (365 - age_days) as f64 / 365.0 * 0.25;
    let base = 2.55 + team.bias + improvement + normal(rng) * 0.35;
    let mut ranks = Vec::new();
    let judged = if draft { rng.random_range(0..=10) } else { 10 };
    for number in 1..=10i32 {
        if number as usize > judged {
            break;
        }
        let updated = created + Duration::minutes(i64::from(number) * 3);
        let id: JudgementId = id_at(updated, rng);
        if number == 8 && !case.in_care {
            batch.judgements.push(JudgementRow {
                id,
                audit_id,
                standard_number: 8,
                grade: None,
                not_applicable_reason: Some("The child is not in care".into()),
                evidence: None,
                strengths: None,
                areas_for_development: None,
                updated_at: updated,
            });
            continue;
        }
        let value = base + STANDARD_BIAS[(number - 1) as usize] + normal(rng) * 0.55;
        let rank = value.round().clamp(1.0, 4.0) as usize;
        ranks.push(rank);
        batch.judgements.push(JudgementRow {
            id,
            audit_id,
            standard_number: number,
            grade: Some(GRADE_CODES[rank].into()),
            not_applicable_reason: None,
            evidence: Some(text::evidence(rng, rank).into()),
            strengths: Some(text::strength(rng).into()),
            areas_for_development: if rank <= 2 {
                Some(text::development(rng).into())
            } else {
                None
            },
            updated_at: updated,
        });
    }
    let overall_rank = if ranks.is_empty() {
        None
    } else {
        let mean = ranks.iter().sum::<usize>() as f64 / ranks.len() as f64;
        let worst = *ranks.iter().min().unwrap_or(&1);
        // A single inadequate judgement pulls the whole audit down, as auditors do.
        Some(if worst == 1 && rng.random_bool(0.6) {
            1
        } else {
            (mean - 0.15).round().clamp(1.0, 4.0) as usize
        })
    };
    let overall = if draft && rng.random_bool(0.5) {
        None
    } else {
        overall_rank.map(|r| GRADE_CODES[r])
    };
    let submitted_at = (!draft).then(|| created + Duration::hours(rng.random_range(1..72)));
    let moderated = !draft && rng.random_bool(0.12);
    let replied = !draft && rng.random_bool(0.6);
    let acknowledged_at = submitted_at
        .filter(|_| replied)
        .map(|s| s + Duration::days(rng.random_range(1..10)));
    let views_recorded = rng.random_bool(0.85);
    let status = if draft {
        AuditStatus::Draft
    } else if moderated {
        AuditStatus::Moderated
    } else {
        AuditStatus::Submitted
    };
    batch.audits.push(AuditRow {
        id: audit_id,
        kind: if auditor == team.manager || rng.random_bool(0.7) {
            AuditKind::CaseFile
        } else {
            AuditKind::DipSample
        },
        case_id: case.id,
        auditor_id: auditor,
        practitioner_id: Some(case.worker),
        team_id: team.id,
        theme_id: None,
        framework_id,
        grade_scale_id: scale_id,
        period_start: crate::dates::months_before(day, 6),
        period_end: day,
        side_by_side: rng.random_bool(0.3),
        status,
        overall_grade: overall.map(str::to_string),
        summary: Some(text::summary(rng, overall_rank.unwrap_or(2)).into()),
        child_views: views_recorded.then(|| text::child_view(rng).into()),
        family_views: views_recorded.then(|| text::family_view(rng).into()),
        views_not_sought_reason: (!views_recorded)
            .then(|| "The child is pre-verbal; observed at the home visit".into()),
        practitioner_reflection: None,
        reaudit_of_id: None,
        submitted_at,
        returned_reason: None,
        response_reflection: acknowledged_at.map(|_| text::reflection(rng).into()),
        acknowledged_at,
        version: 12,
        created_at: created,
        updated_at: acknowledged_at.or(submitted_at).unwrap_or(created),
        created_by: Some(auditor),
        // As the service samples: every moderated or inadequate audit, and about one in ten
        // (drawn from the id, so the rest of the council is unchanged).
        moderation_sampled: !draft
            && (moderated
                || overall == Some(GRADE_CODES[1])
                || audit_id.uuid().as_bytes()[15].is_multiple_of(10)),
    });
    let Some(overall) = overall.filter(|_| !draft) else {
        return;
    };
    let submitted = submitted_at.unwrap_or(created);
    let mut effective = overall;
    if moderated {
        let agreed = rng.random_bool(0.8);
        let moderated_grade = if agreed {
            overall
        } else {
            GRADE_CODES[(overall_rank.unwrap_or(2) as i32
                + if rng.random_bool(0.5) { 1 } else { -1 })
            .clamp(1, 4) as usize]
        };
        effective = moderated_grade;
        let when = submitted + Duration::days(rng.random_range(2..20));
        batch.moderations.push(ModerationRow {
            id: id_at::<ModerationId>(when, rng),
            audit_id,
            moderator_id: qa_officers[0],
            agreed,
            original_grade: overall.into(),
            moderated_grade: moderated_grade.into(),
            rationale: text::rationale(rng, agreed).into(),
            created_at: when,
        });
    }
    if rng.random_bool(0.03) {
        let when = created + Duration::minutes(40);
        let severity = pick_weighted(
            rng,
            &[
                (Severity::Low, 5),
                (Severity::Medium, 3),
                (Severity::High, 1),
            ],
        );
        batch.alerts.push(AlertRow {
            id: id_at::<AlertId>(when, rng),
            audit_id,
            case_id: case.id,
            concern: text::concern(rng).into(),
            severity,
            raised_by: auditor,
            created_at: when,
        });
    }
    // Remedial actions for weak standards.
    let weak: Vec<i32> = batch
        .judgements
        .iter()
        .rev()
        .take_while(|j| j.audit_id == audit_id)
        .filter(|j| {
            matches!(
                j.grade.as_deref(),
                Some("inadequate") | Some("requires_improvement")
            )
        })
        .map(|j| j.standard_number)
        .collect();
    let chosen: Vec<i32> = weak
        .into_iter()
        .filter(|_| rng.random_bool(0.3))
        .take(3)
        .collect();
    if !chosen.is_empty() {
        let plan_id: PlanId = id_at(created, rng);
        batch.plans.push(PlanRow {
            id: plan_id,
            source: PlanSource::Audit,
            source_id: Some(AnyId::from(audit_id.uuid())),
            title: "Remedial actions from a case file audit".into(),
            owner_id: Some(auditor),
            case_id: Some(case.id),
            team_id: Some(team.id),
            status: "open".into(),
            version: 1,
            created_at: created,
            updated_at: created,
            created_by: Some(auditor),
            due_on: None,
        });
        for number in chosen {
            let raised = created + Duration::minutes(30);
            let due_on = calendar
                .add_working_days(raised.date(), 10)
                .unwrap_or(raised.date());
            let age = (options.anchor - due_on).whole_days();
            let (status, completed_at, verified_at) = if age > 30 && rng.random_bool(0.8) {
                let done = PrimitiveDateTime::new(due_on, Time::MIDNIGHT)
                    - Duration::days(rng.random_range(0..8));
                if rng.random_bool(0.6) {
                    (
                        ActionStatus::Verified,
                        Some(done),
                        Some(done + Duration::days(7)),
                    )
                } else {
                    (ActionStatus::Completed, Some(done), None)
                }
            } else if rng.random_bool(0.5) {
                (ActionStatus::InProgress, None, None)
            } else {
                (ActionStatus::Open, None, None)
            };
            batch.actions.push(ActionRow {
                id: id_at::<ActionId>(raised, rng),
                plan_id,
                audit_id: Some(audit_id),
                case_id: Some(case.id),
                team_id: Some(team.id),
                description: text::action(rng, number).into(),
                owner_id: Some(case.worker),
                due_on,
                kind: ActionKind::Remedial,
                standard_number: Some(number),
                status,
                evidence: completed_at.map(|_| "Done and recorded on the case file".into()),
                impact: verified_at
                    .map(|_| "Seen on re-audit: the plan now reflects the child's views".into()),
                cancel_reason: None,
                completed_at,
                verified_at,
                verified_by: verified_at.map(|_| qa_officers[0]),
                version: 1,
                created_at: raised,
                updated_at: verified_at.or(completed_at).unwrap_or(raised),
                created_by: Some(auditor),
            });
        }
    }
    if effective == "inadequate" {
        let raised = submitted;
        let escalation_id: EscalationId = id_at(raised, rng);
        let due = calendar
            .add_working_days(raised.date(), 5)
            .unwrap_or(raised.date());
        let resolved = (options.anchor - raised.date()).whole_days() > 25 && rng.random_bool(0.85);
        let resolved_at = resolved.then(|| raised + Duration::days(rng.random_range(2..30)));
        let resolution = "Strategy discussion held; plan revised and risks reduced";
        // As the service does: a manager's inadequate audit of their own case goes above them.
        let (holder, reviewer, stage) = if auditor == case.manager {
            (heads[team.service_index], "The head of service", 2)
        } else {
            (case.manager, "The case-accountable manager", 1)
        };
        batch.escalations.push(EscalationRow {
            id: escalation_id,
            case_id: case.id,
            team_id: team.id,
            source: EscalationSource::Audit,
            source_id: Some(AnyId::from(audit_id.uuid())),
            raised_by: Some(auditor),
            raised_to: Some(holder),
            category: Some("inadequate_audit".into()),
            standards: "1".into(),
            concern: format!(
                "A case file audit graded this case Inadequate. {reviewer} should review the case and respond."
            ),
            stage,
            stage_due_on: due,
            status: if resolved {
                EscalationStatus::Resolved
            } else {
                EscalationStatus::Open
            },
            resolution: resolved_at.map(|_| resolution.into()),
            resolved_by: resolved_at.map(|_| holder),
            resolved_at,
            version: if resolved { 4 } else { 1 },
            created_at: raised,
            updated_at: resolved_at.unwrap_or(raised),
            created_by: Some(auditor),
            replied_at: resolved_at,
            formal_started_on: Some(raised.date()),
            formal_due_on: calendar.add_working_days(
                raised.date(),
                Rules::DEFAULTS.dispute_formal_working_days,
            ),
            // Raisers accept most resolutions within days.
            accepted_at: resolved_at.map(|at| at + Duration::days(2)),
            cafcass_referred_on: None,
            withdrawn_reason: None,
        });
        batch.events.push(EventRow {
            id: id_at::<EventId>(raised, rng),
            escalation_id,
            kind: EventKind::Raised,
            actor_id: Some(auditor),
            text: Some("Raised by the audit".into()),
            stage: Some(stage),
            created_at: raised,
            holder_id: Some(holder),
        });
        if let Some(when) = resolved_at {
            batch.events.push(EventRow {
                id: id_at::<EventId>(when, rng),
                escalation_id,
                kind: EventKind::Resolved,
                actor_id: Some(holder),
                text: Some(resolution.into()),
                stage: Some(stage),
                created_at: when,
                holder_id: Some(holder),
            });
        }
    }
}
