//! `qa-api`: serve the API, migrate the database, print the OpenAPI document, manage the first
//! administrator or seed a demo council.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use qa_api::config::Settings;
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        print!("{}", qa_api::openapi::yaml());
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
        Command::Openapi => unreachable!("handled above"),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("qa-api: {message}");
            ExitCode::FAILURE
        }
    }
}

fn serve(settings: Settings) -> Result<(), String> {
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
