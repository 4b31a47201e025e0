//! Building the application: database preparation, the app factory and the bound listener (port 0
//! in tests, so each test gets its own server).

use std::net::TcpListener;
use std::time::Duration;

use actix_files::Files;
use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpResponse, HttpServer};
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::throttle::Throttle;
use crate::auth::tokens::{load_secrets, TokenKeys};
use crate::config::Settings;
use std::ops::DerefMut;

use crate::db::{build_pool, refresh_statistics, run_migrations, DbConn, DbPool};
use crate::error::{ApiError, ApiResult};
use crate::extract::MAX_BODY_BYTES;
use crate::ops::fallback::{fallback, RouteTable, SpaIndex};
use crate::ops::metrics::Metrics;
use crate::ops::{health, metrics, middleware};
use crate::state::AppState;

/// A built, bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
}

/// Opens the pool, applies migrations and seeds the reference data.
pub fn prepare_database(settings: &Settings) -> Result<DbPool, String> {
    let pool = build_pool(&settings.database_url, settings.pool_size)?;
    let mut conn = pool.get().map_err(|e| {
        format!(
            "cannot connect to the {} database: {e}",
            settings.database_url.backend()
        )
    })?;
    run_migrations(&mut conn)?;
    crate::standards::seed::seed_reference_data(&mut conn)
        .map_err(|e| format!("seeding reference data failed: {e}"))?;
    if let DbConn::Sqlite(_) = conn.deref_mut() {
        // PostgreSQL's autovacuum keeps its statistics; SQLite's are refreshed at each start.
        refresh_statistics(&mut conn, false)
            .map_err(|e| format!("refreshing the planner's statistics failed: {e}"))?;
    }
    Ok(pool)
}

/// Registers every API route, once: the same registration serves requests and builds the
/// OpenAPI document's paths ([`crate::openapi::document`]).
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(health::live)
        .service(health::ready)
        .service(metrics::metrics)
        .service(crate::standards::handlers::list_frameworks)
        .service(crate::standards::handlers::get_framework)
        .service(crate::standards::handlers::list_practice_standards)
        .service(crate::standards::handlers::list_grade_scales)
        .service(crate::calendar::handlers::working_days)
        .service(crate::calendar::handlers::bank_holidays)
        .service(crate::auth::handlers::login)
        .service(crate::auth::handlers::refresh)
        .service(crate::auth::handlers::logout)
        .service(crate::auth::handlers::answer_challenge)
        .service(crate::auth::oidc_handlers::sign_in_options)
        .service(crate::auth::oidc_handlers::oidc_start)
        .service(crate::auth::oidc_handlers::oidc_callback)
        .service(crate::auth::oidc_handlers::oidc_logout)
        .service(crate::auth::handlers::me)
        .service(crate::auth::handlers::change_password)
        .service(crate::auth::totp_handlers::enrol_during_sign_in)
        .service(crate::auth::totp_handlers::my_totp)
        .service(crate::auth::totp_handlers::begin_my_enrolment)
        .service(crate::auth::totp_handlers::confirm_my_enrolment)
        .service(crate::auth::totp_handlers::new_recovery_codes)
        .service(crate::auth::totp_handlers::disable_my_totp)
        .service(crate::org::handlers::list_org_units)
        .service(crate::org::handlers::create_org_unit)
        .service(crate::org::handlers::get_org_unit)
        .service(crate::org::handlers::update_org_unit)
        .service(crate::org::handlers::list_users)
        .service(crate::org::handlers::create_user)
        .service(crate::org::handlers::get_user)
        .service(crate::org::handlers::update_user)
        .service(crate::org::handlers::set_password)
        .service(crate::auth::totp_handlers::user_totp)
        .service(crate::auth::totp_handlers::reset_user_totp)
        .service(crate::auth::role_mappings::list_role_mappings)
        .service(crate::auth::role_mappings::create_role_mapping)
        .service(crate::auth::role_mappings::get_role_mapping)
        .service(crate::auth::role_mappings::delete_role_mapping)
        .service(crate::auth::job_title_roles::list_job_title_roles)
        .service(crate::auth::job_title_roles::create_job_title_role)
        .service(crate::auth::job_title_roles::delete_job_title_role)
        .service(crate::service_accounts::handlers::list_service_accounts)
        .service(crate::service_accounts::handlers::create_service_account)
        .service(crate::service_accounts::handlers::get_service_account)
        .service(crate::service_accounts::handlers::rotate_service_account)
        .service(crate::service_accounts::handlers::revoke_service_account)
        .service(crate::service_accounts::handlers::get_service_token)
        .service(crate::org::handlers::list_staff)
        .service(crate::cases::handlers::list_cases)
        .service(crate::cases::handlers::create_case)
        .service(crate::cases::handlers::get_case)
        .service(crate::cases::handlers::update_case)
        .service(crate::access_log::handlers::list_access_log)
        .service(crate::exports::handlers::data_dictionary)
        .service(crate::exports::handlers::export_dataset)
        .service(crate::events::handlers::list_events)
        .service(crate::webhooks::handlers::create_webhook)
        .service(crate::webhooks::handlers::list_webhooks)
        .service(crate::webhooks::handlers::get_webhook)
        .service(crate::webhooks::handlers::delete_webhook)
        .service(crate::webhooks::handlers::list_deliveries)
        .service(crate::webhooks::handlers::replay_delivery)
        .service(crate::integration::handlers::put_case)
        .service(crate::integration::handlers::put_team)
        .service(crate::integration::handlers::put_staff)
        .service(crate::integration::handlers::batch_cases)
        .service(crate::integration::handlers::batch_teams)
        .service(crate::integration::handlers::batch_staff)
        .service(crate::audits::import::import_audits)
        .service(crate::audits::handlers::create_audit)
        .service(crate::audits::handlers::list_audits)
        .service(crate::audits::handlers::get_audit)
        .service(crate::audits::handlers::update_audit)
        .service(crate::audits::handlers::put_judgement)
        .service(crate::audits::handlers::submit_audit)
        .service(crate::audits::handlers::return_audit)
        .service(crate::audits::handlers::reply_to_audit)
        .service(crate::audits::handlers::moderate_audit)
        .service(crate::audits::handlers::add_remedial_action)
        .service(crate::audits::handlers::add_alert)
        .service(crate::audits::handlers::start_reaudit)
        .service(crate::audits::handlers::get_audit_impact)
        .service(crate::escalations::handlers::list_escalations)
        .service(crate::escalations::handlers::get_escalation)
        .service(crate::escalations::handlers::respond_to_escalation)
        .service(crate::escalations::handlers::resolve_escalation)
        .service(crate::escalations::handlers::create_escalation)
        .service(crate::escalations::handlers::change_stage)
        .service(crate::escalations::handlers::withdraw_escalation)
        .service(crate::escalations::handlers::accept_resolution)
        .service(crate::escalations::handlers::refer_to_cafcass)
        .service(crate::monitoring::handlers::create_form)
        .service(crate::monitoring::handlers::list_forms)
        .service(crate::monitoring::handlers::get_form)
        .service(crate::monitoring::handlers::update_form)
        .service(crate::monitoring::handlers::submit_form)
        .service(crate::actions::handlers::list_actions)
        .service(crate::actions::handlers::get_action)
        .service(crate::actions::handlers::start_action)
        .service(crate::actions::handlers::complete_action)
        .service(crate::actions::handlers::verify_action)
        .service(crate::actions::handlers::cancel_action)
        .service(crate::actions::handlers::reassign_action)
        .service(crate::actions::handlers::bulk_reassign)
        .service(crate::notifications::handlers::list_notifications)
        .service(crate::notifications::handlers::mark_notification_read)
        .service(crate::programmes::handlers::list_programmes)
        .service(crate::programmes::handlers::create_programme)
        .service(crate::programmes::handlers::get_programme)
        .service(crate::programmes::handlers::list_themes)
        .service(crate::programmes::handlers::create_theme)
        .service(crate::programmes::handlers::get_theme)
        .service(crate::programmes::handlers::update_theme)
        .service(crate::programmes::handlers::draw_theme_sample)
        .service(crate::reports::handlers::get_report)
        .service(crate::calendar::handlers::get_adjustments)
        .service(crate::calendar::handlers::put_adjustment)
        .service(crate::calendar::handlers::delete_adjustment)
        .service(crate::feedback::import::import_survey)
        .service(crate::feedback::handlers::create_feedback)
        .service(crate::feedback::handlers::list_feedback)
        .service(crate::feedback::handlers::get_feedback)
        .service(crate::feedback::handlers::update_feedback)
        .service(crate::feedback::handlers::acknowledge_complaint)
        .service(crate::feedback::handlers::extend_complaint_stage)
        .service(crate::feedback::handlers::respond_to_complaint)
        .service(crate::feedback::handlers::escalate_complaint_stage)
        .service(crate::feedback::handlers::record_complaint_panel)
        .service(crate::feedback::handlers::refer_complaint_to_ombudsman)
        .service(crate::feedback::handlers::withdraw_complaint)
        .service(crate::feedback::handlers::close_complaint)
        .service(crate::feedback::handlers::answer_participant)
        .service(crate::settings::handlers::get_settings)
        .service(crate::mail::handlers::get_preferences)
        .service(crate::mail::handlers::put_preferences)
        .service(crate::plans::handlers::create_plan)
        .service(crate::plans::handlers::list_plans)
        .service(crate::plans::handlers::get_plan)
        .service(crate::plans::handlers::update_plan)
        .service(crate::plans::handlers::add_plan_action)
        .service(crate::plans::handlers::add_measure)
        .service(crate::plans::handlers::add_reading)
        .service(crate::settings::handlers::update_settings)
        .service(crate::observations::handlers::create_observation)
        .service(crate::observations::handlers::list_observations)
        .service(crate::observations::handlers::get_observation)
        .service(crate::observations::handlers::update_observation)
        .service(crate::observations::handlers::record_consent)
        .service(crate::observations::handlers::put_observation_judgement)
        .service(crate::observations::handlers::rate_observation_skill)
        .service(crate::observations::handlers::add_family_feedback)
        .service(crate::observations::handlers::add_learning_need)
        .service(crate::observations::handlers::submit_observation)
        .service(crate::observations::handlers::reflect_on_observation)
        .service(crate::observations::handlers::cancel_observation)
        .service(crate::observations::handlers::list_learning_needs)
        .service(crate::observations::handlers::count_learning_needs)
        .service(crate::observations::handlers::list_practice_skills)
        .configure(data_protection_routes);
}

/// The data protection officer's endpoints (issue 19).
fn data_protection_routes(cfg: &mut ServiceConfig) {
    use crate::data_protection::{handlers, holds, retention};
    cfg.service(handlers::create_request)
        .service(handlers::list_requests)
        .service(handlers::get_request)
        .service(handlers::update_request)
        .service(handlers::pause_request)
        .service(handlers::resume_request)
        .service(handlers::extend_request)
        .service(handlers::gather_request)
        .service(handlers::get_bundle)
        .service(handlers::create_redaction)
        .service(handlers::list_redactions)
        .service(handlers::delete_redaction)
        .service(handlers::release_request)
        .service(handlers::get_released)
        .service(holds::place_hold)
        .service(holds::release_hold)
        .service(holds::list_holds)
        .service(retention::list_classes)
        .service(retention::update_class)
        .service(retention::dry_run)
        .service(retention::list_tombstones);
}

impl Application {
    /// Prepares the database and binds the listener.
    pub fn build(settings: Settings) -> Result<Self, String> {
        let pool = prepare_database(&settings)?;
        let secrets = load_secrets(&settings)?;
        let tokens = TokenKeys::new(&secrets, &settings);
        let listener = TcpListener::bind(settings.bind)
            .map_err(|e| format!("cannot listen on {}: {e}", settings.bind))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let spa_index = SpaIndex(
            settings
                .spa_dir
                .as_ref()
                .map(|dir| dir.join("index.html"))
                .filter(|index| index.is_file()),
        );
        let spa_dir = spa_index
            .0
            .as_ref()
            .and_then(|index| index.parent().map(|p| p.to_path_buf()));
        if settings.spa_dir.is_some() && spa_dir.is_none() {
            tracing::warn!("QA_SPA_DIR has no index.html: the SPA is not served");
        }
        let workers = settings.workers;
        let access_log = crate::access_log::AccessLogWriter::start(pool.clone());
        if settings.index_access_log {
            crate::access_log::indexer::start(pool.clone());
        }
        let password_slots = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
        let blocking_threads = settings.pool_size as usize + password_slots + 4;
        let oidc = match settings.oidc.clone() {
            Some(oidc) => Some(crate::auth::oidc::Provider::new(
                oidc,
                &settings.public_url,
            )?),
            None => None,
        };
        let state = web::Data::new(AppState {
            rules: std::sync::Arc::new(crate::settings::RulesCache::new(
                crate::settings::Rules::defaults(&settings),
            )),
            clock: crate::clock::Clock::new(settings.test_clock),
            access_log,
            throttle: Throttle::new(settings.expensive_requests_per_minute),
            password_slots: tokio::sync::Semaphore::new(password_slots),
            oidc,
            pool,
            settings,
            tokens,
            metrics: Metrics::new(),
            stopping: crate::jobs::StopSignal::default(),
        });
        // The document is built and serialised once: each worker serves the same bytes, and
        // the structure itself (tens of MiB while utoipa assembles it) is freed before serving.
        let document = crate::openapi::document();
        let route_table = web::Data::new(RouteTable::from_openapi(&document));
        let openapi_json = web::Data::new(OpenApiJson(web::Bytes::from(
            serde_json::to_vec(&document).map_err(|e| e.to_string())?,
        )));
        drop(document);
        let spa_index = web::Data::new(spa_index);
        let app_state = state.clone();
        let test_clock = state.clock.settable();
        let mut server = HttpServer::new(move || {
            let app = App::new()
                .app_data(app_state.clone())
                .app_data(route_table.clone())
                .app_data(spa_index.clone())
                .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
                .app_data(
                    web::PathConfig::default()
                        .error_handler(|_, req| crate::ops::fallback::bad_path(req).into()),
                )
                .app_data(web::QueryConfig::default().error_handler(|_, _| {
                    ApiError::BadRequest("The query string could not be read.".into()).into()
                }))
                .wrap(from_fn(crate::idempotency::idempotency))
                .wrap(from_fn(middleware::observe))
                .into_utoipa_app()
                .configure(routes)
                .into_app()
                .configure(|cfg| crate::jobs::handlers::routes(cfg, test_clock))
                .app_data(openapi_json.clone())
                .route("/api/openapi.json", web::get().to(openapi_document))
                .service(
                    SwaggerUi::new("/api/docs/{_:.*}")
                        .config(utoipa_swagger_ui::Config::from("/api/openapi.json")),
                );
            let app = match &spa_dir {
                Some(dir) => app.service(
                    Files::new("/", dir)
                        .index_file("index.html")
                        .default_handler(web::to(fallback)),
                ),
                None => app,
            };
            let app = app.default_service(web::to(fallback));
            // Each worker assembles utoipa's route documentation while registering its routes
            // and drops it again: hand what that freed back to the system (the last worker to
            // build frees the most), so it does not count against the server for its life.
            crate::ops::memory::release_freed();
            app
        })
        .listen(listener)
        .map_err(|e| e.to_string())?
        .shutdown_timeout(30)
        // Signals are handled by `ops::shutdown`, which drains before stopping.
        .disable_signals();
        if workers > 0 {
            server = server.workers(workers);
        }
        // Database work runs on each worker's blocking threads, and a thread beyond the pool's
        // connections only waits for one (tokio's default allows 512): the rest wait in the
        // queue instead, holding no stack, allocator cache or arena of their own. Password
        // hashing and a few short jobs (readiness, sweeps) get their own headroom.
        server = server.worker_max_blocking_threads(blocking_threads);
        Ok(Self {
            port,
            server: server.run(),
            state,
        })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (tests reach the pool through it).
    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// Serves until SIGTERM (graceful, after the drain of `ops::shutdown`: the listener closes,
    /// in-flight requests finish, up to 30 s) or SIGINT/SIGQUIT (immediate); then waits for
    /// the access-log writer to commit what it holds.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let drain = Duration::from_secs(self.state.settings.shutdown_drain_secs);
        tokio::spawn(crate::ops::shutdown::on_signals(
            self.server.handle(),
            drain,
        ));
        let scheduler = tokio::spawn(scheduler(self.state.clone()));
        let mailer = tokio::spawn(mailer(self.state.clone()));
        let webhooks = tokio::spawn(crate::webhooks::worker::run(self.state.clone()));
        let result = self.server.await;
        // A sweep under way runs on a blocking thread that aborting its task does not stop, and
        // the runtime waits for it before the process exits.
        self.state.stopping.stop();
        scheduler.abort();
        mailer.abort();
        webhooks.abort();
        if !self.state.access_log.drain(Duration::from_secs(10)).await {
            tracing::error!("the access log did not finish writing before shutdown");
        }
        result
    }
}

/// The OpenAPI document as JSON, serialised once when the server starts.
struct OpenApiJson(web::Bytes);

/// `GET /api/openapi.json`: the contract the handlers are documented with (the SPA's types and
/// `openapi.yaml` are generated from the same document).
async fn openapi_document(document: web::Data<OpenApiJson>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(actix_web::http::header::ContentType::json())
        .body(document.0.clone())
}

/// The scheduler's loop: a sweep of every deadline each `QA_JOBS_INTERVAL_SECS`, the first one
/// interval after start; a failed sweep is logged and tried again next time (a down database
/// loses nothing: the next sweep finds the same events).
async fn scheduler(state: web::Data<AppState>) {
    let every = state.settings.jobs_interval_secs;
    if every == 0 {
        return;
    }
    let mut ticks = tokio::time::interval(Duration::from_secs(every));
    ticks.tick().await;
    loop {
        ticks.tick().await;
        let pool = state.pool.clone();
        let rules = state.rules.clone();
        let service = state.service();
        let stopping = state.stopping.clone();
        let started = std::time::Instant::now();
        let swept = web::block(move || {
            crate::context::run(service, || -> ApiResult<crate::jobs::SweepReport> {
                // On the scheduler's own clock, like the indexer: a request's cost measured
                // from outside must not include a sweep that happened to run beside it.
                crate::db::counting_as_background(|| {
                    let mut conn = pool.get()?;
                    let current = rules.get(&mut conn)?;
                    let report = crate::jobs::run(&mut conn, &current, &stopping)?;
                    if stopping.stopping() {
                        tracing::info!(?report, "scheduler sweep stopped: the service is stopping");
                        return Ok(report);
                    }
                    if let Some(retention) = crate::jobs::daily_retention(&mut conn, &current)? {
                        tracing::info!(?retention, "daily retention run");
                    }
                    Ok(report)
                })
            })
        })
        .await;
        match swept {
            Ok(Ok(report)) => {
                let elapsed_ms = started.elapsed().as_millis();
                tracing::debug!(?report, elapsed_ms, "scheduler sweep")
            }
            Ok(Err(error)) => tracing::warn!(%error, "scheduler sweep failed; it runs again"),
            Err(error) => tracing::warn!(%error, "scheduler sweep did not run"),
        }
    }
}

/// The mail sender's loop: the outbox's due e-mails every few seconds, when the service has a
/// relay (`QA_SMTP_URL`) and the scheduler runs.
async fn mailer(state: web::Data<AppState>) {
    if state.settings.smtp_url.is_none() || state.settings.jobs_interval_secs == 0 {
        return;
    }
    let mut ticks = tokio::time::interval(Duration::from_secs(5));
    loop {
        ticks.tick().await;
        let pool = state.pool.clone();
        let settings = state.settings.clone();
        let service = state.service();
        let sent = web::block(move || {
            crate::context::run(service, || -> ApiResult<crate::mail::SendReport> {
                crate::db::counting_as_background(|| {
                    let mut conn = pool.get()?;
                    crate::jobs::send_mail(&mut conn, &settings)
                })
            })
        })
        .await;
        if let Ok(Err(error)) = sent {
            tracing::warn!(%error, "mail sender failed; it runs again");
        }
    }
}
