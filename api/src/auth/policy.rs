//! The one record policy (product.md §2). It alone decides, for every case-level record:
//! - who may see it ([`Caller::can_see`], and in SQL [`list_scope`] for every list);
//! - what the caller may do to it now, by role, scope and state ([`Guarded::permits`]), which
//!   both guards the endpoint ([`authorize`]) and lists `allowed_operations` ([`allowed`]);
//! - how a change is written without losing a race ([`write`]: authorise, check `If-Match`,
//!   parse the body, then a transaction whose conditional update either wins or is retried).
//!
//! Out of scope answers 404 (as if the record did not exist), a role refusal 403, both logged as
//! denials; a command the record's state does not allow answers 409.

use diesel::expression::BoxableExpression;
use diesel::sql_types::{Bool, Nullable};
use diesel::{QueryResult, Table};

use super::caller::Caller;
use super::roles::Role;
use crate::access_log::{self, AccessEntry, Outcome};
use crate::db::types::{CaseId, UnitId, UserId};
use crate::db::{write_tx, DbConn, MultiBackend};
use crate::error::{ApiError, ApiResult};
use crate::extract::IfMatch;

/// The cases a caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseScope {
    /// Every case.
    All,
    /// Cases of these org units, and cases allocated to this worker.
    Limited {
        /// Teams (and the units above them) whose cases are visible.
        units: Vec<UnitId>,
        /// The caller, when they see the cases allocated to them.
        worker_id: Option<UserId>,
    },
    /// No case at all (administrators).
    None,
}

impl CaseScope {
    /// The API name of the scope.
    pub fn name(&self) -> &'static str {
        match self {
            CaseScope::All => "all",
            CaseScope::Limited { units, .. } if !units.is_empty() => "units",
            CaseScope::Limited { .. } => "own",
            CaseScope::None => "none",
        }
    }
}

/// What the policy needs to know about a case-level record.
pub trait CaseRecord {
    /// The record kind's name in the access log: `case`, `audit`, `action`, ...
    const KIND: &'static str;
    /// The record's id, for the access log.
    fn record_id(&self) -> uuid::Uuid;
    /// The child's case it is about; `None` for records about no child (a team's action).
    fn case_id(&self) -> Option<CaseId>;
    /// The team whose managers see it.
    fn team_id(&self) -> Option<UnitId>;
    /// People named on the record who see it whatever their team: its auditor, its audited
    /// practitioner, an action's owner, an escalation's raiser and holder.
    fn participants(&self) -> Vec<UserId>;
    /// The record's version (its `ETag`).
    fn version(&self) -> i32;
    /// Whether the allocated worker of the record's case sees it now (an audit only once it is
    /// submitted, so a practitioner never reads a draft about their own work).
    fn visible_to_case_worker(&self) -> bool {
        true
    }
}

/// A case-level record as the policy loads it: with the current allocated worker of its case,
/// who sees every record about the case.
#[derive(Debug, Clone)]
pub struct Loaded<R> {
    /// The record.
    pub record: R,
    /// The allocated worker of the record's case, now.
    pub case_worker_id: Option<UserId>,
}

/// How a kind of record is found by id for the policy.
pub trait Load: CaseRecord + Sized {
    /// The record's id type.
    type Id: Copy + Send + 'static;
    /// The record and its case's allocated worker, whoever may see it.
    fn load(conn: &mut DbConn, id: Self::Id) -> QueryResult<Option<Loaded<Self>>>;
}

/// Why the policy refuses an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The caller's roles (or relation to the record) do not allow it: 403.
    Role(String),
    /// The record's state does not allow it now: 409.
    State(String),
}

/// Shorthand for a role refusal.
pub fn by_role(reason: impl Into<String>) -> Result<(), Refusal> {
    Err(Refusal::Role(reason.into()))
}

/// Shorthand for a state refusal.
pub fn by_state(reason: impl Into<String>) -> Result<(), Refusal> {
    Err(Refusal::State(reason.into()))
}

/// The operations of a kind of record: the command's path segment, and `update` for `PATCH`.
pub trait Operation: Copy + Eq + Send + 'static {
    /// Every operation, in the order `allowed_operations` lists them.
    fn all() -> &'static [Self];
    /// Whether the operation is a `PATCH` that needs `If-Match` (428 without it).
    fn needs_if_match(self) -> bool;
}

/// Declares a record kind's operations: a text enum (the API's `allowed_operations` values)
/// that implements [`Operation`]; `if_match` lists the `PATCH` operations.
#[macro_export]
macro_rules! operations {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident { $($body:tt)* }
        if_match: [$($patch:ident),*]
    ) => {
        $crate::text_enum! {
            $(#[doc = $doc])*
            pub enum $name { $($body)* }
        }

        impl $crate::auth::policy::Operation for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }

            fn needs_if_match(self) -> bool {
                false $(|| self == Self::$patch)*
            }
        }
    };
}

/// A kind of case-level record whose operations the policy guards.
pub trait Guarded: Load {
    /// Its operations.
    type Operation: Operation;
    /// Refusals by role alone, decided before the record is looked up, so they answer 403
    /// whatever record is named.
    fn role_gate(_caller: &Caller, _operation: Self::Operation) -> Result<(), Refusal> {
        Ok(())
    }
    /// Whether the caller may do `operation` to the record now. The caller can already see it
    /// and has passed the role gate.
    fn permits(
        caller: &Caller,
        record: &Loaded<Self>,
        operation: Self::Operation,
    ) -> Result<(), Refusal>;
}

/// The person acting on a record, for services that write who did what.
#[derive(Debug, Clone)]
pub struct Actor {
    /// Their user id.
    pub id: UserId,
    /// Their name, for notifications.
    pub display_name: String,
}

/// A record the caller may act on: only [`authorize`] makes one, so a service that takes it
/// need not check again.
#[derive(Debug, Clone)]
pub struct Authorized<R: Guarded> {
    loaded: Loaded<R>,
    operation: R::Operation,
    actor: Actor,
}

impl<R: Guarded> Authorized<R> {
    /// The record.
    pub fn record(&self) -> &R {
        &self.loaded.record
    }

    /// The allocated worker of the record's case.
    pub fn case_worker_id(&self) -> Option<UserId> {
        self.loaded.case_worker_id
    }

    /// The operation allowed.
    pub fn operation(&self) -> R::Operation {
        self.operation
    }

    /// Who acts.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }
}

/// A record the caller may see (to read it): only the policy makes one.
#[derive(Debug, Clone)]
pub struct Visible<R>(Loaded<R>);

impl<R> Visible<R> {
    /// The record.
    pub fn record(&self) -> &R {
        &self.0.record
    }

    /// The record with its case's worker.
    pub fn loaded(&self) -> &Loaded<R> {
        &self.0
    }

    /// The record, taken.
    pub fn into_record(self) -> R {
        self.0.record
    }
}

impl Caller {
    /// The cases this caller may see: the union of their roles' scopes.
    pub fn case_scope(&self) -> CaseScope {
        self.scope_of(|_| true)
    }

    /// The cases whose narrative the caller reads: the union of the scopes of only those roles
    /// that read narrative. A performance analyst who is also a practitioner sees every case's
    /// structured fields, but the free text only of their own.
    pub fn narrative_scope(&self) -> CaseScope {
        self.scope_of(Role::reads_narrative)
    }

    fn scope_of(&self, counts: impl Fn(Role) -> bool) -> CaseScope {
        let roles: Vec<Role> = self.roles.iter().copied().filter(|r| counts(*r)).collect();
        if roles.iter().any(|r| r.sees_all_cases()) {
            return CaseScope::All;
        }
        let manages = roles
            .iter()
            .any(|r| matches!(r, Role::TeamManager | Role::HeadOfService));
        let units = if manages {
            self.unit_subtree.clone()
        } else {
            Vec::new()
        };
        let worker_id = roles.contains(&Role::Practitioner).then_some(self.user_id);
        if units.is_empty() && worker_id.is_none() {
            CaseScope::None
        } else {
            CaseScope::Limited { units, worker_id }
        }
    }

    /// Whether the caller may see a case-level record: every record for the roles that see
    /// all; else records of the teams they manage, records naming them, and every record about
    /// a case allocated to them.
    pub fn can_see<R: CaseRecord>(&self, loaded: &Loaded<R>) -> bool {
        self.covers(&self.case_scope(), loaded)
    }

    /// Whether the caller reads this record's narrative: a role that reads narrative has the
    /// record in its own scope (decided per record, not by the union of the caller's roles).
    pub fn reads_narrative_of<R: CaseRecord>(&self, loaded: &Loaded<R>) -> bool {
        self.covers(&self.narrative_scope(), loaded)
    }

    fn covers<R: CaseRecord>(&self, scope: &CaseScope, loaded: &Loaded<R>) -> bool {
        match scope {
            CaseScope::All => true,
            CaseScope::None => false,
            CaseScope::Limited { units, worker_id } => {
                let record = &loaded.record;
                record.team_id().is_some_and(|team| units.contains(&team))
                    || record.participants().contains(&self.user_id)
                    || (worker_id.is_some()
                        && loaded.case_worker_id == *worker_id
                        && record.visible_to_case_worker())
            }
        }
    }

    /// Whether the caller's roles cover a team's cases: roles that see every case, or a role
    /// that reads cases held by someone in that team or a unit above it.
    pub fn covers_team(&self, team: UnitId) -> bool {
        match self.case_scope() {
            CaseScope::All => true,
            CaseScope::None => false,
            CaseScope::Limited { .. } => self.unit_subtree.contains(&team),
        }
    }

    /// Whether the caller manages the team: a team manager or head of service whose org unit
    /// subtree holds it.
    pub fn manages_team(&self, team_id: UnitId) -> bool {
        self.has_any(&[Role::TeamManager, Role::HeadOfService])
            && self.unit_subtree.contains(&team_id)
    }

    /// Whether the caller sees every case-level record.
    pub fn sees_everything(&self) -> bool {
        self.case_scope() == CaseScope::All
    }

    /// Whether any of the caller's roles may read case records at all.
    pub fn reads_cases(&self) -> bool {
        self.case_scope() != CaseScope::None
    }

    /// Whether any of the caller's roles reads narrative (free-text) fields: for records about
    /// no child (themes), and for the SPA to know what it may show. Case-level records decide
    /// per record with [`Caller::reads_narrative_of`].
    pub fn reads_narrative(&self) -> bool {
        self.roles.iter().any(|r| r.reads_narrative())
    }

    /// The person acting.
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.user_id,
            display_name: self.display_name.clone(),
        }
    }

    /// Refuses callers whose roles give no access to case records (administrators): 403.
    pub fn require_case_access(&self) -> ApiResult<()> {
        if self.reads_cases() {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                "Your roles give no access to case records.",
            ))
        }
    }
}

fn entry<R: CaseRecord>(
    caller: &Caller,
    action: &'static str,
    record: &R,
    outcome: Outcome,
    detail: Option<&str>,
) -> AccessEntry {
    AccessEntry {
        user_id: Some(caller.user_id.to_string()),
        action,
        record_type: R::KIND,
        record_id: Some(record.record_id().to_string()),
        case_id: record.case_id().map(|c| c.to_string()),
        outcome,
        detail: detail.map(str::to_string),
    }
}

/// The access-log entry of an allowed read or list of a record.
pub fn read_entry<R: CaseRecord>(caller: &Caller, action: &'static str, record: &R) -> AccessEntry {
    entry(caller, action, record, Outcome::Allowed, None)
}

/// The access-log entry of an allowed change, written in the change's own transaction.
pub fn log_change<R: CaseRecord>(
    conn: &mut DbConn,
    caller_id: UserId,
    action: &'static str,
    record: &R,
) -> QueryResult<()> {
    access_log::record(
        conn,
        &[AccessEntry {
            user_id: Some(caller_id.to_string()),
            action,
            record_type: R::KIND,
            record_id: Some(record.record_id().to_string()),
            case_id: record.case_id().map(|c| c.to_string()),
            outcome: Outcome::Allowed,
            detail: None,
        }],
    )
}

/// The case a create names in its body (`case_id`), if the caller may see it. A case outside
/// the caller's scope is a bad field of the body (422 naming `case_id`), never a 404 of the
/// request; the refusal is logged as any other.
pub fn case_named_in_body(
    conn: &mut DbConn,
    caller: &Caller,
    case_id: uuid::Uuid,
) -> ApiResult<Visible<crate::cases::model::CaseRow>> {
    load_visible::<crate::cases::model::CaseRow>(conn, caller, CaseId::from(case_id), "create")
        .map_err(|e| match e {
            ApiError::NotFound => ApiError::field("case_id", "names no case in your scope"),
            other => other,
        })
}

/// Logs a refusal by role of an operation that names no record yet (a create, a list).
pub fn log_role_refusal(
    conn: &mut DbConn,
    caller: &Caller,
    action: &'static str,
    record_type: &'static str,
) -> QueryResult<()> {
    access_log::record(
        conn,
        &[AccessEntry {
            user_id: Some(caller.user_id.to_string()),
            action,
            record_type,
            record_id: None,
            case_id: None,
            outcome: Outcome::Denied,
            detail: Some("role".into()),
        }],
    )
}

/// Refuses, with 403 logged as a denial, callers whose roles read no case records
/// (administrators) before they list or create `kind` records.
pub fn require_case_access(
    conn: &mut DbConn,
    caller: &Caller,
    action: &'static str,
    kind: &'static str,
) -> ApiResult<()> {
    if caller.reads_cases() {
        return Ok(());
    }
    log_role_refusal(conn, caller, action, kind)?;
    Err(ApiError::forbidden(
        "Your roles give no access to case records.",
    ))
}

/// Loads a record the caller may see, for `action`. Callers whose roles read no case records
/// get 403, records outside their scope 404 (as if missing); both are logged as denials. Call it
/// outside any write transaction, so the denial is kept.
pub fn load_visible<R: Load>(
    conn: &mut DbConn,
    caller: &Caller,
    id: R::Id,
    action: &'static str,
) -> ApiResult<Visible<R>> {
    load_visible_with(conn, caller, action, |conn| {
        Ok(R::load(conn, id)?.map(|loaded| (loaded, ())))
    })
    .map(|(visible, ())| visible)
}

/// [`load_visible`] for a read that fetches what its page shows in the same query as the
/// record: `load` returns the record with its case's worker and anything else, and the policy
/// decides on the record alone, exactly as it does for [`load_visible`]. What `load` fetched
/// beside the record is returned only when the record is visible.
pub fn load_visible_with<R: CaseRecord, X>(
    conn: &mut DbConn,
    caller: &Caller,
    action: &'static str,
    load: impl FnOnce(&mut DbConn) -> diesel::QueryResult<Option<(Loaded<R>, X)>>,
) -> ApiResult<(Visible<R>, X)> {
    if !caller.reads_cases() {
        log_role_refusal(conn, caller, action, R::KIND)?;
        return Err(ApiError::forbidden(
            "Your roles give no access to case records.",
        ));
    }
    let (loaded, beside) = load(conn)?.ok_or(ApiError::NotFound)?;
    if caller.can_see(&loaded) {
        Ok((Visible(loaded), beside))
    } else {
        access_log::record(
            conn,
            &[entry(
                caller,
                action,
                &loaded.record,
                Outcome::Denied,
                Some("scope"),
            )],
        )?;
        Err(ApiError::NotFound)
    }
}

/// Checks that the caller may see the record (404) and do the operation now (403 by role, 409
/// by state).
pub fn authorize<R: Guarded>(
    conn: &mut DbConn,
    caller: &Caller,
    id: R::Id,
    operation: R::Operation,
) -> ApiResult<Authorized<R>> {
    gate::<R>(conn, caller, operation)?;
    let visible = load_visible::<R>(conn, caller, id, "update")?;
    permit(conn, caller, visible, operation)
}

/// The role gate alone: 403, logged, when the caller's roles can never do the operation.
pub fn gate<R: Guarded>(
    conn: &mut DbConn,
    caller: &Caller,
    operation: R::Operation,
) -> ApiResult<()> {
    match R::role_gate(caller, operation) {
        Ok(()) => Ok(()),
        Err(Refusal::Role(reason)) => {
            log_role_refusal(conn, caller, "update", R::KIND)?;
            Err(ApiError::Forbidden(reason))
        }
        Err(Refusal::State(reason)) => Err(ApiError::Conflict(reason)),
    }
}

/// Checks the operation on a record already seen.
pub fn permit<R: Guarded>(
    conn: &mut DbConn,
    caller: &Caller,
    visible: Visible<R>,
    operation: R::Operation,
) -> ApiResult<Authorized<R>> {
    let loaded = visible.0;
    match R::permits(caller, &loaded, operation) {
        Ok(()) => Ok(Authorized {
            loaded,
            operation,
            actor: caller.actor(),
        }),
        Err(Refusal::Role(reason)) => {
            access_log::record(
                conn,
                &[entry(
                    caller,
                    "update",
                    &loaded.record,
                    Outcome::Denied,
                    Some("role"),
                )],
            )?;
            Err(ApiError::Forbidden(reason))
        }
        Err(Refusal::State(reason)) => Err(ApiError::Conflict(reason)),
    }
}

/// The operations the caller may do to the record now, by the same rule that guards them.
pub fn allowed<R: Guarded>(caller: &Caller, loaded: &Loaded<R>) -> Vec<R::Operation> {
    R::Operation::all()
        .iter()
        .copied()
        .filter(|op| R::role_gate(caller, *op).is_ok() && R::permits(caller, loaded, *op).is_ok())
        .collect()
}

/// How many times a write whose conditional update lost a race is tried again before the
/// caller is told to retry. Only writes without a specific `If-Match` are retried: with one, the
/// next attempt answers 412 at once.
const WRITE_ATTEMPTS: usize = 5;

/// The one write path for a guarded record: authorise (404/403/409), check `If-Match`
/// (412/428), parse the body (422), then run `work` in a write transaction. `work` makes its
/// change through a conditional update (`WHERE id = ? AND version = ?`) and answers
/// [`ApiError::Raced`] when it changed nothing; the whole attempt is then rolled back and made
/// again from a fresh read, so two racing requests can never both win.
pub fn write<R, B, T>(
    conn: &mut DbConn,
    caller: &Caller,
    id: R::Id,
    operation: R::Operation,
    if_match: IfMatch,
    parse: impl FnOnce() -> ApiResult<B>,
    mut work: impl FnMut(&mut DbConn, &Authorized<R>, &B) -> ApiResult<T>,
) -> ApiResult<T>
where
    R: Guarded,
{
    let mut parse = Some(parse);
    let mut body: Option<B> = None;
    for _ in 0..WRITE_ATTEMPTS {
        let authorized = authorize::<R>(conn, caller, id, operation)?;
        if_match.check(authorized.record().version(), operation.needs_if_match())?;
        if let Some(parse) = parse.take() {
            body = Some(parse()?);
        }
        let Some(input) = body.as_ref() else {
            return Err(ApiError::Internal("the body was not parsed".into()));
        };
        match write_tx(conn, |conn| work(conn, &authorized, input)) {
            Err(ApiError::Raced) => continue,
            other => return other,
        }
    }
    Err(ApiError::conflict(
        "The record was changed by someone else at the same moment. Try again.",
    ))
}

/// Checks a person a record about a team's case names (an action's owner, a case's worker or
/// manager): they will read the record and be told about the case, so they must be an active
/// user whose roles cover the team; otherwise a field error for `field`.
pub fn check_named_person(
    conn: &mut DbConn,
    field: &str,
    person: UserId,
    team: UnitId,
    errors: &mut Vec<crate::error::FieldError>,
) -> QueryResult<()> {
    use crate::error::FieldError;
    match Caller::person(conn, person)? {
        None => errors.push(FieldError::new(field, "names no active user")),
        Some(named) if !named.covers_team(team) => errors.push(FieldError::new(
            field,
            "names someone who cannot see this team's cases: choose a person in the team, or \
             a manager above it",
        )),
        Some(_) => {}
    }
    Ok(())
}

/// A condition on a table's rows, for list filters.
pub type Condition<T> = Box<dyn BoxableExpression<T, MultiBackend, SqlType = Nullable<Bool>>>;

/// How a table's rows relate to the policy: its team, its case, the people named on it.
/// Implemented with [`crate::scoped_table!`]; the rule that combines them is [`list_scope`].
pub trait ScopedTable: Table + Sized + 'static {
    /// Rows of these teams.
    fn team_in(units: Vec<UnitId>) -> Condition<Self>;
    /// Rows about a case allocated to this worker.
    fn case_allocated_to(worker: UserId) -> Condition<Self>;
    /// Rows naming this person; `None` when the table names nobody.
    fn names(user: UserId) -> Option<Condition<Self>>;
}

/// Which rows of a list the caller may see.
pub enum ListScope<T> {
    /// All of them.
    Everything,
    /// Those matching the condition.
    Only(Condition<T>),
}

/// The SQL form of [`Caller::can_see`], used by every list. Callers with no case scope are
/// refused before any list runs ([`Caller::require_case_access`]).
pub fn list_scope<T: ScopedTable>(caller: &Caller) -> ApiResult<ListScope<T>> {
    match caller.case_scope() {
        CaseScope::All => Ok(ListScope::Everything),
        CaseScope::None => Err(ApiError::forbidden(
            "Your roles give no access to case records.",
        )),
        CaseScope::Limited { units, worker_id } => {
            let mut parts: Vec<Condition<T>> = Vec::new();
            if !units.is_empty() {
                parts.push(T::team_in(units));
            }
            if let Some(named) = T::names(caller.user_id) {
                parts.push(named);
            }
            if let Some(worker) = worker_id {
                parts.push(T::case_allocated_to(worker));
            }
            let mut parts = parts.into_iter();
            let first = parts
                .next()
                .ok_or_else(|| ApiError::Internal("an empty case scope".into()))?;
            Ok(ListScope::Only(parts.fold(first, |all, part| {
                Box::new(diesel::BoolExpressionMethods::or(all, part))
            })))
        }
    }
}

/// Implements [`ScopedTable`] for a table from its team, case and participant columns. A record
/// kind whose case's worker sees it only in some states (audits: once submitted) names the
/// condition as `shown_to_worker`, and the columns of people who see it only then as
/// `worker_names`; it must agree with [`CaseRecord::visible_to_case_worker`].
#[macro_export]
macro_rules! scoped_table {
    ($table:ident { team: $team:ident, case: $case:ident, names: [$($named:ident),*] }) => {
        $crate::scoped_table!(@impl $table, $team, $case, [$($named),*], [], []);
    };
    ($table:ident {
        team: $team:ident,
        case: $case:ident,
        names: [$($named:ident),*],
        worker_names: [$($worker_named:ident),*],
        shown_to_worker: $shown:expr
    }) => {
        $crate::scoped_table!(@impl $table, $team, $case, [$($named),*], [$($worker_named),*], [$shown]);
    };
    (@impl $table:ident, $team:ident, $case:ident, [$($named:ident),*], [$($worker_named:ident),*], [$($shown:expr)?]) => {
        impl $crate::db::schema::$table::table {
            #[allow(dead_code)]
            fn shown_to_worker() -> Option<$crate::auth::policy::Condition<Self>> {
                #[allow(unused_imports)]
                use diesel::prelude::*;
                #[allow(unused_imports)]
                use $crate::db::schema::$table;
                #[allow(unused_variables)]
                let shown: Option<$crate::auth::policy::Condition<Self>> = None;
                $(let shown: Option<$crate::auth::policy::Condition<Self>> = Some(Box::new($shown));)?
                shown
            }
        }

        impl $crate::auth::policy::ScopedTable for $crate::db::schema::$table::table {
            fn team_in(
                units: Vec<$crate::db::types::UnitId>,
            ) -> $crate::auth::policy::Condition<Self> {
                use diesel::prelude::*;
                use $crate::db::schema::$table;
                Box::new($crate::db::member_of($table::$team.nullable(), units).nullable())
            }

            fn case_allocated_to(
                worker: $crate::db::types::UserId,
            ) -> $crate::auth::policy::Condition<Self> {
                use diesel::prelude::*;
                use $crate::db::schema::{cases, $table};
                let allocated = cases::table
                    .filter(cases::allocated_worker_id.eq(worker))
                    .select(cases::id.nullable());
                let theirs: $crate::auth::policy::Condition<Self> =
                    Box::new($table::$case.nullable().eq_any(allocated).nullable());
                match Self::shown_to_worker() {
                    Some(shown) => Box::new(theirs.and(shown)),
                    None => theirs,
                }
            }

            #[allow(unused_mut, unused_variables)]
            fn names(
                user: $crate::db::types::UserId,
            ) -> Option<$crate::auth::policy::Condition<Self>> {
                use diesel::prelude::*;
                use $crate::db::schema::$table;
                let mut found: Option<$crate::auth::policy::Condition<Self>> = None;
                $(
                    let part: $crate::auth::policy::Condition<Self> =
                        Box::new($table::$named.nullable().eq(user).nullable());
                    found = Some(match found {
                        None => part,
                        Some(all) => Box::new(all.or(part)),
                    });
                )*
                $(
                    let mut part: $crate::auth::policy::Condition<Self> =
                        Box::new($table::$worker_named.nullable().eq(user).nullable());
                    if let Some(shown) = Self::shown_to_worker() {
                        part = Box::new(part.and(shown));
                    }
                    found = Some(match found {
                        None => part,
                        Some(all) => Box::new(all.or(part)),
                    });
                )*
                found
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Record {
        team: UnitId,
        named: Vec<UserId>,
    }

    impl CaseRecord for Record {
        const KIND: &'static str = "test";
        fn record_id(&self) -> uuid::Uuid {
            uuid::Uuid::nil()
        }
        fn case_id(&self) -> Option<CaseId> {
            None
        }
        fn team_id(&self) -> Option<UnitId> {
            Some(self.team)
        }
        fn participants(&self) -> Vec<UserId> {
            self.named.clone()
        }
        fn version(&self) -> i32 {
            1
        }
    }

    fn caller(roles: &[Role], units: &[UnitId]) -> Caller {
        Caller {
            user_id: UserId::new(),
            email: "me@example.test".into(),
            display_name: "Me".into(),
            roles: roles.to_vec(),
            org_unit_id: units.first().copied(),
            unit_subtree: units.to_vec(),
        }
    }

    fn loaded(team: UnitId, named: Vec<UserId>, worker: Option<UserId>) -> Loaded<Record> {
        Loaded {
            record: Record { team, named },
            case_worker_id: worker,
        }
    }

    #[test]
    fn practitioners_see_records_of_their_allocated_cases_and_naming_them() {
        let team = UnitId::new();
        let me = caller(&[Role::Practitioner], &[team]);
        assert!(me.can_see(&loaded(team, vec![], Some(me.user_id))));
        assert!(me.can_see(&loaded(UnitId::new(), vec![me.user_id], None)));
        assert!(!me.can_see(&loaded(team, vec![], Some(UserId::new()))));
    }

    #[test]
    fn managers_see_their_subtree() {
        let (service, team_b) = (UnitId::new(), UnitId::new());
        let head = caller(&[Role::HeadOfService], &[service, team_b]);
        assert!(head.can_see(&loaded(team_b, vec![], None)));
        assert!(!head.can_see(&loaded(UnitId::new(), vec![], None)));
    }

    #[test]
    fn admins_see_no_cases_and_analysts_no_narrative() {
        let dir = UnitId::new();
        let admin = caller(&[Role::Admin], &[dir]);
        assert_eq!(admin.case_scope(), CaseScope::None);
        assert!(!admin.can_see(&loaded(dir, vec![admin.user_id], None)));
        let analyst = caller(&[Role::PerformanceAnalyst], &[dir]);
        assert_eq!(analyst.case_scope(), CaseScope::All);
        assert!(!analyst.reads_narrative());
        let both = caller(&[Role::PerformanceAnalyst, Role::QaOfficer], &[dir]);
        assert!(both.reads_narrative());
    }
}
