//! `qa-api seed-demo`: a synthetic council with a year of audit activity, deterministic for a
//! seed and an anchor date, written in large batched inserts. Used for demonstrations and for
//! the benchmark's realistic volumes.

mod text;

use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use time::{Date, Duration, PrimitiveDateTime, Time};

use crate::auth::password::hash_password;
use crate::calendar::Calendar;
use crate::db::schema::{
    action_plans, actions, audit_judgements, audit_moderations, audits, cases, escalation_events,
    escalations, org_units, safeguarding_alerts, users,
};
use crate::db::{write_tx, DbConn};
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
const CATEGORIES: [(&str, u32); 6] = [
    ("early_help", 18),
    ("child_in_need", 30),
    ("child_protection", 22),
    ("child_in_care", 20),
    ("care_leaver", 7),
    ("other", 3),
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
    id: String,
    service_index: usize,
    manager: String,
    workers: Vec<String>,
    bias: f64,
}

struct CaseInfo {
    id: String,
    team: usize,
    worker: String,
    manager: String,
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
fn id_at(when: PrimitiveDateTime, rng: &mut StdRng) -> String {
    let millis =
        u64::try_from((when.assume_utc().unix_timestamp_nanos() / 1_000_000).max(0)).unwrap_or(0);
    let mut bytes = [0u8; 10];
    rng.fill(&mut bytes);
    uuid::Builder::from_unix_timestamp_millis(millis, &bytes)
        .into_uuid()
        .to_string()
}

fn pick_weighted<'a>(rng: &mut StdRng, items: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (item, weight) in items {
        if roll < *weight {
            return item;
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

#[derive(Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = org_units)]
struct NewUnit {
    id: String,
    name: String,
    kind: &'static str,
    parent_id: Option<String>,
    external_ref: Option<String>,
    version: i32,
    created_at: PrimitiveDateTime,
    updated_at: PrimitiveDateTime,
}

#[derive(Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = users)]
struct NewUser {
    id: String,
    email: String,
    display_name: String,
    roles: String,
    team_id: Option<String>,
    active: bool,
    password_hash: Option<String>,
    version: i32,
    created_at: PrimitiveDateTime,
    updated_at: PrimitiveDateTime,
}

#[derive(Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = cases)]
struct NewCase {
    id: String,
    external_ref: String,
    display_name: String,
    birth_month: Option<String>,
    category: &'static str,
    team_id: String,
    allocated_worker_id: Option<String>,
    case_manager_id: Option<String>,
    status: &'static str,
    retention_class: &'static str,
    legal_hold: bool,
    version: i32,
    created_at: PrimitiveDateTime,
    updated_at: PrimitiveDateTime,
}

#[derive(Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = audits)]
struct NewAudit {
    id: String,
    kind: &'static str,
    case_id: String,
    auditor_id: String,
    practitioner_id: Option<String>,
    team_id: String,
    framework_id: String,
    grade_scale_id: String,
    period_start: Date,
    period_end: Date,
    side_by_side: bool,
    status: &'static str,
    overall_grade: Option<&'static str>,
    summary: Option<&'static str>,
    child_views: Option<&'static str>,
    family_views: Option<&'static str>,
    views_not_sought_reason: Option<&'static str>,
    submitted_at: Option<PrimitiveDateTime>,
    response_reflection: Option<&'static str>,
    acknowledged_at: Option<PrimitiveDateTime>,
    version: i32,
    created_at: PrimitiveDateTime,
    updated_at: PrimitiveDateTime,
    created_by: String,
}

#[derive(Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = audit_judgements)]
struct NewJudgement {
    id: String,
    audit_id: String,
    standard_number: i32,
    grade: Option<&'static str>,
    not_applicable_reason: Option<&'static str>,
    evidence: Option<&'static str>,
    strengths: Option<&'static str>,
    areas_for_development: Option<&'static str>,
    updated_at: PrimitiveDateTime,
}

#[derive(Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = audit_moderations)]
struct NewModeration {
    id: String,
    audit_id: String,
    moderator_id: String,
    agreed: bool,
    original_grade: &'static str,
    moderated_grade: &'static str,
    rationale: &'static str,
    created_at: PrimitiveDateTime,
}

#[derive(Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = safeguarding_alerts)]
struct NewAlert {
    id: String,
    audit_id: String,
    case_id: String,
    concern: &'static str,
    severity: &'static str,
    raised_by: String,
    created_at: PrimitiveDateTime,
}

#[derive(Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = action_plans)]
struct NewPlan {
    id: String,
    source: &'static str,
    source_id: String,
    title: &'static str,
    owner_id: String,
    case_id: String,
    team_id: String,
    status: &'static str,
    version: i32,
    created_at: PrimitiveDateTime,
    updated_at: PrimitiveDateTime,
}

#[derive(Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = actions)]
struct NewAction {
    id: String,
    plan_id: String,
    audit_id: String,
    case_id: String,
    team_id: String,
    description: &'static str,
    owner_id: String,
    due_on: Date,
    kind: &'static str,
    standard_number: Option<i32>,
    status: &'static str,
    evidence: Option<&'static str>,
    impact: Option<&'static str>,
    completed_at: Option<PrimitiveDateTime>,
    verified_at: Option<PrimitiveDateTime>,
    version: i32,
    created_at: PrimitiveDateTime,
    updated_at: PrimitiveDateTime,
    created_by: String,
}

#[derive(Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = escalations)]
struct NewEscalation {
    id: String,
    case_id: String,
    team_id: String,
    source: &'static str,
    source_id: String,
    raised_by: String,
    raised_to: String,
    category: &'static str,
    standards: String,
    concern: &'static str,
    stage: i32,
    stage_due_on: Date,
    status: &'static str,
    resolution: Option<&'static str>,
    resolved_by: Option<String>,
    resolved_at: Option<PrimitiveDateTime>,
    version: i32,
    created_at: PrimitiveDateTime,
    updated_at: PrimitiveDateTime,
    created_by: String,
}

#[derive(Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = escalation_events)]
struct NewEvent {
    id: String,
    escalation_id: String,
    kind: &'static str,
    actor_id: Option<String>,
    text: Option<&'static str>,
    stage: Option<i32>,
    created_at: PrimitiveDateTime,
}

/// Everything one batch of audits writes.
#[derive(Default)]
struct Batch {
    audits: Vec<NewAudit>,
    judgements: Vec<NewJudgement>,
    moderations: Vec<NewModeration>,
    alerts: Vec<NewAlert>,
    plans: Vec<NewPlan>,
    actions: Vec<NewAction>,
    escalations: Vec<NewEscalation>,
    events: Vec<NewEvent>,
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
    let directorate = id_at(setup_time, &mut rng);
    units.push(NewUnit {
        id: directorate.clone(),
        name: "Children's Services (demo)".into(),
        kind: "directorate",
        parent_id: None,
        external_ref: None,
        version: 1,
        created_at: setup_time,
        updated_at: setup_time,
    });
    let mut people: Vec<NewUser> = Vec::new();
    let add_user = |rng: &mut StdRng,
                    email: String,
                    roles: &str,
                    unit: &str,
                    people: &mut Vec<NewUser>|
     -> String {
        let id = id_at(setup_time, rng);
        people.push(NewUser {
            id: id.clone(),
            display_name: text::person_name(rng),
            email,
            roles: roles.into(),
            team_id: Some(unit.to_string()),
            active: true,
            password_hash: Some(password_hash.to_string()),
            version: 1,
            created_at: setup_time,
            updated_at: setup_time,
        });
        id
    };
    let mut teams: Vec<Team> = Vec::new();
    let mut heads = Vec::new();
    for (service_index, (service_name, service_slug, team_names)) in SERVICES.iter().enumerate() {
        let service_id = id_at(setup_time, &mut rng);
        units.push(NewUnit {
            id: service_id.clone(),
            name: (*service_name).into(),
            kind: "service",
            parent_id: Some(directorate.clone()),
            external_ref: None,
            version: 1,
            created_at: setup_time,
            updated_at: setup_time,
        });
        heads.push(add_user(
            &mut rng,
            format!("head.{service_slug}@demo.test"),
            "head_of_service",
            &service_id,
            &mut people,
        ));
        for team_name in team_names.iter().filter(|n| !n.is_empty()) {
            let team_id = id_at(setup_time, &mut rng);
            units.push(NewUnit {
                id: team_id.clone(),
                name: (*team_name).into(),
                kind: "team",
                parent_id: Some(service_id.clone()),
                external_ref: None,
                version: 1,
                created_at: setup_time,
                updated_at: setup_time,
            });
            let team_slug = slug(team_name);
            let manager = add_user(
                &mut rng,
                format!("manager.{team_slug}@demo.test"),
                "team_manager",
                &team_id,
                &mut people,
            );
            let workers = (1..=WORKERS_PER_TEAM)
                .map(|n| {
                    add_user(
                        &mut rng,
                        format!("worker{n}.{team_slug}@demo.test"),
                        "practitioner",
                        &team_id,
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
        "senior_leader",
        &directorate,
        &mut people,
    );
    let qa_officers: Vec<String> = (1..=3)
        .map(|n| {
            add_user(
                &mut rng,
                format!("qa{n}@demo.test"),
                "qa_officer",
                &directorate,
                &mut people,
            )
        })
        .collect();
    add_user(
        &mut rng,
        "iro@demo.test".into(),
        "reviewing_officer",
        &directorate,
        &mut people,
    );
    add_user(
        &mut rng,
        "psw@demo.test".into(),
        "principal_social_worker",
        &directorate,
        &mut people,
    );
    add_user(
        &mut rng,
        "analyst@demo.test".into(),
        "performance_analyst",
        &directorate,
        &mut people,
    );
    add_user(
        &mut rng,
        "dpo@demo.test".into(),
        "dpo",
        &directorate,
        &mut people,
    );
    summary.accounts = people
        .iter()
        .map(|u| (u.email.clone(), u.roles.clone()))
        .collect();
    summary.rows.push((
        "org_units",
        insert_chunks!(conn, org_units::table, &units, 8),
    ));
    summary
        .rows
        .push(("users", insert_chunks!(conn, users::table, &people, 10)));

    // Cases.
    let mut case_rows = Vec::with_capacity(options.cases);
    let mut case_info = Vec::with_capacity(options.cases);
    for n in 0..options.cases {
        let team = rng.random_range(0..teams.len());
        let category = pick_weighted(&mut rng, &CATEGORIES);
        let category: &'static str = CATEGORIES
            .iter()
            .find(|(c, _)| *c == category)
            .map(|(c, _)| *c)
            .unwrap_or("other");
        let worker = teams[team].workers[rng.random_range(0..WORKERS_PER_TEAM)].clone();
        let id = id_at(setup_time, &mut rng);
        let birth_year = options.anchor.year() - rng.random_range(0..18);
        case_rows.push(NewCase {
            id: id.clone(),
            external_ref: format!("{DEMO_REF_PREFIX}{:06}", n + 1),
            display_name: text::initials(&mut rng),
            birth_month: Some(format!("{birth_year:04}-{:02}", rng.random_range(1..=12))),
            category,
            team_id: teams[team].id.clone(),
            allocated_worker_id: Some(worker.clone()),
            case_manager_id: Some(teams[team].manager.clone()),
            status: if rng.random_bool(0.9) {
                "open"
            } else {
                "closed"
            },
            retention_class: "standard",
            legal_hold: false,
            version: 1,
            created_at: setup_time,
            updated_at: setup_time,
        });
        case_info.push(CaseInfo {
            id,
            team,
            worker,
            manager: teams[team].manager.clone(),
            in_care: matches!(category, "child_in_care" | "care_leaver"),
        });
    }
    summary
        .rows
        .push(("cases", insert_chunks!(conn, cases::table, &case_rows, 14)));
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
                &leader,
                &framework.id,
                &scale.id,
            );
        }
        totals[0] += insert_chunks!(conn, audits::table, &batch.audits, 24);
        totals[1] += insert_chunks!(conn, audit_judgements::table, &batch.judgements, 9);
        totals[2] += insert_chunks!(conn, audit_moderations::table, &batch.moderations, 8);
        totals[3] += insert_chunks!(conn, safeguarding_alerts::table, &batch.alerts, 7);
        totals[4] += insert_chunks!(conn, action_plans::table, &batch.plans, 11);
        totals[5] += insert_chunks!(conn, actions::table, &batch.actions, 19);
        totals[6] += insert_chunks!(conn, escalations::table, &batch.escalations, 20);
        totals[7] += insert_chunks!(conn, escalation_events::table, &batch.events, 7);
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
    Ok(summary)
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
    heads: &[String],
    qa_officers: &[String],
    leader: &str,
    framework_id: &str,
    scale_id: &str,
) {
    let team = &teams[case.team];
    let created = at(day, rng);
    let audit_id = id_at(created, rng);
    let roll = rng.random::<f64>();
    let auditor = if roll < 0.65 {
        team.manager.clone()
    } else if roll < 0.8 {
        heads[team.service_index].clone()
    } else if roll < 0.97 {
        qa_officers[rng.random_range(0..qa_officers.len())].clone()
    } else {
        leader.to_string()
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
        let id = id_at(updated, rng);
        if number == 8 && !case.in_care {
            batch.judgements.push(NewJudgement {
                id,
                audit_id: audit_id.clone(),
                standard_number: 8,
                grade: None,
                not_applicable_reason: Some("The child is not in care"),
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
        batch.judgements.push(NewJudgement {
            id,
            audit_id: audit_id.clone(),
            standard_number: number,
            grade: Some(GRADE_CODES[rank]),
            not_applicable_reason: None,
            evidence: Some(text::evidence(rng, rank)),
            strengths: Some(text::strength(rng)),
            areas_for_development: if rank <= 2 {
                Some(text::development(rng))
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
        "draft"
    } else if moderated {
        "moderated"
    } else {
        "submitted"
    };
    batch.audits.push(NewAudit {
        id: audit_id.clone(),
        kind: if auditor == team.manager || rng.random_bool(0.7) {
            "case_file"
        } else {
            "dip_sample"
        },
        case_id: case.id.clone(),
        auditor_id: auditor.clone(),
        practitioner_id: Some(case.worker.clone()),
        team_id: team.id.clone(),
        framework_id: framework_id.to_string(),
        grade_scale_id: scale_id.to_string(),
        period_start: crate::dates::months_before(day, 6),
        period_end: day,
        side_by_side: rng.random_bool(0.3),
        status,
        overall_grade: overall,
        summary: Some(text::summary(rng, overall_rank.unwrap_or(2))),
        child_views: views_recorded.then(|| text::child_view(rng)),
        family_views: views_recorded.then(|| text::family_view(rng)),
        views_not_sought_reason: (!views_recorded)
            .then_some("The child is pre-verbal; observed at the home visit"),
        submitted_at,
        response_reflection: acknowledged_at.map(|_| text::reflection(rng)),
        acknowledged_at,
        version: 12,
        created_at: created,
        updated_at: acknowledged_at.or(submitted_at).unwrap_or(created),
        created_by: auditor.clone(),
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
        batch.moderations.push(NewModeration {
            id: id_at(when, rng),
            audit_id: audit_id.clone(),
            moderator_id: qa_officers[0].clone(),
            agreed,
            original_grade: overall,
            moderated_grade,
            rationale: text::rationale(rng, agreed),
            created_at: when,
        });
    }
    if rng.random_bool(0.03) {
        let when = created + Duration::minutes(40);
        let severity = pick_weighted(rng, &[("low", 5), ("medium", 3), ("high", 1)]);
        let severity: &'static str = ["low", "medium", "high"]
            .into_iter()
            .find(|s| *s == severity)
            .unwrap_or("low");
        batch.alerts.push(NewAlert {
            id: id_at(when, rng),
            audit_id: audit_id.clone(),
            case_id: case.id.clone(),
            concern: text::concern(rng),
            severity,
            raised_by: auditor.clone(),
            created_at: when,
        });
    }
    // Remedial actions for weak standards.
    let weak: Vec<i32> = batch
        .judgements
        .iter()
        .rev()
        .take_while(|j| j.audit_id == audit_id)
        .filter(|j| matches!(j.grade, Some("inadequate") | Some("requires_improvement")))
        .map(|j| j.standard_number)
        .collect();
    let chosen: Vec<i32> = weak
        .into_iter()
        .filter(|_| rng.random_bool(0.3))
        .take(3)
        .collect();
    if !chosen.is_empty() {
        let plan_id = id_at(created, rng);
        batch.plans.push(NewPlan {
            id: plan_id.clone(),
            source: "audit",
            source_id: audit_id.clone(),
            title: "Remedial actions from a case file audit",
            owner_id: auditor.clone(),
            case_id: case.id.clone(),
            team_id: team.id.clone(),
            status: "open",
            version: 1,
            created_at: created,
            updated_at: created,
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
                    ("verified", Some(done), Some(done + Duration::days(7)))
                } else {
                    ("completed", Some(done), None)
                }
            } else if rng.random_bool(0.5) {
                ("in_progress", None, None)
            } else {
                ("open", None, None)
            };
            batch.actions.push(NewAction {
                id: id_at(raised, rng),
                plan_id: plan_id.clone(),
                audit_id: audit_id.clone(),
                case_id: case.id.clone(),
                team_id: team.id.clone(),
                description: text::action(rng, number),
                owner_id: case.worker.clone(),
                due_on,
                kind: "remedial",
                standard_number: Some(number),
                status,
                evidence: completed_at.map(|_| "Done and recorded on the case file"),
                impact: verified_at
                    .map(|_| "Seen on re-audit: the plan now reflects the child's views"),
                completed_at,
                verified_at,
                version: 1,
                created_at: raised,
                updated_at: verified_at.or(completed_at).unwrap_or(raised),
                created_by: auditor.clone(),
            });
        }
    }
    if effective == "inadequate" {
        let raised = submitted;
        let escalation_id = id_at(raised, rng);
        let due = calendar
            .add_working_days(raised.date(), 5)
            .unwrap_or(raised.date());
        let resolved = (options.anchor - raised.date()).whole_days() > 25 && rng.random_bool(0.85);
        let resolved_at = resolved.then(|| raised + Duration::days(rng.random_range(2..30)));
        batch.escalations.push(NewEscalation {
            id: escalation_id.clone(),
            case_id: case.id.clone(),
            team_id: team.id.clone(),
            source: "audit",
            source_id: audit_id.clone(),
            raised_by: auditor.clone(),
            raised_to: case.manager.clone(),
            category: "inadequate_audit",
            standards: "1".into(),
            concern: "A case file audit graded this case Inadequate. The case-accountable manager should review the case and respond.",
            stage: 1,
            stage_due_on: due,
            status: if resolved { "resolved" } else { "open" },
            resolution: resolved_at.map(|_| "Strategy discussion held; plan revised and risks reduced"),
            resolved_by: resolved_at.map(|_| case.manager.clone()),
            resolved_at,
            version: if resolved { 3 } else { 1 },
            created_at: raised,
            updated_at: resolved_at.unwrap_or(raised),
            created_by: auditor.clone(),
        });
        batch.events.push(NewEvent {
            id: id_at(raised, rng),
            escalation_id: escalation_id.clone(),
            kind: "raised",
            actor_id: Some(auditor.clone()),
            text: Some("Raised by the audit"),
            stage: Some(1),
            created_at: raised,
        });
        if let Some(when) = resolved_at {
            batch.events.push(NewEvent {
                id: id_at(when, rng),
                escalation_id,
                kind: "resolved",
                actor_id: Some(case.manager.clone()),
                text: Some("Strategy discussion held; plan revised and risks reduced"),
                stage: Some(1),
                created_at: when,
            });
        }
    }
}
