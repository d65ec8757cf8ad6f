//! A small deterministic RNG for `ctx.rng()`, seeded only from the call's
//! timestamp so a reducer stays a function of (state, args, caller, time).
//! SplitMix64: tiny, fast, good enough for game logic; not cryptographic.

use crate::types::Timestamp;
use std::cell::Cell;

pub struct StdbRng {
    state: Cell<u64>,
}

impl StdbRng {
    pub fn seed_from_timestamp(ts: Timestamp) -> Self {
        StdbRng { state: Cell::new(ts.to_micros_since_unix_epoch() as u64 ^ 0x5DEE_CE66_D1CE_4E5B) }
    }

    pub fn next_u64(&self) -> u64 {
        let s = self.state.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        self.state.set(s);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn next_u32(&self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    /// Uniform in `[0, 1)`.
    pub fn gen_f64(&self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    pub fn gen_bool(&self) -> bool {
        self.next_u64() & 1 == 1
    }

    /// Uniform in `[range.start, range.end)`; panics on an empty range.
    pub fn gen_range(&self, range: std::ops::Range<u64>) -> u64 {
        assert!(range.start < range.end, "gen_range: empty range");
        let span = range.end - range.start;
        // Rejection sampling avoids modulo bias.
        let zone = u64::MAX - (u64::MAX % span);
        loop {
            let v = self.next_u64();
            if v < zone {
                return range.start + v % span;
            }
        }
    }

    pub fn fill_bytes(&self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let v = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
}
