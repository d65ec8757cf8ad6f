//! The SpacetimeDB chat quickstart: users with optional names and an online
//! flag, and a public message log.

use spacetimedb::{log, reducer, table, Identity, ReducerContext, Table, Timestamp};

#[table(accessor = user, public)]
pub struct User {
    #[primary_key]
    identity: Identity,
    name: Option<String>,
    online: bool,
}

#[table(accessor = message, public)]
pub struct Message {
    sender: Identity,
    sent: Timestamp,
    text: String,
}

fn validate_name(name: String) -> Result<String, String> {
    if name.is_empty() {
        Err("Names must not be empty".to_string())
    } else {
        Ok(name)
    }
}

#[reducer]
pub fn set_name(ctx: &ReducerContext, name: String) -> Result<(), String> {
    let name = validate_name(name)?;
    if let Some(user) = ctx.db.user().identity().find(ctx.sender()) {
        ctx.db.user().identity().update(User { name: Some(name), ..user });
        Ok(())
    } else {
        Err("Cannot set name for unknown user".to_string())
    }
}

fn validate_message(text: String) -> Result<String, String> {
    if text.is_empty() {
        Err("Messages must not be empty".to_string())
    } else {
        Ok(text)
    }
}

#[reducer]
pub fn send_message(ctx: &ReducerContext, text: String) -> Result<(), String> {
    let text = validate_message(text)?;
    log::info!("{}", text);
    ctx.db.message().insert(Message { sender: ctx.sender(), text, sent: ctx.timestamp })?;
    Ok(())
}

/// Deletes every message the caller sent (not part of the official quickstart; the end-to-end
/// tests use it to observe deletes).
#[reducer]
pub fn delete_my_messages(ctx: &ReducerContext) {
    let mine: Vec<Message> = ctx.db.message().iter().filter(|m| m.sender == ctx.sender()).collect();
    for m in mine {
        ctx.db.message().delete(m);
    }
}

#[reducer(client_connected)]
pub fn client_connected(ctx: &ReducerContext) {
    if let Some(user) = ctx.db.user().identity().find(ctx.sender()) {
        // A returning user: mark them online, keep their name.
        ctx.db.user().identity().update(User { online: true, ..user });
    } else {
        // A new user: no name yet.
        let _ = ctx.db.user().insert(User { name: None, identity: ctx.sender(), online: true });
    }
}

#[reducer(client_disconnected)]
pub fn identity_disconnected(ctx: &ReducerContext) {
    if let Some(user) = ctx.db.user().identity().find(ctx.sender()) {
        ctx.db.user().identity().update(User { online: false, ..user });
    } else {
        // Can only happen if the disconnect has no matching connect.
        log::warn!("Disconnect event for unknown user with identity {:?}", ctx.sender());
    }
}
