//! Row-level security filters (official spelling):
//!
//! ```ignore
//! #[client_visibility_filter]
//! const MY_MESSAGES: Filter = Filter::Sql("SELECT * FROM message WHERE sender = :sender");
//! ```
//!
//! Each filter becomes a `RowLevelSecurity` entry of the definition. The
//! guide's `#[rls(filter = "...")]` on a table produces the same entry with
//! `SELECT * FROM <table> WHERE <filter>`.

pub enum Filter {
    Sql(&'static str),
}

impl Filter {
    #[doc(hidden)]
    pub fn sql_text(&self) -> &'static str {
        match self {
            Filter::Sql(s) => s,
        }
    }
}
