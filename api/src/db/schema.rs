//! The portable schema: UUIDs as `Text`, UTC `Timestamp`s, enumerations as `Text` with `CHECK`s.
//! The parity test compares this file with both migration folders.

diesel::table! {
    frameworks (id) {
        id -> Text,
        name -> Text,
        version -> Integer,
        is_current -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    practice_standards (id) {
        id -> Text,
        framework_id -> Text,
        number -> Integer,
        title -> Text,
        text -> Text,
    }
}

diesel::table! {
    grade_scales (id) {
        id -> Text,
        name -> Text,
        version -> Integer,
        is_current -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    grades (id) {
        id -> Text,
        grade_scale_id -> Text,
        code -> Text,
        label -> Text,
        rank -> Integer,
        triggers_escalation -> Bool,
    }
}

diesel::table! {
    calendar_adjustments (date) {
        date -> Date,
        change -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    org_units (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        parent_id -> Nullable<Text>,
        external_ref -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        display_name -> Text,
        roles -> Text,
        team_id -> Nullable<Text>,
        active -> Bool,
        password_hash -> Nullable<Text>,
        external_ref -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        family_id -> Text,
        user_id -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> Text,
        email -> Text,
        client_ip -> Text,
        succeeded -> Bool,
        attempted_at -> Timestamp,
    }
}

diesel::table! {
    cases (id) {
        id -> Text,
        external_ref -> Text,
        display_name -> Text,
        birth_month -> Nullable<Text>,
        category -> Text,
        team_id -> Text,
        allocated_worker_id -> Nullable<Text>,
        case_manager_id -> Nullable<Text>,
        status -> Text,
        closed_on -> Nullable<Date>,
        retention_class -> Text,
        legal_hold -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    access_log (id) {
        id -> Text,
        at -> Timestamp,
        user_id -> Nullable<Text>,
        action -> Text,
        record_type -> Text,
        record_id -> Nullable<Text>,
        case_id -> Nullable<Text>,
        outcome -> Text,
        detail -> Nullable<Text>,
    }
}

diesel::joinable!(practice_standards -> frameworks (framework_id));
diesel::joinable!(grades -> grade_scales (grade_scale_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(cases -> org_units (team_id));

diesel::allow_tables_to_appear_in_same_query!(
    frameworks,
    practice_standards,
    grade_scales,
    grades,
    calendar_adjustments,
    org_units,
    users,
    refresh_tokens,
    login_attempts,
    cases,
    access_log,
);
