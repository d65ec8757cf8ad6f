//! Version 2 of the notes module: a compatible update of v1. It adds a `tag` table and an index on
//! `note.text`; clients stay connected. Its `init` differs so that a test can see it does not run on update.

use spacetimedb::{reducer, table, ReducerContext, Table};

#[table(accessor = note, public)]
pub struct Note {
    #[primary_key]
    #[auto_inc]
    id: u64,
    #[index(btree)]
    text: String,
}

#[table(accessor = tag, public)]
pub struct Tag {
    note_id: u64,
    label: String,
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
    ctx.db.note().insert(Note { id: 0, text: "v2 init ran".to_string() });
}

#[reducer]
pub fn add_note(ctx: &ReducerContext, text: String) {
    ctx.db.note().insert(Note { id: 0, text });
}

#[reducer]
pub fn add_tag(ctx: &ReducerContext, note_id: u64, label: String) {
    ctx.db.tag().insert(Tag { note_id, label });
}

#[reducer]
pub fn add_counter(ctx: &ReducerContext, id: u64, n: u32) {
    ctx.db.counter().insert(Counter { id, n });
}
