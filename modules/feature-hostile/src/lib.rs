//! Hostile module for host robustness tests: reducers that never return,
//! exhaust memory, panic, trap, overflow the stack or hand the host bad
//! pointers, next to well-behaved ones that prove the host recovered.

use spacetimedb::*;

#[table(accessor = survivors, public)]
pub struct Survivor {
    #[primary_key]
    #[auto_inc]
    pub id: u64,
    pub note: String,
}

/// Well-behaved: records a row.
#[reducer]
pub fn ok(ctx: &ReducerContext, note: String) -> Result<(), String> {
    ctx.db.survivors().insert(Survivor { id: 0, note })?;
    Ok(())
}

/// Returns a user error (code 1).
#[reducer]
pub fn fail(_ctx: &ReducerContext, message: String) -> Result<(), String> {
    Err(message)
}

/// Never returns. Volatile accesses keep the optimizer from removing the loop.
#[reducer]
pub fn spin(_ctx: &ReducerContext) {
    let mut counter: u64 = 0;
    loop {
        unsafe {
            let v = std::ptr::read_volatile(&counter);
            std::ptr::write_volatile(&mut counter, v.wrapping_add(1));
        }
    }
}

/// Allocates 1 MiB blocks (touching every page) until memory runs out.
#[reducer]
pub fn allocate(_ctx: &ReducerContext) {
    let mut blocks: Vec<Vec<u8>> = Vec::new();
    loop {
        let mut b = vec![0u8; 1 << 20];
        for i in (0..b.len()).step_by(4096) {
            unsafe { std::ptr::write_volatile(&mut b[i], 1) };
        }
        blocks.push(b);
        unsafe { std::ptr::read_volatile(&blocks.len()) };
    }
}

/// Panics: logs the message at level 101, then traps.
#[reducer]
pub fn panic_now(_ctx: &ReducerContext, message: String) {
    panic!("{}", message);
}

/// Inserts a row, then panics: the insert must be rolled back.
#[reducer]
pub fn insert_then_panic(ctx: &ReducerContext, note: String) {
    let _ = ctx.db.survivors().insert(Survivor { id: 0, note });
    panic!("panicking after an insert");
}

/// Loads from far outside linear memory: an out-of-bounds trap.
#[reducer]
pub fn bad_pointer(_ctx: &ReducerContext) {
    let p = 0xFFFF_FFF0usize as *const u64;
    let v = unsafe { std::ptr::read_volatile(p) };
    log::info!("unreachable: {}", v);
}

/// Executes `unreachable` directly.
#[reducer]
pub fn trap_unreachable(_ctx: &ReducerContext) {
    core::arch::wasm32::unreachable()
}

/// Passes a NULL name pointer to the host, which must trap (module-abi.md §1).
#[reducer]
pub fn host_null_pointer(_ctx: &ReducerContext) {
    let mut out = 0u32;
    let code = unsafe { spacetimedb::sys::raw::table_id_from_name(std::ptr::null(), 4, &mut out) };
    log::info!("host returned {} instead of trapping", code);
}

/// Passes an out-of-bounds buffer to the host.
#[reducer]
pub fn host_out_of_bounds(_ctx: &ReducerContext) {
    let mut len: usize = 64;
    let code = unsafe { spacetimedb::sys::raw::bytes_sink_write(1, 0xFFFF_FF00usize as *const u8, &mut len) };
    log::info!("host returned {} instead of trapping", code);
}

#[inline(never)]
#[allow(unconditional_recursion)]
fn recurse(depth: u64) -> u64 {
    let mut frame = [0u8; 256];
    unsafe { std::ptr::write_volatile(&mut frame[0], depth as u8) };
    let below = recurse(depth + 1);
    below + unsafe { std::ptr::read_volatile(&frame[0]) } as u64
}

/// Unbounded recursion: a stack overflow.
#[reducer]
pub fn overflow_stack(_ctx: &ReducerContext) {
    let n = recurse(0);
    log::info!("unreachable: {}", n);
}

/// Logs at every level, including a long message.
#[reducer]
pub fn log_levels(_ctx: &ReducerContext) {
    log::error!("error line");
    log::warn!("warn line");
    log::info!("info line");
    log::debug!("debug line");
    log::trace!("trace line");
    log::info!("{}", "x".repeat(10_000));
}

/// A view that fails on purpose once a survivor asks it to: it panics on the note
/// `view panic` and never returns on `view spin`. Otherwise it lists the survivors.
/// Whatever transaction makes it fail must fail too.
#[view(accessor = fragile, public)]
pub fn fragile(ctx: &AnonymousViewContext) -> Vec<Survivor> {
    let all: Vec<Survivor> = ctx.db.survivors().iter().collect();
    for s in &all {
        if s.note == "view panic" {
            panic!("the view refuses this note");
        }
        if s.note == "view spin" {
            let mut counter: u64 = 0;
            loop {
                unsafe {
                    let v = std::ptr::read_volatile(&counter);
                    std::ptr::write_volatile(&mut counter, v.wrapping_add(1));
                }
            }
        }
    }
    all
}
