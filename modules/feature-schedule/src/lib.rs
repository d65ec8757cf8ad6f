//! Scheduling test module: one-shot (`Time`) and repeating (`Interval`)
//! schedules for a reducer and for a procedure, with counters and a log of
//! every firing so host tests can check timing, caller and arguments.

use spacetimedb::*;

/// How many times each label fired.
#[table(accessor = counters, public)]
pub struct Counter {
    #[primary_key]
    pub label: String,
    pub count: u64,
}

/// One row per firing.
#[table(accessor = firings, public)]
pub struct Firing {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub label: String,
    pub schedule_id: u64,
    pub fired_at: Timestamp,
    pub sender: Identity,
    pub had_connection: bool,
}

#[table(accessor = tick_schedule, public, scheduled(tick))]
pub struct TickSchedule {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub scheduled_at: ScheduleAt,
    pub label: String,
}

#[table(accessor = proc_schedule, scheduled(proc_tick))]
pub struct ProcSchedule {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    #[scheduled_at]
    pub at: ScheduleAt,
    pub label: String,
}

fn record(ctx: &ReducerContext, label: &str, schedule_id: u64) {
    let count = ctx.db.counters().label().find(label.to_string()).map_or(0, |c| c.count) + 1;
    let _ = ctx.db.counters().label().insert_or_update(Counter { label: label.to_string(), count });
    let _ = ctx.db.firings().insert(Firing {
        id: 0,
        label: label.to_string(),
        schedule_id,
        fired_at: ctx.timestamp,
        sender: ctx.sender,
        had_connection: ctx.connection_id.is_some(),
    });
}

/// Fired by `tick_schedule` rows.
#[reducer]
pub fn tick(ctx: &ReducerContext, arg: TickSchedule) -> Result<(), String> {
    log::info!("tick {} (schedule {})", arg.label, arg.id);
    record(ctx, &arg.label, arg.id);
    if arg.label == "fail" {
        return Err("scheduled reducer failed on purpose".to_string());
    }
    Ok(())
}

/// Fired by `proc_schedule` rows: a scheduled procedure.
#[procedure]
pub fn proc_tick(ctx: &mut ProcedureContext, arg: ProcSchedule) {
    ctx.with_tx(|tx| record(tx, &format!("proc:{}", arg.label), arg.id));
}

/// One-shot: fire `label` once, `delay_micros` after this call.
#[reducer]
pub fn schedule_once(ctx: &ReducerContext, label: String, delay_micros: i64) -> Result<(), String> {
    let at = ctx.timestamp + TimeDuration::from_micros(delay_micros);
    ctx.db.tick_schedule().insert(TickSchedule { id: 0, scheduled_at: ScheduleAt::Time(at), label })?;
    Ok(())
}

/// Inserts a one-shot schedule, then fails: the transaction rolls back and
/// the schedule must never fire.
#[reducer]
pub fn schedule_then_fail(ctx: &ReducerContext, label: String, delay_micros: i64) -> Result<(), String> {
    let at = ctx.timestamp + TimeDuration::from_micros(delay_micros);
    ctx.db.tick_schedule().insert(TickSchedule { id: 0, scheduled_at: ScheduleAt::Time(at), label })?;
    Err("scheduled, then failed".to_string())
}

/// Repeating: fire `label` every `interval_micros`.
#[reducer]
pub fn schedule_every(ctx: &ReducerContext, label: String, interval_micros: u64) -> Result<(), String> {
    let every = Duration::from_micros(interval_micros);
    ctx.db.tick_schedule().insert(TickSchedule { id: 0, scheduled_at: every.into(), label })?;
    Ok(())
}

/// Schedules the procedure once, `delay_micros` from now.
#[reducer]
pub fn schedule_procedure(ctx: &ReducerContext, label: String, delay_micros: i64) -> Result<(), String> {
    let at = ctx.timestamp + TimeDuration::from_micros(delay_micros);
    ctx.db.proc_schedule().insert(ProcSchedule { id: 0, at: at.into(), label })?;
    Ok(())
}

/// Cancels a schedule by deleting its row.
#[reducer]
pub fn cancel(ctx: &ReducerContext, id: u64) -> Result<(), String> {
    if ctx.db.tick_schedule().id().delete(id) {
        Ok(())
    } else {
        Err(format!("no schedule {id}"))
    }
}

/// Changes a repeating schedule's interval (an update re-arms it).
#[reducer]
pub fn reschedule(ctx: &ReducerContext, id: u64, interval_micros: u64) -> Result<(), String> {
    let row = ctx.db.tick_schedule().id().find(id).ok_or("no such schedule")?;
    ctx.db.tick_schedule().id().update(TickSchedule { scheduled_at: ScheduleAt::Interval(Duration::from_micros(interval_micros)), ..row });
    Ok(())
}

#[reducer]
pub fn reset(ctx: &ReducerContext) {
    ctx.db.counters().clear();
    ctx.db.firings().clear();
}
