//! HTTP handlers test module: routes served under `/v1/database/{db}/route/...`
//! (a GET returning text, a POST writing a row in a transaction and answering JSON,
//! a handler that panics, a route for any method).

use spacetimedb::http::{handler, router, Body, HandlerContext, Request, Response, Router};
use spacetimedb::*;

#[table(accessor = notes, public)]
pub struct Note {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub text: String,
    pub by: Identity,
}

#[handler]
fn hello(_ctx: &mut HandlerContext, req: Request) -> Response {
    Response::new(Body::from_bytes(format!("hello from {}", req.uri)))
        .with_header("content-type", "text/plain; charset=utf-8")
        .with_header("x-module", "feature-http")
}

/// Inserts the request body as a note, in one transaction; answers `201` with the note as JSON.
#[handler]
fn add_note(ctx: &mut HandlerContext, req: Request) -> Response {
    let text = req.text();
    let sender = ctx.sender;
    let id = ctx.with_tx(|tx| tx.db.notes().insert(Note { id: 0, text: text.clone(), by: sender }).map(|n| n.id).unwrap_or(0));
    Response::new(Body::from_bytes(format!("{{\"id\":{id},\"text\":{text:?},\"by\":\"{sender}\"}}")))
        .with_status(201)
        .with_header("content-type", "application/json")
}

#[handler]
fn explode(_ctx: &mut HandlerContext, _req: Request) -> Response {
    panic!("the explode handler always panics");
}

/// Echoes the method and the `x-echo` header, for any method.
#[handler]
fn echo(_ctx: &mut HandlerContext, req: Request) -> Response {
    let echoed = req.header_value("x-echo").map(|v| String::from_utf8_lossy(v).into_owned()).unwrap_or_default();
    Response::new(Body::from_bytes(format!("{:?} {echoed} {}", req.method, req.text())))
}

#[router]
fn routes() -> Router {
    Router::new()
        .get("/hello", hello)
        .post("/notes", add_note)
        .get("/explode", explode)
        .nest("/v2", Router::new().any("/echo", echo))
}

#[reducer]
pub fn add_note_reducer(ctx: &ReducerContext, text: String) -> Result<(), String> {
    ctx.db.notes().insert(Note { id: 0, text, by: ctx.sender })?;
    Ok(())
}
