//! Procedures test module: return values, explicit transactions
//! (`with_tx` / `try_with_tx`), sleeping, HTTP, and the guide's
//! `#[reducer(procedure)]` form.

use spacetimedb::*;

#[table(accessor = entries, public)]
pub struct Entry {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub text: String,
    pub at: Timestamp,
}

#[procedure]
pub fn add_two(_ctx: &mut ProcedureContext, a: u32, b: u32) -> u32 {
    a.wrapping_add(b)
}

#[procedure]
pub fn whoami(ctx: &mut ProcedureContext) -> Identity {
    ctx.sender
}

#[procedure]
pub fn nothing(_ctx: &mut ProcedureContext) {}

/// Inserts one row in its own transaction and returns the generated id.
#[procedure]
pub fn insert_entry(ctx: &mut ProcedureContext, text: String) -> u64 {
    ctx.with_tx(|tx| {
        tx.db.entries().insert(Entry { id: 0, text: text.clone(), at: tx.timestamp }).map(|e| e.id).unwrap_or(0)
    })
}

/// Inserts, then fails: the transaction is rolled back.
#[procedure]
pub fn insert_then_fail(ctx: &mut ProcedureContext, text: String) -> Result<u64, String> {
    ctx.try_with_tx(|tx| {
        tx.db.entries().insert(Entry { id: 0, text: text.clone(), at: tx.timestamp })?;
        Err::<u64, String>("failed after insert".to_string())
    })
}

/// Two transactions in one procedure.
#[procedure]
pub fn insert_two(ctx: &mut ProcedureContext, a: String, b: String) -> u64 {
    ctx.with_tx(|tx| {
        let _ = tx.db.entries().insert(Entry { id: 0, text: a.clone(), at: tx.timestamp });
    });
    ctx.with_tx(|tx| {
        let _ = tx.db.entries().insert(Entry { id: 0, text: b.clone(), at: tx.timestamp });
        tx.db.entries().count()
    })
}

/// Commits `a`, then panics inside a second transaction that inserted `b`:
/// the first transaction stays committed, the host aborts the second.
#[procedure]
pub fn insert_then_panic(ctx: &mut ProcedureContext, a: String, b: String) -> u64 {
    ctx.with_tx(|tx| {
        let _ = tx.db.entries().insert(Entry { id: 0, text: a.clone(), at: tx.timestamp });
    });
    ctx.with_tx(|tx| {
        let _ = tx.db.entries().insert(Entry { id: 0, text: b.clone(), at: tx.timestamp });
        panic!("panicking inside the second transaction");
    })
}

#[derive(SpacetimeType)]
pub struct Slept {
    pub called_at: Timestamp,
    pub woke_at: Timestamp,
    pub entries: u64,
}

/// Sleeps `micros`, then counts entries in a transaction.
#[procedure]
pub fn sleep_then_count(ctx: &mut ProcedureContext, micros: u64) -> Slept {
    let called_at = ctx.timestamp;
    let woke_at = ctx.sleep_until(called_at + Duration::from_micros(micros));
    let entries = ctx.with_tx(|tx| tx.db.entries().count());
    Slept { called_at, woke_at, entries }
}

/// GET `url`; the body as text, or the transport error.
#[procedure]
pub fn fetch(ctx: &mut ProcedureContext, url: String) -> Result<String, String> {
    let resp = ctx.http.get(url)?;
    Ok(format!("{} {}", resp.status, resp.text()))
}

/// POST `body` to `url`; the status code.
#[procedure]
pub fn post(ctx: &mut ProcedureContext, url: String, body: String) -> Result<u16, String> {
    let req = http::Request::new(http::Method::Post, url).header("content-type", "text/plain").body(body);
    Ok(ctx.http.send(req)?.status)
}

/// The guide's form: a reducer-shaped body in one implicit transaction.
#[reducer(procedure)]
pub fn count_entries(ctx: &ReducerContext) -> Result<u64, String> {
    Ok(ctx.db.entries().count())
}

/// Guide form that fails: its insert is rolled back.
#[reducer(procedure)]
pub fn insert_and_reject(ctx: &ReducerContext, text: String) -> Result<u64, String> {
    ctx.db.entries().insert(Entry { id: 0, text, at: ctx.timestamp })?;
    Err("rejected".to_string())
}

/// A plain reducer, for comparing with the procedures.
#[reducer]
pub fn add_entry(ctx: &ReducerContext, text: String) -> Result<(), String> {
    ctx.db.entries().insert(Entry { id: 0, text, at: ctx.timestamp })?;
    Ok(())
}
