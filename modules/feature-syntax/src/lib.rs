//! Spelling coverage: the official 2.x forms (and the guide's less common
//! ones) that the other modules do not use. Mostly a compile test; the
//! definition it emits is checked by tools/selftest.mjs.

use spacetimedb::{
    client_visibility_filter, event, log, reducer, rls, table, view, AnonymousViewContext, ConnectionId, Filter, Identity,
    ReducerContext, ScheduleAt, SpacetimeType, Table, TimeDuration, Timestamp,
};
use std::time::Duration;

// Official: accessor + explicit canonical name + index in the table arguments.
#[table(
    accessor = scores,
    name = "ScoreBoard",
    public,
    index(accessor = by_player_level, btree(columns = [player, level]))
)]
pub struct Score {
    #[primary_key]
    #[auto_inc]
    pub id: u32,
    pub player: Identity,
    pub level: u16,
    #[index(hash)]
    pub tag: String,
    pub points: i128,
}

// Guide helpers written above `#[table]`.
#[rls(filter = "owner = :sender")]
#[event]
#[table(name = pings, public)]
pub struct Ping {
    pub owner: Identity,
    pub conn: Option<ConnectionId>,
    pub flags: Vec<u8>,
    pub tiny: (u8, i8),
}

#[client_visibility_filter]
const ONLY_MINE: Filter = Filter::Sql("SELECT * FROM ScoreBoard WHERE player = :sender");

#[derive(SpacetimeType, Clone, Debug, PartialEq)]
#[sats(name = "Shape")]
pub enum Shape {
    Circle(f32),
    Rect { w: f32, h: f32 },
    Empty,
}

#[table(accessor = shapes)]
pub struct ShapeRow {
    #[primary_key]
    pub id: u64,
    pub shape: Shape,
    pub big: u128,
    pub delta: TimeDuration,
}

#[table(accessor = later, scheduled(crate::fire_later, at = when))]
pub struct Later {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub when: ScheduleAt,
}

#[reducer]
pub fn fire_later(_ctx: &ReducerContext, _row: Later) {}

#[reducer(name = "AddScore")]
pub fn add_score(ctx: &ReducerContext, level: u16, points: i128) -> Result<(), String> {
    let s = ctx.db.scores().insert(Score { id: 0, player: ctx.sender(), level, tag: "t".into(), points })?;
    log::info!("score {} at {:?}", s.id, ctx.timestamp() - Duration::from_secs(1));
    // Guide: `find(42)` with a literal, by reference, index filters.
    let _ = ctx.db.scores().id().find(42);
    let _ = ctx.db.scores().id().find(&s.id);
    let n = ctx.db.scores().by_player_level().filter((ctx.sender, 1u16..=level)).count();
    let m = ctx.db.scores().by_player_level().filter(&ctx.sender).count();
    let k = ctx.db.scores().tag().filter("t").count();
    log::debug!("{} {} {}", n, m, k);
    let removed = ctx.db.scores().by_player_level().delete((ctx.sender, ..3u16));
    log::trace!("removed {}", removed);
    ctx.db.later().insert(Later { id: 0, when: ScheduleAt::Interval(Duration::from_secs(60).into()) })?;
    ctx.db.later().insert(Later { id: 0, when: (ctx.timestamp + Duration::from_millis(10)).into() })?;
    for row in ctx.db.scores().iter().filter(|r| r.points > 0) {
        ctx.db.scores().delete(row);
    }
    Ok(())
}

#[reducer]
pub fn ping(ctx: &ReducerContext, flags: Vec<u8>) {
    let _ = ctx.db.pings().insert(Ping { owner: ctx.sender, conn: ctx.connection_id(), flags, tiny: (1, -1) });
    let _: Timestamp = ctx.timestamp;
    let _ = ctx.rng().next_u64();
    let _ = ctx.identity();
}

#[view(accessor = shape_count, public)]
pub fn shape_count(ctx: &AnonymousViewContext) -> Option<ShapeRow> {
    ctx.db.shapes().iter().next()
}

// Client bindings: a table and a reducer whose names have a digit boundary (canonical `drawings_v_2` and
// `draw_v_2`) and an enum with payloads, round-tripped through the official TypeScript SDK with bindings
// from `lightcone generate`.
#[table(accessor = drawings_v2, public)]
pub struct DrawingV2 {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub shape: Shape,
    pub label: Option<String>,
}

#[reducer]
pub fn draw_v2(ctx: &ReducerContext, shape: Shape, label: Option<String>) -> Result<(), String> {
    ctx.db.drawings_v2().insert(DrawingV2 { id: 0, shape, label })?;
    Ok(())
}
