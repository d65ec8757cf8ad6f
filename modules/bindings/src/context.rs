//! Call contexts: what a reducer, view or procedure sees of its caller.
//!
//! The guide reads `ctx.sender`, `ctx.timestamp`, `ctx.connection_id` as
//! fields; the official 2.x crate uses `ctx.sender()` etc. Rust allows a field
//! and a method of the same name, so both spellings work.

use crate::rng::StdbRng;
use crate::sys;
use crate::types::{ConnectionId, Identity, Timestamp};

/// The module's tables, for reducers: `ctx.db.users()`.
///
/// Each `#[table]` adds an accessor trait implemented for `Local`, named like
/// the table; it is in scope wherever the table struct is.
pub struct Local {
    _priv: (),
}

/// The module's tables, read-only, for views.
pub struct LocalReadOnly {
    _priv: (),
}

/// The database's own identity (constant per database).
pub fn database_identity() -> Identity {
    Identity::from_byte_array(sys::identity())
}

pub struct ReducerContext {
    /// The caller's identity.
    pub sender: Identity,
    /// The caller's connection; `None` for scheduled calls, `init` and system calls.
    pub connection_id: Option<ConnectionId>,
    /// The transaction's timestamp (also the seed of `rng()`).
    pub timestamp: Timestamp,
    pub db: Local,
    rng: StdbRng,
}

impl ReducerContext {
    pub(crate) fn new(sender: Identity, connection_id: Option<ConnectionId>, timestamp: Timestamp) -> Self {
        ReducerContext { sender, connection_id, timestamp, db: Local { _priv: () }, rng: StdbRng::seed_from_timestamp(timestamp) }
    }

    pub fn sender(&self) -> Identity {
        self.sender
    }
    pub fn connection_id(&self) -> Option<ConnectionId> {
        self.connection_id
    }
    pub fn timestamp(&self) -> Timestamp {
        self.timestamp
    }
    pub fn db(&self) -> &Local {
        &self.db
    }
    /// The identity of the database (module owner side), not of the caller.
    pub fn identity(&self) -> Identity {
        database_identity()
    }
    /// A deterministic random number generator seeded from `timestamp`.
    pub fn rng(&self) -> &StdbRng {
        &self.rng
    }
    /// The JWT claims (JSON text) of the caller's connection, if any.
    pub fn jwt_payload(&self) -> Option<String> {
        let conn = self.connection_id?;
        sys::get_jwt(&conn.as_le_byte_array()).ok().flatten()
    }
}

/// Context of a per-caller view (`__call_view__`).
pub struct ViewContext {
    pub sender: Identity,
    pub db: LocalReadOnly,
}

impl ViewContext {
    pub(crate) fn new(sender: Identity) -> Self {
        ViewContext { sender, db: LocalReadOnly { _priv: () } }
    }
    pub fn sender(&self) -> Identity {
        self.sender
    }
    pub fn db(&self) -> &LocalReadOnly {
        &self.db
    }
}

/// Context of an anonymous view (`__call_view_anon__`): same result for everyone.
pub struct AnonymousViewContext {
    pub db: LocalReadOnly,
}

impl AnonymousViewContext {
    pub(crate) fn new() -> Self {
        AnonymousViewContext { db: LocalReadOnly { _priv: () } }
    }
    pub fn db(&self) -> &LocalReadOnly {
        &self.db
    }
}

pub use crate::procedure::{ProcedureContext, TxContext};
