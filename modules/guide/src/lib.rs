//! Every example of the module-writing guide (shared/seed/spacetimedb-rust-modules.md)
//! in one module, written as the guide writes it wherever that is valid Rust.
//! Deviations are marked `GUIDE:` with the reason.

use spacetimedb::*;

// ---- Tables and constraints -------------------------------------------------

#[table(name = users, public)]
pub struct User {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    #[unique]
    pub email: String,
    pub name: String,
    pub created_at: Timestamp,
    // GUIDE: the guide's `active_users` view filters on `online` and its
    // `on_disconnect` looks users up by `identity`, but its `User` has
    // neither column. Both are added here so those examples are valid.
    #[unique]
    pub identity: Identity,
    pub online: bool,
}

#[table(name = messages, public)]
#[index(btree, name = idx_channel_time, channel_id, sent_at)]
pub struct Message {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub channel_id: u64,
    pub sender: Identity,
    pub text: String,
    pub sent_at: Timestamp,
}

#[table(name = accounts, public)]
pub struct Account {
    #[primary_key]
    pub id: u64,
    pub owner: Identity,
    pub balance: f64,
}

#[table(name = config)]
pub struct Config {
    #[primary_key]
    pub key: String,
    pub value: String,
}

#[derive(SpacetimeType, Clone, Debug, PartialEq)]
pub struct Position {
    pub x: f64,
    pub y: f64,
    pub z: f64,
}

#[derive(SpacetimeType, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Active,
    Inactive,
    Banned,
}

/// Uses the guide's custom types as columns (and `Status` as an index key).
#[table(name = players, public)]
pub struct Player {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub name: String,
    pub position: Position,
    #[index(btree)]
    pub status: Status,
}

// ---- Reducers -----------------------------------------------------------------

#[reducer]
pub fn create_user(ctx: &ReducerContext, name: String, email: String) -> Result<(), String> {
    // Check for duplicates
    if ctx.db.users().email().find(&email).is_some() {
        return Err("Email already exists".to_string());
    }
    ctx.db.users().insert(User {
        id: 0, // auto_inc fills this
        email,
        name,
        created_at: ctx.timestamp,
        identity: ctx.sender,
        online: true,
    })?;
    Ok(())
}

#[reducer]
pub fn rename_user(ctx: &ReducerContext, id: u64, name: String) -> Result<(), String> {
    let user = ctx.db.users().id().find(id).ok_or("User not found")?;
    ctx.db.users().id().update(User { name, ..user });
    Ok(())
}

#[reducer]
pub fn delete_user(ctx: &ReducerContext, id: u64) -> Result<(), String> {
    if ctx.db.users().id().delete(id) {
        Ok(())
    } else {
        Err("User not found".to_string())
    }
}

#[reducer]
pub fn send_message(ctx: &ReducerContext, channel_id: u64, text: String) -> Result<(), String> {
    ctx.db.messages().insert(Message { id: 0, channel_id, sender: ctx.sender, text, sent_at: ctx.timestamp })?;
    Ok(())
}

/// Reads a channel through the composite index `idx_channel_time`.
///
/// GUIDE: the guide writes `idx_channel_time().filter(|row| row.channel_id == &1)`,
/// which does not type-check (it compares `u64` with `&u64`, and index
/// filters take key values, not closures). Index filters take a key prefix
/// (`channel_id`), a full key, or a prefix plus a range.
#[reducer]
pub fn count_channel_messages(ctx: &ReducerContext, channel_id: u64, since: Timestamp) -> Result<(), String> {
    let all = ctx.db.messages().idx_channel_time().filter(channel_id).count();
    let recent = ctx.db.messages().idx_channel_time().filter((channel_id, since..)).count();
    log::info!("channel {} has {} messages, {} since {}", channel_id, all, recent, since);
    Ok(())
}

#[reducer]
pub fn create_account(ctx: &ReducerContext, id: u64, balance: f64) -> Result<(), String> {
    ctx.db.accounts().insert(Account { id, owner: ctx.sender, balance })?;
    Ok(())
}

#[reducer]
pub fn transfer(ctx: &ReducerContext, from: u64, to: u64, amount: f64) -> Result<(), String> {
    let mut sender = ctx.db.accounts().id().find(from).ok_or("Sender not found")?;
    let mut receiver = ctx.db.accounts().id().find(to).ok_or("Receiver not found")?;

    if sender.balance < amount {
        return Err("Insufficient funds".to_string());
    }

    sender.balance -= amount;
    receiver.balance += amount;

    ctx.db.accounts().id().update(sender);
    ctx.db.accounts().id().update(receiver);
    Ok(())
}

fn validate_transfer(balance: f64, amount: f64) -> Result<(), String> {
    if amount <= 0.0 {
        return Err("Amount must be positive".into());
    }
    if balance < amount {
        return Err("Insufficient funds".into());
    }
    Ok(())
}

/// The guide's "extract testable logic" example, used by a reducer.
#[reducer]
pub fn withdraw(ctx: &ReducerContext, id: u64, amount: f64) -> Result<(), String> {
    let mut account = ctx.db.accounts().id().find(id).ok_or("Item not found")?;
    validate_transfer(account.balance, amount)?;
    account.balance -= amount;
    ctx.db.accounts().id().update(account);
    Ok(())
}

#[reducer]
pub fn add_player(ctx: &ReducerContext, name: String, position: Position, status: Status) -> Result<(), String> {
    ctx.db.players().insert(Player { id: 0, name, position, status })?;
    Ok(())
}

#[reducer]
pub fn ban_inactive_players(ctx: &ReducerContext) -> Result<(), String> {
    for p in ctx.db.players().status().filter(Status::Inactive) {
        ctx.db.players().id().update(Player { status: Status::Banned, ..p });
    }
    Ok(())
}

// ---- Lifecycle ----------------------------------------------------------------

// Runs once when the module is first published
#[reducer(init)]
pub fn init(ctx: &ReducerContext) -> Result<(), String> {
    // Seed initial data, set up config
    ctx.db.config().insert(Config { key: "version".into(), value: "1.0".into() })?;
    // Schedule the hourly cleanup (the guide's second `init` example).
    ctx.db.cleanup_schedule().insert(CleanupSchedule {
        id: 0,
        scheduled_at: ScheduleAt::Interval(Duration::from_secs(3600)), // Every hour
    })?;
    Ok(())
}

// Runs when a client connects
#[reducer(client_connected)]
pub fn on_connect(ctx: &ReducerContext) -> Result<(), String> {
    log::info!("Client connected: {:?}", ctx.sender);
    Ok(())
}

// Runs when a client disconnects
#[reducer(client_disconnected)]
pub fn on_disconnect(ctx: &ReducerContext) -> Result<(), String> {
    // Clean up presence, mark offline
    if let Some(mut user) = ctx.db.users().identity().find(ctx.sender) {
        user.online = false;
        ctx.db.users().identity().update(user);
    }
    Ok(())
}

// ---- Scheduling ---------------------------------------------------------------

// Define a schedule table
#[table(name = cleanup_schedule, scheduled(cleanup))]
pub struct CleanupSchedule {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub scheduled_at: ScheduleAt,
}

// The reducer that runs on schedule
#[reducer]
pub fn cleanup(ctx: &ReducerContext, _args: CleanupSchedule) -> Result<(), String> {
    let cutoff = ctx.timestamp - Duration::from_secs(86400);
    for msg in ctx.db.messages().iter().filter(|m| m.sent_at < cutoff) {
        ctx.db.messages().delete(msg);
    }
    Ok(())
}

// ---- Views ----------------------------------------------------------------------

// A SQL view (Lightcone extension: recorded in the `lightcone.views` custom
// section, not as a table). GUIDE: valid because `users` has `online` here.
#[table(name = active_users, public)]
#[view(query = "SELECT * FROM users WHERE online = true")]
pub struct ActiveUser {
    pub id: u64,
    pub name: String,
    pub online: bool,
}

// ---- Procedures -----------------------------------------------------------------

#[reducer(procedure)]
pub fn get_stats(ctx: &ReducerContext) -> Result<String, String> {
    let user_count = ctx.db.users().count();
    let msg_count = ctx.db.messages().count();
    Ok(format!(r#"{{"users":{},"messages":{}}}"#, user_count, msg_count))
}

// ---- Event tables -------------------------------------------------------------

#[table(name = notification_events, public)]
#[event]
pub struct NotificationEvent {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub user_id: u64,
    pub message: String,
}

#[reducer]
pub fn notify(ctx: &ReducerContext, user_id: u64, message: String) -> Result<(), String> {
    ctx.db.notification_events().insert(NotificationEvent { id: 0, user_id, message })?;
    Ok(())
}

// ---- Row-level security ---------------------------------------------------------

#[table(name = private_messages, public)]
#[rls(filter = "sender = :sender OR recipient = :sender")]
pub struct PrivateMessage {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub sender: Identity,
    pub recipient: Identity,
    pub text: String,
}

#[reducer]
pub fn send_private_message(ctx: &ReducerContext, recipient: Identity, text: String) -> Result<(), String> {
    ctx.db.private_messages().insert(PrivateMessage { id: 0, sender: ctx.sender, recipient, text })?;
    Ok(())
}

// ---- Migrations -----------------------------------------------------------------

#[derive(SpacetimeType, Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserRole {
    Member,
    Admin,
}

// Step 1: Create new table alongside old
#[table(name = users_v2, public)]
pub struct UserV2 {
    #[primary_key]
    pub id: u64,
    pub email: String,
    pub display_name: String, // renamed from 'name'
    pub role: UserRole,       // new field
}

// Step 2: Lazy migration reducer
#[reducer]
pub fn migrate_user(ctx: &ReducerContext, user_id: u64) -> Result<(), String> {
    if let Some(old) = ctx.db.users().id().find(user_id) {
        if ctx.db.users_v2().id().find(user_id).is_none() {
            ctx.db.users_v2().insert(UserV2 { id: old.id, email: old.email, display_name: old.name, role: UserRole::Member })?;
        }
    }
    Ok(())
}

// ---- Hot/cold split -------------------------------------------------------------

#[table(name = user_profiles, public)]
pub struct UserProfile {
    #[primary_key]
    pub user_id: u64,
    pub name: String,
    pub avatar_url: String,
}

#[table(name = user_settings)]
pub struct UserSettings {
    #[primary_key]
    pub user_id: u64,
    pub theme: String,
    pub notifications_enabled: bool,
}

// ---- Batch operations -----------------------------------------------------------

#[table(name = items, public)]
pub struct Item {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub name: String,
    pub quantity: u32,
}

#[derive(SpacetimeType)]
pub struct ItemData {
    pub name: String,
    pub quantity: u32,
}

impl From<ItemData> for Item {
    fn from(d: ItemData) -> Item {
        Item { id: 0, name: d.name, quantity: d.quantity }
    }
}

#[reducer]
pub fn bulk_insert(ctx: &ReducerContext, items: Vec<ItemData>) -> Result<(), String> {
    for item in items {
        ctx.db.items().insert(Item::from(item))?;
    }
    Ok(()) // Single transaction for all inserts
}

#[reducer]
pub fn do_something(ctx: &ReducerContext, id: u64) -> Result<(), String> {
    let item = ctx.db.items().id().find(id).ok_or("Item not found")?;
    log::debug!("found item {} x{}", item.name, item.quantity);
    Ok(())
}
