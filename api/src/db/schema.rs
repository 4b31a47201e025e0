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
        lead_user_id -> Nullable<Text>,
        assistant_director_id -> Nullable<Text>,
        active -> Bool,
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
        must_change_password -> Bool,
        sessions_revoked_at -> Nullable<Timestamp>,
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
        session_started_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    revoked_access_tokens (jti) {
        jti -> Text,
        user_id -> Text,
        expires_at -> Timestamp,
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
    /// One request's access to child-level records (or an administrator's change): who, when,
    /// what they did, and every record touched, as "record_id:case_id" pairs.
    access_events (id) {
        id -> Text,
        at -> Timestamp,
        user_id -> Nullable<Text>,
        action -> Text,
        record_type -> Text,
        outcome -> Text,
        detail -> Nullable<Text>,
        records -> Text,
        record_count -> Integer,
        indexed -> Bool,
    }
}

diesel::table! {
    /// Which access events touched a case, built in batches behind the log.
    access_case_index (case_id, at, event_id) {
        case_id -> Text,
        at -> Timestamp,
        event_id -> Text,
    }
}

diesel::table! {
    audit_programmes (id) {
        id -> Text,
        title -> Text,
        year -> Integer,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    themes (id) {
        id -> Text,
        programme_id -> Nullable<Text>,
        title -> Text,
        rationale -> Text,
        source -> Text,
        planned_month -> Nullable<Text>,
        lead_id -> Nullable<Text>,
        sample_size -> Nullable<Integer>,
        status -> Text,
        findings -> Nullable<Text>,
        recommendations -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    audits (id) {
        id -> Text,
        kind -> Text,
        case_id -> Text,
        auditor_id -> Text,
        practitioner_id -> Nullable<Text>,
        team_id -> Text,
        theme_id -> Nullable<Text>,
        framework_id -> Text,
        grade_scale_id -> Text,
        period_start -> Date,
        period_end -> Date,
        side_by_side -> Bool,
        status -> Text,
        overall_grade -> Nullable<Text>,
        summary -> Nullable<Text>,
        child_views -> Nullable<Text>,
        family_views -> Nullable<Text>,
        views_not_sought_reason -> Nullable<Text>,
        practitioner_reflection -> Nullable<Text>,
        reaudit_of_id -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        returned_reason -> Nullable<Text>,
        response_reflection -> Nullable<Text>,
        acknowledged_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Nullable<Text>,
        moderation_sampled -> Bool,
    }
}

diesel::table! {
    audit_judgements (id) {
        id -> Text,
        audit_id -> Text,
        standard_number -> Integer,
        grade -> Nullable<Text>,
        not_applicable_reason -> Nullable<Text>,
        evidence -> Nullable<Text>,
        strengths -> Nullable<Text>,
        areas_for_development -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    audit_moderations (id) {
        id -> Text,
        audit_id -> Text,
        moderator_id -> Text,
        agreed -> Bool,
        original_grade -> Text,
        moderated_grade -> Text,
        rationale -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    safeguarding_alerts (id) {
        id -> Text,
        audit_id -> Text,
        case_id -> Text,
        concern -> Text,
        severity -> Text,
        raised_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    action_plans (id) {
        id -> Text,
        source -> Text,
        source_id -> Nullable<Text>,
        title -> Text,
        owner_id -> Nullable<Text>,
        case_id -> Nullable<Text>,
        team_id -> Nullable<Text>,
        status -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Nullable<Text>,
        due_on -> Nullable<Date>,
    }
}

diesel::table! {
    actions (id) {
        id -> Text,
        plan_id -> Text,
        audit_id -> Nullable<Text>,
        case_id -> Nullable<Text>,
        team_id -> Nullable<Text>,
        description -> Text,
        owner_id -> Nullable<Text>,
        due_on -> Date,
        kind -> Text,
        standard_number -> Nullable<Integer>,
        status -> Text,
        evidence -> Nullable<Text>,
        impact -> Nullable<Text>,
        cancel_reason -> Nullable<Text>,
        completed_at -> Nullable<Timestamp>,
        verified_at -> Nullable<Timestamp>,
        verified_by -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    escalations (id) {
        id -> Text,
        case_id -> Text,
        team_id -> Text,
        source -> Text,
        source_id -> Nullable<Text>,
        raised_by -> Nullable<Text>,
        raised_to -> Nullable<Text>,
        category -> Nullable<Text>,
        standards -> Text,
        concern -> Text,
        stage -> Integer,
        stage_due_on -> Date,
        status -> Text,
        resolution -> Nullable<Text>,
        resolved_by -> Nullable<Text>,
        resolved_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Nullable<Text>,
        replied_at -> Nullable<Timestamp>,
        formal_started_on -> Nullable<Date>,
        formal_due_on -> Nullable<Date>,
        accepted_at -> Nullable<Timestamp>,
        cafcass_referred_on -> Nullable<Date>,
        withdrawn_reason -> Nullable<Text>,
    }
}

diesel::table! {
    escalation_events (id) {
        id -> Text,
        escalation_id -> Text,
        kind -> Text,
        actor_id -> Nullable<Text>,
        text -> Nullable<Text>,
        stage -> Nullable<Integer>,
        created_at -> Timestamp,
        holder_id -> Nullable<Text>,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        title -> Text,
        record_type -> Text,
        record_id -> Text,
        case_id -> Nullable<Text>,
        read_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    practice_skills (code) {
        code -> Text,
        label -> Text,
        description -> Text,
        position -> Integer,
        active -> Bool,
    }
}

diesel::table! {
    observations (id) {
        id -> Text,
        observer_id -> Text,
        observed_id -> Text,
        team_id -> Text,
        case_id -> Nullable<Text>,
        framework_id -> Text,
        grade_scale_id -> Text,
        observed_on -> Date,
        setting -> Text,
        focus -> Text,
        status -> Text,
        worker_consented -> Nullable<Bool>,
        child_consented -> Nullable<Bool>,
        family_consented -> Nullable<Bool>,
        consent_notes -> Nullable<Text>,
        consent_recorded_at -> Nullable<Timestamp>,
        summary -> Nullable<Text>,
        strengths -> Nullable<Text>,
        areas_for_development -> Nullable<Text>,
        impact_on_child -> Nullable<Text>,
        overall_grade -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        reflection -> Nullable<Text>,
        acknowledged_at -> Nullable<Timestamp>,
        cancel_reason -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    observation_judgements (id) {
        id -> Text,
        observation_id -> Text,
        standard_number -> Integer,
        grade -> Nullable<Text>,
        not_applicable_reason -> Nullable<Text>,
        evidence -> Nullable<Text>,
        strengths -> Nullable<Text>,
        areas_for_development -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    observation_skill_ratings (id) {
        id -> Text,
        observation_id -> Text,
        skill_code -> Text,
        rating -> Integer,
        evidence -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    observation_feedback (id) {
        id -> Text,
        observation_id -> Text,
        from_role -> Text,
        feedback -> Text,
        would_recommend -> Nullable<Bool>,
        created_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    learning_needs (id) {
        id -> Text,
        observation_id -> Text,
        worker_id -> Text,
        team_id -> Text,
        need -> Text,
        standard_number -> Nullable<Integer>,
        agreed_by_worker -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    monitoring_forms (id) {
        id -> Text,
        case_id -> Text,
        team_id -> Text,
        officer_id -> Text,
        meeting_type -> Text,
        meeting_on -> Date,
        held_in_timescale -> Nullable<Bool>,
        timescale_reason -> Nullable<Text>,
        child_participated -> Nullable<Text>,
        child_participation_notes -> Nullable<Text>,
        plan_progressing -> Nullable<Text>,
        concerns -> Nullable<Text>,
        good_practice -> Nullable<Text>,
        status -> Text,
        submitted_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    monitoring_quality_checks (id) {
        id -> Text,
        form_id -> Text,
        standard_number -> Integer,
        rating -> Text,
        comment -> Nullable<Text>,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Integer,
        version -> Integer,
        updated_at -> Timestamp,
        updated_by -> Nullable<Text>,
    }
}

diesel::table! {
    reminders_sent (event_key) {
        event_key -> Text,
        kind -> Text,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    plan_measures (id) {
        id -> Text,
        plan_id -> Text,
        description -> Text,
        standard_number -> Nullable<Integer>,
        method -> Text,
        baseline_value -> Double,
        baseline_on -> Date,
        target_value -> Double,
        target_on -> Date,
        created_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    measure_readings (id) {
        id -> Text,
        measure_id -> Text,
        value -> Double,
        read_on -> Date,
        note -> Nullable<Text>,
        action_id -> Nullable<Text>,
        created_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    notification_preferences (user_id, kind) {
        user_id -> Text,
        kind -> Text,
        email -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    events (id) {
        id -> Text,
        seq -> Nullable<BigInt>,
        event_type -> Text,
        record_type -> Text,
        record_id -> Text,
        case_id -> Nullable<Text>,
        team_id -> Nullable<Text>,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        user_id -> Text,
        to_address -> Text,
        kind -> Text,
        record_type -> Text,
        record_id -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    feedback (id) {
        id -> Text,
        kind -> Text,
        source_role -> Text,
        channel -> Text,
        received_on -> Date,
        team_id -> Nullable<Text>,
        case_id -> Nullable<Text>,
        summary -> Text,
        themes -> Text,
        standards -> Text,
        learning -> Nullable<Text>,
        status -> Text,
        route -> Nullable<Text>,
        stage -> Nullable<Integer>,
        stage_due_on -> Nullable<Date>,
        acknowledge_by -> Nullable<Date>,
        acknowledged_on -> Nullable<Date>,
        ombudsman_referred_on -> Nullable<Date>,
        ombudsman_outcome -> Nullable<Text>,
        withdrawn_reason -> Nullable<Text>,
        we_did -> Nullable<Text>,
        we_did_on -> Nullable<Date>,
        ratings -> Nullable<Text>,
        batch_ref -> Nullable<Text>,
        advocacy -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    complaint_stages (id) {
        id -> Text,
        feedback_id -> Text,
        stage -> Integer,
        opened_on -> Date,
        due_on -> Date,
        standard_days -> Integer,
        extended_days -> Integer,
        max_days -> Integer,
        extension_reason -> Nullable<Text>,
        investigator -> Nullable<Text>,
        independent_person -> Nullable<Text>,
        panel_members -> Nullable<Text>,
        panel_on -> Nullable<Date>,
        report_on -> Nullable<Date>,
        responded_on -> Nullable<Date>,
        outcome -> Nullable<Text>,
        response_summary -> Nullable<Text>,
        responded_in_time -> Nullable<Bool>,
        request_window_ends -> Nullable<Date>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_imports (batch_ref) {
        batch_ref -> Text,
        imported -> Integer,
        created_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    feedback_imports (batch_ref) {
        batch_ref -> Text,
        imported -> Integer,
        created_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    /// Audits submitted per Europe/London day, team, kind and overall grade ('' for none).
    report_audit_tallies (day, team_id, kind, overall_grade) {
        day -> Date,
        team_id -> Text,
        kind -> Text,
        overall_grade -> Text,
        audits -> BigInt,
    }
}

diesel::table! {
    /// Graded judgements of submitted audits per Europe/London day, team, standard and grade.
    report_judgement_tallies (day, team_id, standard_number, grade) {
        day -> Date,
        team_id -> Text,
        standard_number -> Integer,
        grade -> Text,
        judgements -> BigInt,
    }
}

diesel::joinable!(practice_standards -> frameworks (framework_id));
diesel::joinable!(grades -> grade_scales (grade_scale_id));
diesel::table! {
    second_factors (user_id) {
        user_id -> Text,
        secret -> Nullable<Text>,
        enabled_at -> Nullable<Timestamp>,
        pending_secret -> Nullable<Text>,
        pending_since -> Nullable<Timestamp>,
        last_used_step -> Nullable<BigInt>,
        failures -> Integer,
        locked_until -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    recovery_codes (id) {
        id -> Text,
        user_id -> Text,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    user_identities (issuer, subject) {
        issuer -> Text,
        subject -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    oidc_logins (state) {
        state -> Text,
        binding_hash -> Text,
        nonce -> Text,
        pkce_verifier -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    /// The roles a person new to this product gets from their job title in the CMS.
    job_title_roles (id) {
        id -> Text,
        job_title -> Text,
        role -> Text,
        created_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    role_mappings (id) {
        id -> Text,
        group_name -> Text,
        role -> Text,
        created_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    /// Subject access requests (UK GDPR art. 15) and what was gathered and released for them.
    subject_access_requests (id) {
        id -> Text,
        case_id -> Nullable<Text>,
        user_id -> Nullable<Text>,
        requester_role -> Text,
        received_on -> Date,
        identity_verified_on -> Nullable<Date>,
        clock_starts_on -> Nullable<Date>,
        due_on -> Nullable<Date>,
        status -> Text,
        paused_on -> Nullable<Date>,
        pause_reason -> Nullable<Text>,
        paused_days -> Integer,
        extended -> Bool,
        extension_reason -> Nullable<Text>,
        gathering -> Bool,
        gathered_at -> Nullable<Timestamp>,
        bundle -> Nullable<Text>,
        released_at -> Nullable<Timestamp>,
        release_hash -> Nullable<Text>,
        released_json -> Nullable<Text>,
        released_html -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    /// Passages the DPO withholds from a request's released bundle.
    sar_redactions (id) {
        id -> Text,
        request_id -> Text,
        record_type -> Text,
        record_id -> Text,
        field -> Text,
        start_at -> Nullable<Integer>,
        end_at -> Nullable<Integer>,
        reason -> Text,
        created_at -> Timestamp,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    /// Legal holds on cases: retention never deletes a held case's records.
    legal_holds (id) {
        id -> Text,
        case_id -> Text,
        reason -> Text,
        until -> Nullable<Date>,
        placed_by -> Nullable<Text>,
        placed_at -> Timestamp,
        released_at -> Nullable<Timestamp>,
        released_by -> Nullable<Text>,
    }
}

diesel::table! {
    /// The retention schedule by case category and record kind.
    retention_classes (id) {
        id -> Text,
        case_category -> Text,
        record_kind -> Text,
        rule -> Text,
        years -> Nullable<Integer>,
        age -> Nullable<Integer>,
        description -> Text,
        version -> Integer,
        updated_at -> Timestamp,
        updated_by -> Nullable<Text>,
    }
}

diesel::table! {
    service_accounts (id) {
        id -> Text,
        name -> Text,
        scopes -> Text,
        expires_on -> Date,
        revoked_at -> Nullable<Timestamp>,
        revoked_by -> Nullable<Text>,
        last_used_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        created_by -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// What retention deleted, so the deletion itself is on record.
    retention_tombstones (id) {
        id -> Text,
        record_type -> Text,
        record_id -> Text,
        case_external_ref -> Nullable<Text>,
        rule -> Text,
        deleted_on -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    service_account_tokens (id) {
        id -> Text,
        account_id -> Text,
        token_hash -> Text,
        hint -> Text,
        created_at -> Timestamp,
        valid_until -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idempotency_keys (caller, idem_key) {
        caller -> Text,
        idem_key -> Text,
        fingerprint -> Text,
        status -> Nullable<Integer>,
        headers -> Nullable<Text>,
        body -> Nullable<Text>,
        locked_until -> Timestamp,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    /// A service account's subscription to event types, delivered as signed webhooks.
    webhook_subscriptions (id) {
        id -> Text,
        account_id -> Text,
        url -> Text,
        types -> Text,
        secret -> Text,
        version -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// One event's delivery to one subscription, with its attempts.
    webhook_deliveries (id) {
        id -> Text,
        subscription_id -> Text,
        event_seq -> BigInt,
        event_id -> Text,
        event_type -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_status_code -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        delivered_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(service_account_tokens -> service_accounts (account_id));
diesel::joinable!(webhook_subscriptions -> service_accounts (account_id));
diesel::joinable!(webhook_deliveries -> webhook_subscriptions (subscription_id));
diesel::joinable!(cases -> org_units (team_id));
diesel::joinable!(audit_judgements -> audits (audit_id));
diesel::joinable!(escalation_events -> escalations (escalation_id));
diesel::joinable!(actions -> action_plans (plan_id));
diesel::joinable!(observation_judgements -> observations (observation_id));
diesel::joinable!(learning_needs -> observations (observation_id));

diesel::allow_tables_to_appear_in_same_query!(
    frameworks,
    practice_standards,
    grade_scales,
    grades,
    calendar_adjustments,
    org_units,
    users,
    refresh_tokens,
    revoked_access_tokens,
    login_attempts,
    cases,
    access_events,
    access_case_index,
    audit_programmes,
    themes,
    audits,
    audit_judgements,
    audit_moderations,
    safeguarding_alerts,
    action_plans,
    actions,
    escalations,
    escalation_events,
    notifications,
    practice_skills,
    observations,
    observation_judgements,
    observation_skill_ratings,
    observation_feedback,
    learning_needs,
    monitoring_forms,
    monitoring_quality_checks,
    settings,
    reminders_sent,
    plan_measures,
    measure_readings,
    notification_preferences,
    events,
    outbox,
    feedback,
    complaint_stages,
    feedback_imports,
    audit_imports,
    report_audit_tallies,
    report_judgement_tallies,
    subject_access_requests,
    sar_redactions,
    legal_holds,
    retention_classes,
    retention_tombstones,
    service_accounts,
    service_account_tokens,
    webhook_subscriptions,
    webhook_deliveries,
    job_title_roles,
);
