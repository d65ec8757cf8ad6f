//! Version 1 of a small notes module, the start of the migration examples (v1 → v2 → v3): a public
//! `note` table, seeded by `init`.

use spacetimedb::{reducer, table, ReducerContext, Table};

#[table(accessor = note, public)]
pub struct Note {
    #[primary_key]
    #[auto_inc]
    id: u64,
    text: String,
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
    ctx.db.note().insert(Note { id: 0, text: "welcome".to_string() });
}

#[reducer]
pub fn add_note(ctx: &ReducerContext, text: String) {
    ctx.db.note().insert(Note { id: 0, text });
}

#[reducer]
pub fn add_counter(ctx: &ReducerContext, id: u64, n: u32) {
    ctx.db.counter().insert(Counter { id, n });
}
