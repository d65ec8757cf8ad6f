//! The smallest useful module: the worked example of module-abi.md §8.7
//! (`person` with an auto-increment primary key and a reducer `add`). Host
//! tests compare its `__describe_module__` output byte for byte with the
//! definition built by hand.

use spacetimedb::{reducer, table, ReducerContext, Table};

#[table(name = person, public)]
pub struct Person {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub name: String,
}

#[reducer]
pub fn add(ctx: &ReducerContext, name: String) -> Result<(), String> {
    ctx.db.person().insert(Person { id: 0, name })?;
    Ok(())
}
