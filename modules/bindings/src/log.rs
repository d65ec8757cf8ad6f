//! Logging through `console_log`, and the panic hook.
//!
//! `spacetimedb::log::info!(...)` (and `warn!`, `error!`, `debug!`,
//! `trace!`) mirror the `log` crate's macros, which the official bindings
//! forward to the host. A module writes `use spacetimedb::log;` (or
//! `use spacetimedb::*;`) and then `log::info!("...")`.

use crate::sys;

/// `console_log` levels (module-abi.md §5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error = 0,
    Warn = 1,
    Info = 2,
    Debug = 3,
    Trace = 4,
    Panic = 101,
}

#[doc(hidden)]
pub fn __log(level: u32, target: &str, file: &str, line: u32, args: std::fmt::Arguments<'_>) {
    match args.as_str() {
        Some(s) => sys::console_log(level, Some(target), Some(file), Some(line), s),
        None => sys::console_log(level, Some(target), Some(file), Some(line), &args.to_string()),
    }
}

/// Logs at an explicit level: `log::log!(Level::Warn, "...")`.
#[macro_export]
macro_rules! __stdb_log {
    ($level:expr, $($arg:tt)+) => {
        $crate::log::__log($level as u32, ::core::module_path!(), ::core::file!(), ::core::line!(), ::core::format_args!($($arg)+))
    };
}
#[macro_export]
macro_rules! __stdb_error {
    ($($arg:tt)+) => { $crate::log::__log(0, ::core::module_path!(), ::core::file!(), ::core::line!(), ::core::format_args!($($arg)+)) };
}
#[macro_export]
macro_rules! __stdb_warn {
    ($($arg:tt)+) => { $crate::log::__log(1, ::core::module_path!(), ::core::file!(), ::core::line!(), ::core::format_args!($($arg)+)) };
}
#[macro_export]
macro_rules! __stdb_info {
    ($($arg:tt)+) => { $crate::log::__log(2, ::core::module_path!(), ::core::file!(), ::core::line!(), ::core::format_args!($($arg)+)) };
}
#[macro_export]
macro_rules! __stdb_debug {
    ($($arg:tt)+) => { $crate::log::__log(3, ::core::module_path!(), ::core::file!(), ::core::line!(), ::core::format_args!($($arg)+)) };
}
#[macro_export]
macro_rules! __stdb_trace {
    ($($arg:tt)+) => { $crate::log::__log(4, ::core::module_path!(), ::core::file!(), ::core::line!(), ::core::format_args!($($arg)+)) };
}

pub use crate::__stdb_debug as debug;
pub use crate::__stdb_error as error;
pub use crate::__stdb_info as info;
pub use crate::__stdb_log as log;
pub use crate::__stdb_trace as trace;
pub use crate::__stdb_warn as warn;

/// Logs the panic message at level Panic (101) with its location. The
/// release profile aborts on panic, so the instance then traps (`unreachable`)
/// and the host discards it.
pub(crate) fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let msg = if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_owned()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "Box<dyn Any>".to_owned()
        };
        let (file, line) = info.location().map(|l| (Some(l.file()), Some(l.line()))).unwrap_or((None, None));
        sys::console_log(Level::Panic as u32, Some("panic"), file, line, &msg);
    }));
}
