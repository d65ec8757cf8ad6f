//! The host ABI: raw `spacetime_10.x` imports and thin safe wrappers.
//!
//! Signatures follow module-abi.md §5.7 exactly. Every pointer and `usize` is a
//! wasm `i32`; every `u64`/`i64` is a wasm `i64`. Imports that a module never
//! calls are dropped by the linker, so a module only requires the minor ABI
//! version of the newest import it actually uses.

#![allow(clippy::missing_safety_doc)]

/// Host status codes (module-abi.md §3). The numbers are part of the ABI.
pub mod errno {
    pub const HOST_CALL_FAILURE: i32 = 1;
    pub const NOT_IN_TRANSACTION: i32 = 2;
    pub const BSATN_DECODE_ERROR: i32 = 3;
    pub const NO_SUCH_TABLE: i32 = 4;
    pub const NO_SUCH_INDEX: i32 = 5;
    pub const NO_SUCH_ITER: i32 = 6;
    pub const NO_SUCH_CONSOLE_TIMER: i32 = 7;
    pub const NO_SUCH_BYTES: i32 = 8;
    pub const NO_SPACE: i32 = 9;
    pub const WRONG_INDEX_ALGO: i32 = 10;
    pub const BUFFER_TOO_SMALL: i32 = 11;
    pub const UNIQUE_ALREADY_EXISTS: i32 = 12;
    pub const SCHEDULE_AT_DELAY_TOO_LONG: i32 = 13;
    pub const INDEX_NOT_UNIQUE: i32 = 14;
    pub const NO_SUCH_ROW: i32 = 15;
    pub const AUTO_INC_OVERFLOW: i32 = 16;
    pub const WOULD_BLOCK_TRANSACTION: i32 = 17;
    pub const TRANSACTION_NOT_ANONYMOUS: i32 = 18;
    pub const TRANSACTION_IS_READ_ONLY: i32 = 19;
    pub const TRANSACTION_IS_MUT: i32 = 20;
    pub const HTTP_ERROR: i32 = 21;

    /// The "exhausted" result of iterator and byte-source reads.
    pub const EXHAUSTED: i32 = -1;

    pub fn name(code: i32) -> &'static str {
        match code {
            HOST_CALL_FAILURE => "HOST_CALL_FAILURE",
            NOT_IN_TRANSACTION => "NOT_IN_TRANSACTION",
            BSATN_DECODE_ERROR => "BSATN_DECODE_ERROR",
            NO_SUCH_TABLE => "NO_SUCH_TABLE",
            NO_SUCH_INDEX => "NO_SUCH_INDEX",
            NO_SUCH_ITER => "NO_SUCH_ITER",
            NO_SUCH_CONSOLE_TIMER => "NO_SUCH_CONSOLE_TIMER",
            NO_SUCH_BYTES => "NO_SUCH_BYTES",
            NO_SPACE => "NO_SPACE",
            WRONG_INDEX_ALGO => "WRONG_INDEX_ALGO",
            BUFFER_TOO_SMALL => "BUFFER_TOO_SMALL",
            UNIQUE_ALREADY_EXISTS => "UNIQUE_ALREADY_EXISTS",
            SCHEDULE_AT_DELAY_TOO_LONG => "SCHEDULE_AT_DELAY_TOO_LONG",
            INDEX_NOT_UNIQUE => "INDEX_NOT_UNIQUE",
            NO_SUCH_ROW => "NO_SUCH_ROW",
            AUTO_INC_OVERFLOW => "AUTO_INC_OVERFLOW",
            WOULD_BLOCK_TRANSACTION => "WOULD_BLOCK_TRANSACTION",
            TRANSACTION_NOT_ANONYMOUS => "TRANSACTION_NOT_ANONYMOUS",
            TRANSACTION_IS_READ_ONLY => "TRANSACTION_IS_READ_ONLY",
            TRANSACTION_IS_MUT => "TRANSACTION_IS_MUT",
            HTTP_ERROR => "HTTP_ERROR",
            _ => "UNKNOWN_ERRNO",
        }
    }
}

pub mod raw {
    #[link(wasm_import_module = "spacetime_10.0")]
    extern "C" {
        pub fn table_id_from_name(name: *const u8, name_len: usize, out: *mut u32) -> i32;
        pub fn index_id_from_name(name: *const u8, name_len: usize, out: *mut u32) -> i32;
        pub fn datastore_table_row_count(table_id: u32, out: *mut u64) -> i32;
        pub fn datastore_table_scan_bsatn(table_id: u32, out: *mut u32) -> i32;
        pub fn datastore_index_scan_range_bsatn(
            index_id: u32,
            prefix: *const u8,
            prefix_len: usize,
            prefix_elems: u32,
            rstart: *const u8,
            rstart_len: usize,
            rend: *const u8,
            rend_len: usize,
            out: *mut u32,
        ) -> i32;
        pub fn datastore_delete_by_index_scan_range_bsatn(
            index_id: u32,
            prefix: *const u8,
            prefix_len: usize,
            prefix_elems: u32,
            rstart: *const u8,
            rstart_len: usize,
            rend: *const u8,
            rend_len: usize,
            out: *mut u32,
        ) -> i32;
        pub fn datastore_delete_all_by_eq_bsatn(table_id: u32, rel: *const u8, rel_len: usize, out: *mut u32) -> i32;
        pub fn row_iter_bsatn_advance(iter: u32, buf: *mut u8, buf_len: *mut usize) -> i32;
        pub fn row_iter_bsatn_close(iter: u32) -> i32;
        pub fn datastore_insert_bsatn(table_id: u32, row: *mut u8, row_len: *mut usize) -> i32;
        pub fn datastore_update_bsatn(table_id: u32, index_id: u32, row: *mut u8, row_len: *mut usize) -> i32;
        pub fn bytes_sink_write(sink: u32, buf: *const u8, buf_len: *mut usize) -> i32;
        pub fn bytes_source_read(source: u32, buf: *mut u8, buf_len: *mut usize) -> i32;
        pub fn console_log(
            level: u32,
            target: *const u8,
            target_len: usize,
            filename: *const u8,
            filename_len: usize,
            line: u32,
            message: *const u8,
            message_len: usize,
        );
        pub fn console_timer_start(name: *const u8, name_len: usize) -> u32;
        pub fn console_timer_end(timer: u32) -> i32;
        pub fn identity(out: *mut u8);
    }

    #[link(wasm_import_module = "spacetime_10.1")]
    extern "C" {
        pub fn bytes_source_remaining_length(source: u32, out: *mut u32) -> i32;
    }

    #[link(wasm_import_module = "spacetime_10.2")]
    extern "C" {
        pub fn get_jwt(connection_id: *const u8, out: *mut u32) -> i32;
    }

    #[link(wasm_import_module = "spacetime_10.3")]
    extern "C" {
        pub fn procedure_sleep_until(wake_at_micros: i64) -> i64;
        pub fn procedure_start_mut_tx(out: *mut i64) -> i32;
        pub fn procedure_commit_mut_tx() -> i32;
        pub fn procedure_abort_mut_tx() -> i32;
        pub fn procedure_http_request(
            request: *const u8,
            request_len: usize,
            body: *const u8,
            body_len: usize,
            out: *mut [u32; 2],
        ) -> i32;
    }

    #[link(wasm_import_module = "spacetime_10.4")]
    extern "C" {
        pub fn datastore_index_scan_point_bsatn(index_id: u32, point: *const u8, point_len: usize, out: *mut u32) -> i32;
        pub fn datastore_delete_by_index_scan_point_bsatn(
            index_id: u32,
            point: *const u8,
            point_len: usize,
            out: *mut u32,
        ) -> i32;
    }

    #[link(wasm_import_module = "spacetime_10.5")]
    extern "C" {
        pub fn datastore_clear(table_id: u32, out: *mut u64) -> i32;
    }
}

/// A host status other than success. Bindings treat unexpected codes as bugs
/// (the official crate panics on them too), so callers mostly `expect` these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Errno(pub i32);

impl std::fmt::Display for Errno {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", errno::name(self.0), self.0)
    }
}

fn check(code: i32) -> Result<(), Errno> {
    if code == 0 {
        Ok(())
    } else {
        Err(Errno(code))
    }
}

/// Rust hands the host a dangling-but-non-null pointer for empty slices, which
/// the host accepts (module-abi.md §1); nothing special is needed here.
pub fn table_id_from_name(name: &str) -> Result<u32, Errno> {
    let mut out = 0u32;
    check(unsafe { raw::table_id_from_name(name.as_ptr(), name.len(), &mut out) })?;
    Ok(out)
}

pub fn index_id_from_name(name: &str) -> Result<u32, Errno> {
    let mut out = 0u32;
    check(unsafe { raw::index_id_from_name(name.as_ptr(), name.len(), &mut out) })?;
    Ok(out)
}

pub fn table_row_count(table_id: u32) -> Result<u64, Errno> {
    let mut out = 0u64;
    check(unsafe { raw::datastore_table_row_count(table_id, &mut out) })?;
    Ok(out)
}

pub fn table_scan(table_id: u32) -> Result<u32, Errno> {
    let mut out = 0u32;
    check(unsafe { raw::datastore_table_scan_bsatn(table_id, &mut out) })?;
    Ok(out)
}

pub fn index_scan_point(index_id: u32, point: &[u8]) -> Result<u32, Errno> {
    let mut out = 0u32;
    check(unsafe { raw::datastore_index_scan_point_bsatn(index_id, point.as_ptr(), point.len(), &mut out) })?;
    Ok(out)
}

pub fn delete_by_index_scan_point(index_id: u32, point: &[u8]) -> Result<u32, Errno> {
    let mut out = 0u32;
    check(unsafe {
        raw::datastore_delete_by_index_scan_point_bsatn(index_id, point.as_ptr(), point.len(), &mut out)
    })?;
    Ok(out)
}

pub fn index_scan_range(index_id: u32, prefix: &[u8], prefix_elems: u16, start: &[u8], end: &[u8]) -> Result<u32, Errno> {
    let mut out = 0u32;
    check(unsafe {
        raw::datastore_index_scan_range_bsatn(
            index_id,
            prefix.as_ptr(),
            prefix.len(),
            prefix_elems as u32,
            start.as_ptr(),
            start.len(),
            end.as_ptr(),
            end.len(),
            &mut out,
        )
    })?;
    Ok(out)
}

pub fn delete_by_index_scan_range(
    index_id: u32,
    prefix: &[u8],
    prefix_elems: u16,
    start: &[u8],
    end: &[u8],
) -> Result<u32, Errno> {
    let mut out = 0u32;
    check(unsafe {
        raw::datastore_delete_by_index_scan_range_bsatn(
            index_id,
            prefix.as_ptr(),
            prefix.len(),
            prefix_elems as u32,
            start.as_ptr(),
            start.len(),
            end.as_ptr(),
            end.len(),
            &mut out,
        )
    })?;
    Ok(out)
}

pub fn delete_all_by_eq(table_id: u32, relation: &[u8]) -> Result<u32, Errno> {
    let mut out = 0u32;
    check(unsafe { raw::datastore_delete_all_by_eq_bsatn(table_id, relation.as_ptr(), relation.len(), &mut out) })?;
    Ok(out)
}

/// Inserts `row` (BSATN) and returns the bytes the host wrote back: the
/// generated auto-inc values, in column order (module-abi.md §5.1, insert
/// step 6). The buffer is reused in place to avoid a second allocation.
pub fn insert(table_id: u32, row: &mut Vec<u8>) -> Result<(), Errno> {
    let mut len = row.len();
    check(unsafe { raw::datastore_insert_bsatn(table_id, row.as_mut_ptr(), &mut len) })?;
    row.truncate(len);
    Ok(())
}

pub fn update(table_id: u32, index_id: u32, row: &mut Vec<u8>) -> Result<(), Errno> {
    let mut len = row.len();
    check(unsafe { raw::datastore_update_bsatn(table_id, index_id, row.as_mut_ptr(), &mut len) })?;
    row.truncate(len);
    Ok(())
}

pub fn clear(table_id: u32) -> Result<u64, Errno> {
    let mut out = 0u64;
    check(unsafe { raw::datastore_clear(table_id, &mut out) })?;
    Ok(out)
}

/// One `row_iter_bsatn_advance` call. `Ok(true)` means the iterator is now
/// exhausted (the host already destroyed it).
pub fn row_iter_advance(iter: u32, buf: &mut Vec<u8>) -> Result<bool, Errno> {
    buf.clear();
    loop {
        let cap = buf.capacity();
        let mut len = cap;
        let code = unsafe { raw::row_iter_bsatn_advance(iter, buf.as_mut_ptr(), &mut len) };
        match code {
            errno::EXHAUSTED | 0 => {
                unsafe { buf.set_len(len.min(cap)) };
                return Ok(code == errno::EXHAUSTED);
            }
            errno::BUFFER_TOO_SMALL => {
                // The host wrote the size of the next chunk; grow and retry.
                buf.reserve(len);
            }
            other => return Err(Errno(other)),
        }
    }
}

pub fn row_iter_close(iter: u32) {
    unsafe {
        raw::row_iter_bsatn_close(iter);
    }
}

/// Drains a bytes source completely. Source id 0 means "no bytes".
pub fn read_bytes_source(source: u32) -> Vec<u8> {
    let mut buf = Vec::new();
    if source == 0 {
        return buf;
    }
    let mut remaining = 0u32;
    if unsafe { raw::bytes_source_remaining_length(source, &mut remaining) } == 0 {
        buf.reserve(remaining as usize);
    }
    loop {
        if buf.capacity() == buf.len() {
            buf.reserve(1024);
        }
        let spare = buf.capacity() - buf.len();
        let mut len = spare;
        let code = unsafe { raw::bytes_source_read(source, buf.as_mut_ptr().add(buf.len()), &mut len) };
        let new_len = buf.len() + len.min(spare);
        unsafe { buf.set_len(new_len) };
        match code {
            0 => continue,
            errno::EXHAUSTED => return buf,
            other => panic!("bytes_source_read failed: {}", Errno(other)),
        }
    }
}

pub fn write_bytes_sink(sink: u32, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        let mut len = bytes.len();
        let code = unsafe { raw::bytes_sink_write(sink, bytes.as_ptr(), &mut len) };
        if code != 0 {
            panic!("bytes_sink_write failed: {}", Errno(code));
        }
        bytes = &bytes[len.min(bytes.len())..];
    }
}

pub fn console_log(level: u32, target: Option<&str>, filename: Option<&str>, line: Option<u32>, message: &str) {
    let (t_ptr, t_len) = target.map_or((std::ptr::null(), 0), |t| (t.as_ptr(), t.len()));
    let (f_ptr, f_len) = filename.map_or((std::ptr::null(), 0), |f| (f.as_ptr(), f.len()));
    unsafe {
        raw::console_log(level, t_ptr, t_len, f_ptr, f_len, line.unwrap_or(u32::MAX), message.as_ptr(), message.len())
    }
}

pub fn identity() -> [u8; 32] {
    let mut out = [0u8; 32];
    unsafe { raw::identity(out.as_mut_ptr()) };
    out
}

pub fn get_jwt(connection_id: &[u8; 16]) -> Result<Option<String>, Errno> {
    let mut source = 0u32;
    check(unsafe { raw::get_jwt(connection_id.as_ptr(), &mut source) })?;
    if source == 0 {
        return Ok(None);
    }
    Ok(Some(String::from_utf8_lossy(&read_bytes_source(source)).into_owned()))
}

pub fn procedure_sleep_until(wake_at_micros: i64) -> i64 {
    unsafe { raw::procedure_sleep_until(wake_at_micros) }
}

pub fn procedure_start_mut_tx() -> Result<i64, Errno> {
    let mut ts = 0i64;
    check(unsafe { raw::procedure_start_mut_tx(&mut ts) })?;
    Ok(ts)
}

pub fn procedure_commit_mut_tx() -> Result<(), Errno> {
    check(unsafe { raw::procedure_commit_mut_tx() })
}

pub fn procedure_abort_mut_tx() -> Result<(), Errno> {
    check(unsafe { raw::procedure_abort_mut_tx() })
}

/// Returns `Ok((response_source, body_source))` or `Err((errno, error_source))`.
pub fn procedure_http_request(request: &[u8], body: &[u8]) -> Result<(u32, u32), (Errno, u32)> {
    let mut out = [0u32; 2];
    // The body pointer must be non-NULL even when empty; a slice pointer is.
    let code = unsafe { raw::procedure_http_request(request.as_ptr(), request.len(), body.as_ptr(), body.len(), &mut out) };
    if code == 0 {
        Ok((out[0], out[1]))
    } else {
        Err((Errno(code), out[0]))
    }
}

pub fn console_timer_start(name: &str) -> u32 {
    unsafe { raw::console_timer_start(name.as_ptr(), name.len()) }
}

pub fn console_timer_end(timer: u32) {
    unsafe {
        raw::console_timer_end(timer);
    }
}
