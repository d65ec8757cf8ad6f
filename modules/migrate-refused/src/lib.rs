//! An update of the notes module (v1) that needs a manual migration: it changes the type of
//! `note.text` and adds a column without a default, so publishing it over v1 is refused.

use spacetimedb::{reducer, table, ReducerContext, Table};

#[table(accessor = note, public)]
pub struct Note {
    #[primary_key]
    #[auto_inc]
    id: u64,
    text: u64,
    stars: u32,
}

#[reducer]
pub fn add_note(ctx: &ReducerContext, text: u64) {
    ctx.db.note().insert(Note { id: 0, text, stars: 0 });
}
