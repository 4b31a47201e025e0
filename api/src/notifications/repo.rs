//! Writing and reading notifications.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use crate::db::schema::notifications;
use crate::db::types::{AnyId, CaseId, NotificationId, UserId};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiResult;
use crate::listing::{finish, resolve_sort, Page, PageRequest, SortParam};

/// What to tell people: a kind, a title without narrative text, and the record it is about.
#[derive(Debug, Clone)]
pub struct Notice<'a> {
    /// Stable kind, e.g. `remedial_action_raised`.
    pub kind: &'a str,
    /// One line for a person to read.
    pub title: String,
    /// Kind of record: `audit`, `escalation`, `action`...
    pub record_type: &'a str,
    /// The record.
    pub record_id: uuid::Uuid,
    /// The child's case, if any.
    pub case_id: Option<CaseId>,
    /// Sent by e-mail too whatever the recipient chose, when e-mail is on (a high
    /// safeguarding alert).
    pub urgent: bool,
}

/// A notification to store.
#[derive(Debug, Insertable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = notifications)]
pub struct NewNotification<'a> {
    /// Identifier.
    pub id: NotificationId,
    /// Recipient.
    pub user_id: UserId,
    /// Kind.
    pub kind: &'a str,
    /// Title.
    pub title: &'a str,
    /// Kind of record.
    pub record_type: &'a str,
    /// The record.
    pub record_id: AnyId,
    /// The case.
    pub case_id: Option<CaseId>,
    /// When raised.
    pub created_at: PrimitiveDateTime,
}

/// Notifies each recipient once (duplicates and the actor themselves are skipped), in the
/// caller's transaction so the notice exists exactly when the change does.
pub fn notify(
    conn: &mut DbConn,
    recipients: &[Option<UserId>],
    actor: UserId,
    notice: &Notice<'_>,
) -> QueryResult<usize> {
    deliver(conn, recipients, Some(actor), notice)
}

/// Notifies each recipient once on the service's own account (a scheduled reminder), in the
/// caller's transaction.
pub fn remind(
    conn: &mut DbConn,
    recipients: &[Option<UserId>],
    notice: &Notice<'_>,
) -> QueryResult<usize> {
    deliver(conn, recipients, None, notice)
}

/// Reminds each notice's recipients on the service's own account, many notices in one
/// statement (the scheduler sends its reminders in batches), in the caller's transaction.
pub fn remind_all(
    conn: &mut DbConn,
    notices: &[(&[Option<UserId>], &Notice<'_>)],
) -> QueryResult<usize> {
    deliver_all(conn, notices, None)
}

fn deliver(
    conn: &mut DbConn,
    recipients: &[Option<UserId>],
    actor: Option<UserId>,
    notice: &Notice<'_>,
) -> QueryResult<usize> {
    deliver_all(conn, &[(recipients, notice)], actor)
}

/// Each notice to each of its recipients once (duplicates and the actor skipped), in one insert.
fn deliver_all(
    conn: &mut DbConn,
    notices: &[(&[Option<UserId>], &Notice<'_>)],
    actor: Option<UserId>,
) -> QueryResult<usize> {
    let now = crate::dates::now_utc();
    let mut rows: Vec<NewNotification<'_>> = Vec::new();
    let mut to_mail: Vec<(Vec<UserId>, &Notice<'_>)> = Vec::new();
    for (recipients, notice) in notices {
        let mut seen: Vec<UserId> = Vec::new();
        for recipient in recipients.iter().flatten() {
            if Some(*recipient) != actor && !seen.contains(recipient) {
                seen.push(*recipient);
            }
        }
        if seen.is_empty() {
            continue;
        }
        rows.extend(seen.iter().map(|user_id| NewNotification {
            id: NotificationId::new(),
            user_id: *user_id,
            kind: notice.kind,
            title: &notice.title,
            record_type: notice.record_type,
            record_id: AnyId::from(notice.record_id),
            case_id: notice.case_id,
            created_at: now,
        }));
        to_mail.push((seen, notice));
    }
    if rows.is_empty() {
        return Ok(0);
    }
    let written = crate::batch_insert!(conn, notifications::table, &rows)?;
    if crate::context::current().email {
        crate::mail::enqueue_all(conn, &to_mail)?;
    }
    Ok(written)
}

/// A stored notification.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    /// Identifier.
    pub id: NotificationId,
    /// Recipient.
    pub user_id: UserId,
    /// Kind.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Kind of record.
    pub record_type: String,
    /// The record.
    pub record_id: AnyId,
    /// The case.
    pub case_id: Option<CaseId>,
    /// When read.
    pub read_at: Option<PrimitiveDateTime>,
    /// When created.
    pub created_at: PrimitiveDateTime,
}

crate::sortable! {
    /// The fields a person's notifications sort by.
    pub enum NotificationSort on notifications for NotificationRow {
        CreatedAt = "created_at" => created_at: PrimitiveDateTime,
    }
    default = CreatedAt descending;
}

fn filtered<'a>(
    user_id: UserId,
    unread: Option<bool>,
) -> notifications::BoxedQuery<'a, MultiBackend> {
    let mut query = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .into_boxed();
    match unread {
        Some(true) => query = query.filter(notifications::read_at.is_null()),
        Some(false) => query = query.filter(notifications::read_at.is_not_null()),
        None => {}
    }
    query
}

/// A page of a user's notifications, newest first unless asked otherwise.
pub fn list(
    conn: &mut DbConn,
    user_id: UserId,
    unread: Option<bool>,
    sort: Option<SortParam<NotificationSort>>,
    page: &PageRequest,
) -> ApiResult<(Page<NotificationRow>, Option<i64>)> {
    let keys = resolve_sort(sort, false);
    let query = NotificationSort::apply(
        filtered(user_id, unread).select(NotificationRow::as_select()),
        &keys,
        page.cursor.as_ref(),
    )?;
    let rows = page.limit(query).load(conn)?;
    let total = if page.count {
        Some(filtered(user_id, unread).count().get_result(conn)?)
    } else {
        None
    };
    Ok((
        finish(rows, page, &keys, |r| NotificationSort::values(r, &keys)),
        total,
    ))
}

/// How many unread notifications a user has.
pub fn unread_count(conn: &mut DbConn, user_id: UserId) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

/// Marks one of the user's notifications read; `None` when it is not theirs.
pub fn mark_read(
    conn: &mut DbConn,
    user_id: UserId,
    id: NotificationId,
) -> QueryResult<Option<NotificationRow>> {
    diesel::update(
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(Some(crate::dates::now_utc())))
    .execute(conn)?;
    notifications::table
        .filter(notifications::id.eq(id))
        .filter(notifications::user_id.eq(user_id))
        .select(NotificationRow::as_select())
        .first(conn)
        .optional()
}

/// A notification that names a case tells its reader something about a child: listing or
/// reading it is logged like any other case-level record.
impl crate::auth::policy::CaseRecord for NotificationRow {
    const KIND: &'static str = "notification";

    fn record_id(&self) -> uuid::Uuid {
        self.id.uuid()
    }

    fn case_id(&self) -> Option<CaseId> {
        self.case_id
    }

    fn team_id(&self) -> Option<crate::db::types::UnitId> {
        None
    }

    fn participants(&self) -> Vec<UserId> {
        vec![self.user_id]
    }

    fn version(&self) -> i32 {
        1
    }
}
