//! Views test module: per-caller views (`__call_view__`), anonymous views
//! (`__call_view_anon__`) reading through primary-key and btree indexes, and a
//! SQL view recorded in the `lightcone.views` custom section.

use spacetimedb::*;

/// Private: clients see players only through the views.
#[table(accessor = players)]
pub struct Player {
    #[primary_key]
    pub identity: Identity,
    pub name: String,
    #[index(btree)]
    pub score: u64,
    pub online: bool,
}

#[reducer]
pub fn join(ctx: &ReducerContext, name: String) -> Result<(), String> {
    let row = Player { identity: ctx.sender, name, score: 0, online: true };
    ctx.db.players().identity().insert_or_update(row)?;
    Ok(())
}

#[reducer]
pub fn set_score(ctx: &ReducerContext, score: u64) -> Result<(), String> {
    let p = ctx.db.players().identity().find(ctx.sender).ok_or("join first")?;
    ctx.db.players().identity().update(Player { score, ..p });
    Ok(())
}

#[reducer]
pub fn leave(ctx: &ReducerContext) -> Result<(), String> {
    let p = ctx.db.players().identity().find(ctx.sender).ok_or("join first")?;
    ctx.db.players().identity().update(Player { online: false, ..p });
    Ok(())
}

/// The caller's own player row.
#[view(accessor = my_player, public, primary_key = identity)]
pub fn my_player(ctx: &ViewContext) -> Option<Player> {
    ctx.db.players().identity().find(ctx.sender)
}

/// Everyone with the caller's score (a btree point filter).
#[view(accessor = my_peers, public)]
pub fn my_peers(ctx: &ViewContext) -> Vec<Player> {
    match ctx.db.players().identity().find(ctx.sender) {
        Some(me) => ctx.db.players().score().filter(me.score).filter(|p| p.identity != me.identity).collect(),
        None => Vec::new(),
    }
}

/// Players with a score of at least 100, best first (a btree range).
#[view(accessor = high_scores, public)]
pub fn high_scores(ctx: &AnonymousViewContext) -> Vec<Player> {
    let mut v: Vec<Player> = ctx.db.players().score().filter(100u64..).collect();
    v.reverse();
    v
}

#[view(accessor = online_players, public)]
pub fn online_players(ctx: &AnonymousViewContext) -> Vec<Player> {
    ctx.db.players().iter().filter(|p| p.online).collect()
}

/// Online players keyed by identity: a player's change reaches clients as an update (`onUpdate`).
#[view(accessor = online_by_identity, public, primary_key = identity)]
pub fn online_by_identity(ctx: &AnonymousViewContext) -> Vec<Player> {
    ctx.db.players().iter().filter(|p| p.online).collect()
}

/// A query view (RawSql): the host maintains its SQL like a subscription; nothing re-runs it.
#[view(accessor = online_query, public)]
pub fn online_query(_ctx: &AnonymousViewContext) -> Query<Player> {
    Query::sql("SELECT * FROM players WHERE online = true")
}

/// A per-sender query view: the caller's own player, by `:sender`.
#[view(accessor = my_player_query, public)]
pub fn my_player_query(_ctx: &ViewContext) -> Query<Player> {
    Query::sql("SELECT * FROM players WHERE identity = :sender")
}

/// Public notes, which no view reads: writing them must not re-run any view.
#[table(accessor = notes, public)]
pub struct Note {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub text: String,
}

#[reducer]
pub fn add_note(ctx: &ReducerContext, text: String) {
    ctx.db.notes().insert(Note { id: 0, text });
}

/// How many players there are, as a one-row view.
#[derive(SpacetimeType)]
pub struct PlayerCount {
    pub total: u64,
}

#[view(accessor = player_count, public)]
pub fn player_count(ctx: &AnonymousViewContext) -> Option<PlayerCount> {
    Some(PlayerCount { total: ctx.db.players().count() })
}

/// A SQL-defined view (Lightcone extension), written without `#[table]`.
#[view(name = online_sql, public, query = "SELECT * FROM players WHERE online = true")]
pub struct OnlinePlayer {
    pub identity: Identity,
    pub name: String,
    pub score: u64,
    pub online: bool,
}
