//! `qa-api`: serve the API, migrate the database, print the OpenAPI document, manage the first
//! administrator or seed a demo council.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use qa_api::config::{Environment, Settings};
use qa_api::startup::{prepare_database, Application};

#[derive(Parser)]
#[command(
    name = "qa-api",
    version,
    about = "Children's Services QA and Learning platform API"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document as YAML.
    Openapi,
    /// Print the exports' data dictionary as Markdown (`docs/exports.md`).
    ExportDictionary,
    /// Seed a synthetic demo council (refuses a database holding other case records).
    SeedDemo {
        /// Random seed: the same seed and anchor date give the same council.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Number of cases.
        #[arg(long, default_value_t = 400)]
        cases: usize,
        /// Number of audits over the year before the anchor date.
        #[arg(long, default_value_t = 2000)]
        audits: usize,
        /// Last day of the generated year, YYYY-MM-DD (default: today in Europe/London).
        #[arg(long)]
        anchor: Option<String>,
    },
    /// Write a consistent copy of the SQLite database to a new file, while the service serves.
    Backup {
        /// The file to write (must not exist).
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Replace the SQLite database with a backup (stop the service first).
    Restore {
        /// The backup to restore.
        #[arg(long)]
        from: std::path::PathBuf,
        /// Overwrite a database that holds org units, users or cases.
        #[arg(long)]
        force: bool,
    },
    /// Import a council's past audits from a spreadsheet saved as CSV, all rows or none
    /// (`case_ref,audited_on,auditor_email,s1,…,s10,overall`).
    ImportAudits {
        /// The CSV file.
        #[arg(long)]
        csv: std::path::PathBuf,
        /// The import's reference (default: from the file's digest, so a file imports once).
        #[arg(long)]
        batch_ref: Option<String>,
        /// Check every row and keep nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Create an administrator, or reset one's password; reads the password from standard input.
    CreateAdmin {
        /// The administrator's email.
        #[arg(long)]
        email: String,
        /// The administrator's name.
        #[arg(long)]
        name: String,
    },
}

fn main() -> ExitCode {
    qa_api::ops::memory::cap_malloc_arenas();
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        print!("{}", qa_api::openapi::yaml());
        return ExitCode::SUCCESS;
    }
    if let Some(Command::ExportDictionary) = cli.command {
        print!("{}", qa_api::exports::dictionary_markdown());
        return ExitCode::SUCCESS;
    }
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(problems) => {
            eprintln!("qa-api: invalid configuration:\n{problems}");
            return ExitCode::from(2);
        }
    };
    qa_api::telemetry::init(&settings);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings),
        Command::Migrate => prepare_database(&settings).map(|_| {
            println!(
                "migrations applied to the {} database",
                settings.database_url.backend()
            );
        }),
        Command::Openapi | Command::ExportDictionary => unreachable!("handled above"),
        Command::CreateAdmin { email, name } => create_admin(&settings, &email, &name),
        Command::Backup { to } => qa_api::ops::backup::backup(&settings.database_url, &to)
            .map(|copied| report_copy("backed up to", &copied)),
        Command::Restore { from, force } => {
            qa_api::ops::backup::restore(&settings.database_url, &from, force)
                .map(|copied| report_copy("restored into", &copied))
        }
        Command::SeedDemo {
            seed,
            cases,
            audits,
            anchor,
        } => seed_demo(&settings, seed, cases, audits, anchor),
        Command::ImportAudits {
            csv,
            batch_ref,
            dry_run,
        } => import_audits(&settings, &csv, batch_ref, dry_run),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("qa-api: {message}");
            ExitCode::FAILURE
        }
    }
}

fn seed_demo(
    settings: &Settings,
    seed: u64,
    cases: usize,
    audits: usize,
    anchor: Option<String>,
) -> Result<(), String> {
    use qa_api::demo::{seed as seed_council, DemoOptions, DemoRefusal};
    if settings.environment == Environment::Production {
        return Err(
            "seed-demo refuses to run with QA_ENV=production: the demo council's accounts \
             share a published password"
                .into(),
        );
    }
    if cases == 0 || cases > 1_000_000 || audits > 10_000_000 {
        return Err("--cases must be 1 to 1,000,000 and --audits at most 10,000,000".into());
    }
    let anchor = match anchor {
        Some(text) => qa_api::dates::parse_date(&text).map_err(|m| format!("--anchor {m}"))?,
        None => qa_api::dates::london_today(),
    };
    let pool = prepare_database(settings)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let options = DemoOptions {
        seed,
        cases,
        audits,
        anchor,
    };
    match seed_council(&mut conn, &options).and_then(|summary| {
        qa_api::demo::analyze(&mut conn)?;
        Ok(summary)
    }) {
        Ok(summary) => {
            let mut report = format!(
                "Seeded a demo council in {:.1} s (seed {seed}, year ending {anchor}):\n",
                started.elapsed().as_secs_f64()
            );
            for (table, rows) in &summary.rows {
                report.push_str(&format!("  {table:<22} {rows:>9}\n"));
            }
            report.push_str(&format!(
                "\nDemo accounts (password for all: \"{}\"):\n",
                summary.password
            ));
            for (email, roles) in &summary.accounts {
                report.push_str(&format!("  {email:<40} {roles}\n"));
            }
            print_report(&report)
        }
        Err(DemoRefusal::AlreadySeeded(n)) => print_report(&format!(
            "demo data is already present ({n} cases): nothing to do\n"
        )),
        Err(other) => Err(other.to_string()),
    }
}

fn import_audits(
    settings: &Settings,
    path: &std::path::Path,
    batch_ref: Option<String>,
    dry_run: bool,
) -> Result<(), String> {
    use qa_api::audits::import::{batch_ref_of_file, import, valid_batch_ref, IMPORT_MAX_BYTES};
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() > IMPORT_MAX_BYTES {
        return Err(format!(
            "{} is larger than {} MiB: split it",
            path.display(),
            IMPORT_MAX_BYTES / 1024 / 1024
        ));
    }
    let batch_ref = batch_ref.unwrap_or_else(|| batch_ref_of_file(&bytes));
    if !valid_batch_ref(&batch_ref) {
        return Err("--batch-ref must be 1-100 letters, digits, '.', '_' or '-'".into());
    }
    let pool = prepare_database(settings)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let outcome =
        import(&mut conn, &bytes, &batch_ref, None, dry_run).map_err(|e| e.to_string())?;
    if !outcome.errors.is_empty() {
        const SHOWN: usize = 50;
        for e in outcome.errors.iter().take(SHOWN) {
            eprintln!("line {}: {}: {}", e.row, e.field, e.message);
        }
        if outcome.errors.len() > SHOWN {
            eprintln!("... and {} more", outcome.errors.len() - SHOWN);
        }
        return Err(format!(
            "{} problem{} found; nothing imported",
            outcome.errors.len(),
            if outcome.errors.len() == 1 { "" } else { "s" }
        ));
    }
    if outcome.replayed {
        println!(
            "batch {batch_ref} was imported before ({} audits): nothing to do",
            outcome.imported
        );
    } else if dry_run {
        println!(
            "{} audits checked: every row can be imported (nothing kept)",
            outcome.imported
        );
    } else {
        println!(
            "imported {} past audits (batch {batch_ref})",
            outcome.imported
        );
    }
    Ok(())
}

fn report_copy(what: &str, copied: &qa_api::ops::backup::Copied) {
    println!("{what} {} ({} bytes)", copied.path.display(), copied.bytes);
    for (table, rows) in &copied.rows {
        println!("  {table:<28} {rows:>9}");
    }
}

fn create_admin(settings: &Settings, email: &str, name: &str) -> Result<(), String> {
    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    let password = password.trim_end_matches(['\r', '\n']);
    let pool = prepare_database(settings)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    qa_api::org::service::upsert_admin(&mut conn, email, name, password, false)?;
    println!("administrator {email} is ready");
    Ok(())
}

/// On the very first start (no users at all) outside production, creates `admin@localhost` with
/// a random password, prints it once, and requires it changed at the first sign-in. In
/// production nothing is printed: the first administrator is made with `qa-api create-admin`.
fn bootstrap_admin(settings: &Settings) -> Result<(), String> {
    let pool = prepare_database(settings)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    if qa_api::org::repo::any_user(&mut conn).map_err(|e| e.to_string())? {
        return Ok(());
    }
    if settings.environment == Environment::Production {
        tracing::warn!(
            "no accounts yet: make the first administrator with \
             `qa-api create-admin --email <email> --name <name>` (password on standard input)"
        );
        return Ok(());
    }
    let password = qa_api::auth::tokens::new_refresh_token();
    qa_api::org::service::upsert_admin(
        &mut conn,
        "admin@localhost",
        "Administrator",
        &password,
        true,
    )?;
    println!();
    println!("  First start: created the administrator account");
    println!("    email:    admin@localhost");
    println!("    password: {password}");
    println!("  This is shown once, and must be changed at the first sign-in. Then create");
    println!("  named accounts; reset it with");
    println!("  `qa-api create-admin --email admin@localhost --name Administrator`.");
    println!();
    Ok(())
}

fn serve(settings: Settings) -> Result<(), String> {
    bootstrap_admin(&settings)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let bind = settings.bind;
        let backend = settings.database_url.backend();
        let app = Application::build(settings)?;
        tracing::info!(%bind, port = app.port(), backend, "serving");
        println!("qa-api listening on http://{}:{}", bind.ip(), app.port());
        app.run_until_stopped().await.map_err(|e| e.to_string())
    })
}

/// Writes a command's report to standard output. A reader that stopped early (`seed-demo |
/// head`) has what it wanted and the work is done, so a closed pipe is not an error; any other
/// failure to write is.
fn print_report(text: &str) -> Result<(), String> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write the report: {e}"))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn production_on_a_fresh_database(name: &str) -> (Settings, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!(
            "qa-main-{name}-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4()
        ));
        std::fs::create_dir_all(&dir).expect("scratch folder");
        let settings = Settings {
            environment: Environment::Production,
            database_url: qa_api::config::DatabaseUrl::parse(&format!(
                "sqlite://{}",
                dir.join("qa.db").display()
            ))
            .expect("url"),
            jwt_secret: Some("a-production-secret-0123456789abcdef0123456789".into()),
            ..Settings::default()
        };
        (settings, dir)
    }

    #[test]
    fn seed_demo_refuses_to_run_in_production() {
        let (settings, dir) = production_on_a_fresh_database("seed");
        let refused = seed_demo(&settings, 1, 10, 10, None).unwrap_err();
        assert!(refused.contains("QA_ENV=production"), "{refused}");
        // Nothing was written: the database was not even created.
        assert!(!dir.join("qa.db").exists());
        std::fs::remove_dir_all(dir).expect("clean up");
    }

    #[test]
    fn production_never_makes_or_prints_a_first_administrator() {
        let (settings, dir) = production_on_a_fresh_database("bootstrap");
        bootstrap_admin(&settings).expect("starts");
        let pool = prepare_database(&settings).expect("database");
        let mut conn = pool.get().expect("connection");
        assert!(!qa_api::org::repo::any_user(&mut conn).expect("query"));
        drop(conn);
        std::fs::remove_dir_all(dir).expect("clean up");
    }
}
