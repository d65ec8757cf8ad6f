//! Lightcone's `spacetimedb` crate: write SpacetimeDB 2.x modules in Rust and
//! build them offline.
//!
//! The crate targets the same host ABI as the official bindings
//! (`spacetime_10.x` imports, `__describe_module__` emitting
//! `RawModuleDef::V10`, `__call_reducer__`, `__call_procedure__`,
//! `__call_view__`, `__call_view_anon__`), so the `.wasm` it produces runs on
//! SpacetimeDB and on Lightcone alike. See `modules/README.md`.
//!
//! ```ignore
//! use spacetimedb::*;
//!
//! #[table(name = users, public)]
//! pub struct User {
//!     #[primary_key]
//!     #[auto_inc]
//!     pub id: u64,
//!     pub name: String,
//! }
//!
//! #[reducer]
//! pub fn add(ctx: &ReducerContext, name: String) -> Result<(), String> {
//!     ctx.db.users().insert(User { id: 0, name })?;
//!     Ok(())
//! }
//! ```

// Generated code names this crate `::spacetimedb`, also from inside it.
extern crate self as spacetimedb;

pub mod bsatn;
mod context;
mod def;
pub mod http;
pub mod log;
mod procedure;
mod rls;
mod rng;
#[doc(hidden)]
pub mod rt;
pub mod sats;
pub mod sys;
mod table;
mod types;

pub use lightcone_bindings_macro::{client_visibility_filter, event, index, procedure, reducer, rls, table, view, SpacetimeType};

pub use bsatn::{Deserialize, Serialize};
pub use context::{database_identity, AnonymousViewContext, Local, LocalReadOnly, ReducerContext, ViewContext};
pub use procedure::{ProcedureContext, TxContext};
pub use rls::Filter;
pub use rng::StdbRng;
pub use sats::{AlgebraicType, SpacetimeType};
pub use table::{
    FilterableValue, IndexScanArg, RangedIndex, RangedIndexReadOnly, ReadOnlyTable, RowIter, Table, TryInsertError,
    UniqueColumn, UniqueColumnReadOnly, UpdateError,
};
pub use types::{ConnectionId, Identity, ScheduleAt, TimeDuration, Timestamp};

/// Re-exported so the guide's `use spacetimedb::*;` brings `Duration` along
/// (`ScheduleAt::Interval(Duration::from_secs(3600))`, `ctx.timestamp - Duration::from_secs(60)`).
pub use std::time::Duration;

/// What a query view returns: the SQL (over tables, whole rows of `T`) the host evaluates and keeps
/// current as the view's contents. The official crate builds it with a typed query builder; these
/// bindings take the SQL text (`:sender` is the subscriber's identity).
pub struct Query<T> {
    sql: String,
    _row: std::marker::PhantomData<T>,
}

impl<T> Query<T> {
    /// A query view's body, e.g. `Query::sql("SELECT * FROM players WHERE online = true")`.
    pub fn sql(sql: impl Into<String>) -> Self {
        Query { sql: sql.into(), _row: std::marker::PhantomData }
    }
}

impl<T> Query<T> {
    #[doc(hidden)]
    pub fn sql_text(&self) -> &str {
        &self.sql
    }
}

impl<T: SpacetimeType> SpacetimeType for Query<T> {
    fn make_type(ts: &mut sats::Typespace) -> AlgebraicType {
        AlgebraicType::product(vec![("__query__", T::make_type(ts))])
    }
}

/// A `Result` with a `String` error: the usual reducer return type.
pub type ReducerResult = Result<(), String>;
