//! Text search for lists' `q=`: case-insensitive "contains" on both backends (PostgreSQL's LIKE
//! is case-sensitive and SQLite's only folds ASCII, so both sides are lower-cased).

use diesel::sql_types::Text;

diesel::define_sql_function! {
    /// Lower-cases text (SQL `lower`).
    fn lower(x: Text) -> Text;
}

/// The LIKE pattern matching text that contains `query`, lower-cased, with LIKE's own wildcards
/// in the query escaped (use with `.escape('\\')`).
pub fn contains_pattern(query: &str) -> String {
    let mut pattern = String::from("%");
    for c in query.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    #[test]
    fn wildcards_in_a_search_are_taken_literally() {
        assert_eq!(super::contains_pattern(" 50%_A "), "%50\\%\\_a%");
    }
}
