//! The two migration folders must build the same tables, and both must match `schema.rs`.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sql_query;
use diesel::sql_types::{Integer, Text};
use qa_api::db::{build_pool, migration_names, run_migrations, DbConn};
use qa_tests::{skip_postgres, Backend, TestDatabase};

/// table -> column -> (portable type, nullable)
type Columns = BTreeMap<String, BTreeMap<String, (String, bool)>>;

#[derive(QueryableByName)]
struct ColumnInfo {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Integer)]
    nullable: i32,
}

fn portable(raw: &str) -> String {
    match raw.to_ascii_lowercase().as_str() {
        "text" => "Text",
        "integer" | "int" | "int4" => "Integer",
        "bigint" | "int8" => "BigInt",
        "boolean" | "bool" => "Bool",
        "timestamp" | "timestamp without time zone" => "Timestamp",
        "date" => "Date",
        "double precision" | "float8" | "real" => "Double",
        other => panic!("column type {other:?} is not one of the portable types"),
    }
    .to_string()
}

fn introspect(backend: Backend) -> Columns {
    let database = TestDatabase::create(backend);
    let pool = build_pool(&database.url, 1).expect("pool");
    let mut conn = pool.get().expect("connection");
    run_migrations(&mut conn).expect("migrations apply");
    let query = match &*conn {
        DbConn::Pg(_) => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name, \
             data_type::text AS data_type, CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END AS nullable \
             FROM information_schema.columns WHERE table_schema = 'public' \
             AND table_name <> '__diesel_schema_migrations'"
        }
        DbConn::Sqlite(_) => {
            "SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, \
             CASE WHEN p.\"notnull\" = 1 THEN 0 ELSE 1 END AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
             AND m.name <> '__diesel_schema_migrations'"
        }
    };
    let rows: Vec<ColumnInfo> = sql_query(query).load(&mut *conn).expect("introspection");
    let mut columns = Columns::new();
    for row in rows {
        columns.entry(row.table_name).or_default().insert(
            row.column_name,
            (portable(&row.data_type), row.nullable == 1),
        );
    }
    drop(conn);
    drop(pool);
    columns
}

/// Reads the `table!` blocks of `schema.rs`.
fn declared() -> Columns {
    let source = include_str!("../../api/src/db/schema.rs");
    let mut columns = Columns::new();
    let mut current: Option<String> = None;
    for line in source.lines().map(str::trim) {
        if let Some(name) = line
            .strip_suffix(" {")
            .and_then(|l| l.split_once(" ("))
            .map(|(t, _)| t)
        {
            if !name.contains(' ') && !name.starts_with("diesel") {
                current = Some(name.to_string());
                continue;
            }
        }
        if line == "}" {
            current = None;
            continue;
        }
        if let (Some(table), Some((column, ty))) =
            (&current, line.trim_end_matches(',').split_once(" -> "))
        {
            let (ty, nullable) = match ty
                .strip_prefix("Nullable<")
                .and_then(|t| t.strip_suffix('>'))
            {
                Some(inner) => (inner.to_string(), true),
                None => (ty.to_string(), false),
            };
            columns
                .entry(table.clone())
                .or_default()
                .insert(column.to_string(), (ty, nullable));
        }
    }
    columns
}

fn differences(left_name: &str, left: &Columns, right_name: &str, right: &Columns) -> Vec<String> {
    let mut out = Vec::new();
    let tables: std::collections::BTreeSet<&String> = left.keys().chain(right.keys()).collect();
    for table in tables {
        let (Some(l), Some(r)) = (left.get(table), right.get(table)) else {
            out.push(format!(
                "table {table}: in {} only",
                if left.contains_key(table) {
                    left_name
                } else {
                    right_name
                }
            ));
            continue;
        };
        let names: std::collections::BTreeSet<&String> = l.keys().chain(r.keys()).collect();
        for column in names {
            match (l.get(column), r.get(column)) {
                (Some(a), Some(b)) if a == b => {}
                (Some(a), Some(b)) => out.push(format!(
                    "{table}.{column}: {left_name} {a:?} vs {right_name} {b:?}"
                )),
                (Some(_), None) => out.push(format!("{table}.{column}: in {left_name} only")),
                (None, _) => out.push(format!("{table}.{column}: in {right_name} only")),
            }
        }
    }
    out
}

#[test]
fn both_migration_folders_have_the_same_migrations() {
    assert_eq!(migration_names("postgres"), migration_names("sqlite"));
    assert!(!migration_names("sqlite").is_empty());
}

#[test]
fn sqlite_migrations_match_schema_rs() {
    let found = introspect(Backend::Sqlite);
    let problems = differences("sqlite migrations", &found, "schema.rs", &declared());
    assert!(
        problems.is_empty(),
        "schema drift:\n{}",
        problems.join("\n")
    );
}

#[test]
fn postgres_migrations_match_schema_rs() {
    if skip_postgres() {
        return;
    }
    let found = introspect(Backend::Postgres);
    let problems = differences("postgres migrations", &found, "schema.rs", &declared());
    assert!(
        problems.is_empty(),
        "schema drift:\n{}",
        problems.join("\n")
    );
}

#[test]
fn a_column_in_one_backend_only_is_caught() {
    let mut sqlite = declared();
    let postgres = declared();
    sqlite
        .get_mut("cases")
        .expect("cases table")
        .insert("extra".into(), ("Text".into(), true));
    let problems = differences("sqlite", &sqlite, "postgres", &postgres);
    assert_eq!(problems, vec!["cases.extra: in sqlite only".to_string()]);
}
