//! Runtime: registration, the exported entry points, and the helpers the
//! macros expand to. Not a stable API (hence `#[doc(hidden)]` in lib.rs).
//!
//! Registration: every `#[table]`, `#[reducer]`, ... emits a
//! `__preinit__20_register_describer_<kind>_<name>` export that pushes an
//! entry here. Before the definition is described (or any call dispatched)
//! the entries are sorted by (kind, name), so the emitted definition and the
//! reducer/procedure/view ids do not depend on the order the host calls the
//! preinit hooks in (it sorts them anyway, module-abi.md §2.3).

use crate::bsatn::{self, Deserialize, Reader, Serialize};
use crate::context::{AnonymousViewContext, ProcedureContext, ReducerContext, ViewContext};
use crate::sats::SpacetimeType;
use crate::sys;
use crate::types::{ConnectionId, Identity, Timestamp};
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

pub use crate::def::{IndexAlgorithm, IndexDesc, Lifecycle, ModuleBuilder, ProcedureDesc, ReducerDesc, TableDesc};
pub use crate::table::{AutoIncColumn, IndexDef, TableDef, UniqueIndexDef};

pub type DescribeFn = fn(&mut ModuleBuilder);
pub type ReducerFn = fn(&ReducerContext, &[u8]) -> Result<(), String>;
pub type ProcedureFn = fn(&mut ProcedureContext, &[u8]) -> Vec<u8>;
pub type ViewFn = fn(&ViewContext, &[u8]) -> Vec<u8>;
pub type AnonViewFn = fn(&AnonymousViewContext, &[u8]) -> Vec<u8>;
pub type HttpHandlerFn = fn(&mut crate::http::HandlerContext, crate::http::Request) -> crate::http::Response;

enum Dispatch {
    None,
    Reducer(ReducerFn),
    Procedure(ProcedureFn),
    View(ViewFn),
    AnonView(AnonViewFn),
    HttpHandler(HttpHandlerFn),
}

struct Entry {
    /// Sort rank: types, tables, reducers, procedures, views, RLS, HTTP handlers, the HTTP router.
    rank: u8,
    name: &'static str,
    describe: DescribeFn,
    dispatch: Dispatch,
}

#[derive(Default)]
struct Registry {
    entries: Vec<Entry>,
    finalized: bool,
    reducers: Vec<ReducerFn>,
    procedures: Vec<ProcedureFn>,
    views: Vec<ViewFn>,
    anon_views: Vec<AnonViewFn>,
    http_handlers: Vec<HttpHandlerFn>,
}

thread_local! {
    static REGISTRY: RefCell<Registry> = RefCell::new(Registry::default());
}

fn register(rank: u8, name: &'static str, describe: DescribeFn, dispatch: Dispatch) {
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        assert!(!r.finalized, "module registration after the module was described");
        r.entries.push(Entry { rank, name, describe, dispatch });
    })
}

pub fn register_type(name: &'static str, describe: DescribeFn) {
    register(0, name, describe, Dispatch::None)
}
pub fn register_table(name: &'static str, describe: DescribeFn) {
    register(1, name, describe, Dispatch::None)
}
pub fn register_reducer(name: &'static str, describe: DescribeFn, invoke: ReducerFn) {
    register(2, name, describe, Dispatch::Reducer(invoke))
}
pub fn register_procedure(name: &'static str, describe: DescribeFn, invoke: ProcedureFn) {
    register(3, name, describe, Dispatch::Procedure(invoke))
}
pub fn register_row_level_security(name: &'static str, describe: DescribeFn) {
    register(5, name, describe, Dispatch::None)
}

/// `#[http::handler]`: a handler's id is its position among handlers (sorted by name).
pub fn register_http_handler(name: &'static str, invoke: HttpHandlerFn) {
    fn describe_handlers(_: &mut ModuleBuilder) {}
    register(6, name, describe_handlers, Dispatch::HttpHandler(invoke))
}

thread_local! {
    static ROUTER: RefCell<Option<fn() -> crate::http::Router>> = const { RefCell::new(None) };
}

/// `#[http::router]`: the function returning the module's routes (at most one per module).
pub fn register_http_router(router: fn() -> crate::http::Router) {
    ROUTER.with(|r| {
        assert!(r.borrow().is_none(), "a module may declare only one #[http::router]");
        *r.borrow_mut() = Some(router);
    });
    fn describe_routes(b: &mut ModuleBuilder) {
        if let Some(router) = ROUTER.with(|r| *r.borrow()) {
            for route in router().routes() {
                b.add_http_route(route.clone());
            }
        }
    }
    register(7, "router", describe_routes, Dispatch::None)
}

/// Lets `#[view]` register by the context type of the function, so it needs
/// no knowledge of which context it was given.
pub trait ViewContextKind: Sized {
    const ANONYMOUS: bool;
    fn register(name: &'static str, describe: DescribeFn, invoke: fn(&Self, &[u8]) -> Vec<u8>);
}
impl ViewContextKind for ViewContext {
    const ANONYMOUS: bool = false;
    fn register(name: &'static str, describe: DescribeFn, invoke: ViewFn) {
        register(4, name, describe, Dispatch::View(invoke))
    }
}
impl ViewContextKind for AnonymousViewContext {
    const ANONYMOUS: bool = true;
    fn register(name: &'static str, describe: DescribeFn, invoke: AnonViewFn) {
        register(4, name, describe, Dispatch::AnonView(invoke))
    }
}

fn finalize(r: &mut Registry) {
    if r.finalized {
        return;
    }
    r.finalized = true;
    r.entries.sort_by(|a, b| (a.rank, a.name).cmp(&(b.rank, b.name)));
    let mut reducers = Vec::new();
    let mut procedures = Vec::new();
    let mut views = Vec::new();
    let mut anon_views = Vec::new();
    let mut http_handlers = Vec::new();
    for e in &r.entries {
        match e.dispatch {
            Dispatch::None => {}
            Dispatch::Reducer(f) => reducers.push(f),
            Dispatch::Procedure(f) => procedures.push(f),
            Dispatch::View(f) => views.push(f),
            Dispatch::AnonView(f) => anon_views.push(f),
            Dispatch::HttpHandler(f) => http_handlers.push(f),
        }
    }
    r.reducers = reducers;
    r.procedures = procedures;
    r.views = views;
    r.anon_views = anon_views;
    r.http_handlers = http_handlers;
}

/// The encoded `RawModuleDef::V10`.
pub fn describe_module() -> Vec<u8> {
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        finalize(&mut r);
        let mut b = ModuleBuilder::default();
        for e in &r.entries {
            if let Dispatch::HttpHandler(_) = e.dispatch {
                b.add_http_handler(e.name);
            }
            (e.describe)(&mut b);
        }
        b.encode()
    })
}

fn with_dispatch<T>(f: impl FnOnce(&Registry) -> T) -> T {
    REGISTRY.with(|r| {
        finalize(&mut r.borrow_mut());
        f(&r.borrow())
    })
}

// ---- exports (module-abi.md §2.2, §6) ----

#[no_mangle]
extern "C" fn __describe_module__(sink: u32) {
    sys::write_bytes_sink(sink, &describe_module());
}

#[allow(clippy::too_many_arguments)]
#[no_mangle]
extern "C" fn __call_reducer__(
    id: u32,
    s0: u64,
    s1: u64,
    s2: u64,
    s3: u64,
    c0: u64,
    c1: u64,
    timestamp: u64,
    args: u32,
    error_sink: u32,
) -> i32 {
    let f = with_dispatch(|r| r.reducers.get(id as usize).copied());
    let f = f.unwrap_or_else(|| panic!("no reducer with id {id}"));
    let ctx = ReducerContext::new(
        Identity::from_words(s0, s1, s2, s3),
        ConnectionId::from_words(c0, c1),
        Timestamp::from_micros_since_unix_epoch(timestamp as i64),
    );
    let args = sys::read_bytes_source(args);
    match f(&ctx, &args) {
        Ok(()) => 0,
        Err(msg) => {
            sys::write_bytes_sink(error_sink, msg.as_bytes());
            1
        }
    }
}

#[allow(clippy::too_many_arguments)]
#[no_mangle]
extern "C" fn __call_procedure__(
    id: u32,
    s0: u64,
    s1: u64,
    s2: u64,
    s3: u64,
    c0: u64,
    c1: u64,
    timestamp: u64,
    args: u32,
    result_sink: u32,
) -> i32 {
    let f = with_dispatch(|r| r.procedures.get(id as usize).copied());
    let f = f.unwrap_or_else(|| panic!("no procedure with id {id}"));
    let mut ctx = ProcedureContext::new(
        Identity::from_words(s0, s1, s2, s3),
        ConnectionId::from_words(c0, c1),
        Timestamp::from_micros_since_unix_epoch(timestamp as i64),
    );
    let args = sys::read_bytes_source(args);
    let out = f(&mut ctx, &args);
    sys::write_bytes_sink(result_sink, &out);
    0
}

/// Return code 2: the sink holds a `ViewResultHeader` and then the rows.
const VIEW_RESULT_WITH_HEADER: i32 = 2;

#[no_mangle]
extern "C" fn __call_view__(id: u32, s0: u64, s1: u64, s2: u64, s3: u64, args: u32, sink: u32) -> i32 {
    let f = with_dispatch(|r| r.views.get(id as usize).copied());
    let f = f.unwrap_or_else(|| panic!("no view with id {id}"));
    let ctx = ViewContext::new(Identity::from_words(s0, s1, s2, s3));
    let args = sys::read_bytes_source(args);
    sys::write_bytes_sink(sink, &f(&ctx, &args));
    VIEW_RESULT_WITH_HEADER
}

#[no_mangle]
extern "C" fn __call_view_anon__(id: u32, args: u32, sink: u32) -> i32 {
    let f = with_dispatch(|r| r.anon_views.get(id as usize).copied());
    let f = f.unwrap_or_else(|| panic!("no anonymous view with id {id}"));
    let ctx = AnonymousViewContext::new();
    let args = sys::read_bytes_source(args);
    sys::write_bytes_sink(sink, &f(&ctx, &args));
    VIEW_RESULT_WITH_HEADER
}

/// Runs HTTP handler `id` (module-abi.md §6.6): no transaction is open; the handler may open its own.
/// A handler that panics traps, and the host answers 500.
#[no_mangle]
extern "C" fn __call_http_handler__(id: u32, timestamp: u64, req: u32, req_body: u32, resp_sink: u32, resp_body_sink: u32) -> i32 {
    let f = with_dispatch(|r| r.http_handlers.get(id as usize).copied());
    let f = f.unwrap_or_else(|| panic!("no http handler with id {id}"));
    let head = sys::read_bytes_source(req);
    let body = sys::read_bytes_source(req_body);
    let request = crate::http::decode_handler_request(&head, body).unwrap_or_else(|e| panic!("bad HttpRequest from host: {e}"));
    let mut ctx = crate::http::HandlerContext::new(Timestamp::from_micros_since_unix_epoch(timestamp as i64));
    let response = f(&mut ctx, request);
    sys::write_bytes_sink(resp_sink, &crate::http::encode_handler_response(&response));
    sys::write_bytes_sink(resp_body_sink, &response.body);
    0
}

#[export_name = "__preinit__00_panic_hook"]
extern "C" fn preinit_panic_hook() {
    crate::log::install_panic_hook();
}

// ---- helpers used by generated code ----

/// A per-instance cache of a table or index id (looked up by name on first
/// use; the host keeps ids stable for the life of an instance).
pub struct IdCache(AtomicU64);

const UNSET: u64 = u64::MAX;

impl IdCache {
    pub const fn new() -> Self {
        IdCache(AtomicU64::new(UNSET))
    }
    #[inline]
    pub fn get(&self, lookup: impl FnOnce() -> u32) -> u32 {
        let v = self.0.load(Ordering::Relaxed);
        if v != UNSET {
            return v as u32;
        }
        let id = lookup();
        self.0.store(id as u64, Ordering::Relaxed);
        id
    }
}

impl Default for IdCache {
    fn default() -> Self {
        Self::new()
    }
}

pub fn table_id_from_name(name: &str) -> u32 {
    sys::table_id_from_name(name).unwrap_or_else(|e| panic!("table `{name}` not found: {e}"))
}

pub fn index_id_from_name(name: &str) -> u32 {
    sys::index_id_from_name(name).unwrap_or_else(|e| panic!("index `{name}` not found: {e}"))
}

pub fn decode_arg<T: Deserialize>(r: &mut Reader<'_>, function: &str, param: &str) -> T {
    T::deserialize(r).unwrap_or_else(|e| panic!("{function}: cannot decode argument `{param}`: {e}"))
}

pub fn finish_args(r: &Reader<'_>, function: &str) {
    if r.remaining() != 0 {
        panic!("{function}: {} unexpected trailing argument bytes", r.remaining());
    }
}

/// Reads one generated auto-inc value written back by `datastore_insert_bsatn`.
pub fn read_generated<T: Deserialize>(r: &mut Reader<'_>, table: &str) -> T {
    T::deserialize(r).unwrap_or_else(|e| panic!("{table}: bad generated column value from host: {e}"))
}

/// What a reducer may return: `()` or `Result<(), E: Display>`.
pub trait IntoReducerResult {
    fn into_reducer_result(self) -> Result<(), String>;
}
impl IntoReducerResult for () {
    fn into_reducer_result(self) -> Result<(), String> {
        Ok(())
    }
}
impl<E: std::fmt::Display> IntoReducerResult for Result<(), E> {
    fn into_reducer_result(self) -> Result<(), String> {
        self.map_err(|e| e.to_string())
    }
}

/// The result of a `#[reducer(procedure)]`: it decides commit or rollback.
pub trait ReducerProcedureReturn: Serialize + SpacetimeType {
    fn commits(&self) -> bool;
}
impl<T: Serialize + SpacetimeType, E: Serialize + SpacetimeType> ReducerProcedureReturn for Result<T, E> {
    fn commits(&self) -> bool {
        self.is_ok()
    }
}
impl ReducerProcedureReturn for () {
    fn commits(&self) -> bool {
        true
    }
}

/// Runs a reducer-shaped body as a procedure inside one transaction:
/// committed when it returns `Ok`, rolled back on `Err`.
pub fn run_reducer_procedure<R: ReducerProcedureReturn>(pctx: &mut ProcedureContext, body: impl FnOnce(&ReducerContext) -> R) -> Vec<u8> {
    let ts = sys::procedure_start_mut_tx().unwrap_or_else(|e| panic!("procedure_start_mut_tx failed: {e}"));
    let ctx = ReducerContext::new(pctx.sender, pctx.connection_id, Timestamp::from_micros_since_unix_epoch(ts));
    let result = body(&ctx);
    if result.commits() {
        sys::procedure_commit_mut_tx().unwrap_or_else(|e| panic!("procedure_commit_mut_tx failed: {e}"));
    } else {
        let _ = sys::procedure_abort_mut_tx();
    }
    bsatn::to_vec(&result)
}

/// What a `#[view]` function may return: `Vec<T>` or `Option<T>`.
pub trait ViewReturn: SpacetimeType {
    fn encode_view(self) -> Vec<u8>;
}
impl<T: Serialize + SpacetimeType> ViewReturn for Vec<T> {
    fn encode_view(self) -> Vec<u8> {
        let mut w = vec![0u8]; // ViewResultHeader::RowData
        self.serialize(&mut w);
        w
    }
}
/// A query view's result (`ViewResultHeader::RawSql`): the host runs the SQL as the view's body and
/// maintains it like a subscription, re-running nothing.
impl<T: SpacetimeType> ViewReturn for crate::Query<T> {
    fn encode_view(self) -> Vec<u8> {
        let mut w = vec![1u8];
        self.sql_text().serialize(&mut w);
        w
    }
}
impl<T: Serialize + SpacetimeType> ViewReturn for Option<T> {
    fn encode_view(self) -> Vec<u8> {
        let mut w = vec![0u8];
        match self {
            Some(row) => {
                bsatn::write_len(&mut w, 1);
                row.serialize(&mut w);
            }
            None => bsatn::write_len(&mut w, 0),
        }
        w
    }
}
