//! A compatible update of the notes module (v1) that checks the data: `note.text` becomes unique (refused while
//! two notes share a text) and `counter.id` gets an auto-increment (refused while an id lies in its range).

use spacetimedb::{reducer, table, ReducerContext, Table};

#[table(accessor = note, public)]
pub struct Note {
    #[primary_key]
    #[auto_inc]
    id: u64,
    #[unique]
    text: String,
}

#[table(accessor = counter, public)]
pub struct Counter {
    #[primary_key]
    #[auto_inc]
    id: u64,
    n: u32,
}

#[reducer]
pub fn add_note(ctx: &ReducerContext, text: String) {
    ctx.db.note().insert(Note { id: 0, text });
}
