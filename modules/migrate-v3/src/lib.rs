//! Version 3 of the notes module: a client-breaking update of v2. It appends a `priority` column with a
//! default to `note` (existing rows get 3) and records every client its `client_disconnected` sees in a
//! new `farewell` table, so a test can see the new module's hook run for the clients the update disconnects.

use spacetimedb::{reducer, table, Identity, ReducerContext, Table};

#[table(accessor = note, public)]
pub struct Note {
    #[primary_key]
    #[auto_inc]
    id: u64,
    #[index(btree)]
    text: String,
    #[default(3u32)]
    priority: u32,
}

#[table(accessor = tag, public)]
pub struct Tag {
    note_id: u64,
    label: String,
}

#[table(accessor = farewell, public)]
pub struct Farewell {
    identity: Identity,
}

/// A table without an auto-increment, so that a later version can add one (see `migrate-constraints`).
#[table(accessor = counter, public)]
pub struct Counter {
    #[primary_key]
    id: u64,
    n: u32,
}

#[reducer(init)]
pub fn init(ctx: &ReducerContext) {
    ctx.db.note().insert(Note { id: 0, text: "v3 init ran".to_string(), priority: 1 });
}

#[reducer]
pub fn add_note(ctx: &ReducerContext, text: String) {
    ctx.db.note().insert(Note { id: 0, text, priority: 1 });
}

#[reducer]
pub fn add_tag(ctx: &ReducerContext, note_id: u64, label: String) {
    ctx.db.tag().insert(Tag { note_id, label });
}

#[reducer(client_disconnected)]
pub fn client_disconnected(ctx: &ReducerContext) {
    ctx.db.farewell().insert(Farewell { identity: ctx.sender() });
}

#[reducer]
pub fn add_counter(ctx: &ReducerContext, id: u64, n: u32) {
    ctx.db.counter().insert(Counter { id, n });
}
