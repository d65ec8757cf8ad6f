//! Client lifecycle test module: `client_connected` refuses banned callers and
//! every connect and disconnect leaves a row, so a test can see that an HTTP
//! request ran inside a connection (and which one).

use spacetimedb::{reducer, table, ConnectionId, Identity, ReducerContext, Table};

#[table(accessor = banned, public)]
pub struct Banned {
    #[primary_key]
    pub identity: Identity,
}

#[table(accessor = lifecycle_event, public)]
pub struct LifecycleEvent {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub identity: Identity,
    pub connection: Option<ConnectionId>,
    pub connected: bool,
}

/// Bans `identity`: its next connections are refused.
#[reducer]
pub fn ban(ctx: &ReducerContext, identity: Identity) -> Result<(), String> {
    ctx.db.banned().insert(Banned { identity })?;
    Ok(())
}

#[reducer(client_connected)]
pub fn on_connect(ctx: &ReducerContext) -> Result<(), String> {
    if ctx.db.banned().identity().find(ctx.sender).is_some() {
        return Err("banned callers may not connect".to_string());
    }
    ctx.db.lifecycle_event().insert(LifecycleEvent {
        id: 0,
        identity: ctx.sender,
        connection: ctx.connection_id,
        connected: true,
    })?;
    Ok(())
}

#[reducer(client_disconnected)]
pub fn on_disconnect(ctx: &ReducerContext) -> Result<(), String> {
    ctx.db.lifecycle_event().insert(LifecycleEvent {
        id: 0,
        identity: ctx.sender,
        connection: ctx.connection_id,
        connected: false,
    })?;
    Ok(())
}
