//! Procedures: functions that run outside a transaction and open their own
//! (module-abi.md §5.4, §9.5), may sleep and may make HTTP requests.

use crate::context::ReducerContext;
use crate::http::HttpClient;
use crate::rng::StdbRng;
use crate::sys;
use crate::types::{ConnectionId, Identity, Timestamp};
use std::ops::Deref;

pub struct ProcedureContext {
    pub sender: Identity,
    pub connection_id: Option<ConnectionId>,
    /// When the procedure was called; `with_tx` bodies see the transaction's own timestamp.
    pub timestamp: Timestamp,
    pub http: HttpClient,
    rng: StdbRng,
}

/// The context inside `with_tx`: a reducer context (tables, sender,
/// the transaction's timestamp).
pub struct TxContext(ReducerContext);

impl Deref for TxContext {
    type Target = ReducerContext;
    fn deref(&self) -> &ReducerContext {
        &self.0
    }
}

impl ProcedureContext {
    pub(crate) fn new(sender: Identity, connection_id: Option<ConnectionId>, timestamp: Timestamp) -> Self {
        ProcedureContext { sender, connection_id, timestamp, http: HttpClient::new(), rng: StdbRng::seed_from_timestamp(timestamp) }
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
    pub fn identity(&self) -> Identity {
        crate::context::database_identity()
    }
    pub fn rng(&self) -> &StdbRng {
        &self.rng
    }

    /// Runs `body` in a mutable transaction and commits it. If the commit
    /// fails the body is run once more in a fresh transaction (as the
    /// official crate does); a second failure panics.
    pub fn with_tx<R>(&mut self, body: impl Fn(&TxContext) -> R) -> R {
        for attempt in 0..2 {
            let tx = self.begin();
            let r = body(&tx);
            match sys::procedure_commit_mut_tx() {
                Ok(()) => return r,
                Err(e) if attempt == 0 => crate::log::__log(1, "spacetimedb", file!(), line!(), format_args!("commit failed ({e}), retrying")),
                Err(e) => panic!("procedure_commit_mut_tx failed: {e}"),
            }
        }
        unreachable!()
    }

    /// Runs `body` in a mutable transaction: committed on `Ok`, rolled back on `Err`.
    pub fn try_with_tx<T, E>(&mut self, body: impl Fn(&TxContext) -> Result<T, E>) -> Result<T, E> {
        for attempt in 0..2 {
            let tx = self.begin();
            match body(&tx) {
                Ok(v) => match sys::procedure_commit_mut_tx() {
                    Ok(()) => return Ok(v),
                    Err(e) if attempt == 0 => {
                        crate::log::__log(1, "spacetimedb", file!(), line!(), format_args!("commit failed ({e}), retrying"))
                    }
                    Err(e) => panic!("procedure_commit_mut_tx failed: {e}"),
                },
                Err(e) => {
                    let _ = sys::procedure_abort_mut_tx();
                    return Err(e);
                }
            }
        }
        unreachable!()
    }

    fn begin(&self) -> TxContext {
        let ts = sys::procedure_start_mut_tx().unwrap_or_else(|e| panic!("procedure_start_mut_tx failed: {e}"));
        TxContext(ReducerContext::new(self.sender, self.connection_id, Timestamp::from_micros_since_unix_epoch(ts)))
    }

    /// Suspends until `wake_at` and returns the time it woke up.
    pub fn sleep_until(&mut self, wake_at: Timestamp) -> Timestamp {
        Timestamp::from_micros_since_unix_epoch(sys::procedure_sleep_until(wake_at.to_micros_since_unix_epoch()))
    }

    /// Suspends for `d` and returns the time it woke up.
    pub fn sleep(&mut self, d: std::time::Duration) -> Timestamp {
        let now = self.now();
        self.sleep_until(now + d)
    }

    /// The host's current time. There is no clock import: sleeping until the
    /// epoch returns immediately with the current time.
    pub fn now(&mut self) -> Timestamp {
        self.sleep_until(Timestamp::UNIX_EPOCH)
    }
}
