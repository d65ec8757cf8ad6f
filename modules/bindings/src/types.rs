//! Built-in "special" types: `Identity`, `ConnectionId`, `Timestamp`,
//! `TimeDuration` and `ScheduleAt` (module-abi.md §7.2).
//!
//! Their SATS types are inlined products/sums recognised by the host through
//! their reserved element names, never typespace `Ref`s.

use crate::bsatn::{DecodeError, Deserialize, Reader, Serialize};
use crate::sats::{AlgebraicType, SpacetimeType, Typespace};
use std::fmt;
use std::ops::{Add, AddAssign, Sub, SubAssign};
use std::time::Duration;

fn hex(bytes_be: impl Iterator<Item = u8>) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::new();
    for b in bytes_be {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

fn parse_hex_be<const N: usize>(s: &str) -> Option<[u8; N]> {
    let s = s.strip_prefix("0x").unwrap_or(s);
    if s.len() != 2 * N {
        return None;
    }
    let mut le = [0u8; N];
    for i in 0..N {
        let byte = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
        le[N - 1 - i] = byte;
    }
    Some(le)
}

/// A 256-bit identity. Stored little-endian as on the wire; displayed as the
/// big-endian hex string clients show.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Identity([u8; 32]);

impl Identity {
    pub const ZERO: Identity = Identity([0; 32]);

    /// From the little-endian byte array the ABI uses.
    pub const fn from_byte_array(le: [u8; 32]) -> Self {
        Identity(le)
    }
    pub const fn to_byte_array(&self) -> [u8; 32] {
        self.0
    }
    /// From big-endian bytes (the order of the hex form).
    pub fn from_be_byte_array(mut be: [u8; 32]) -> Self {
        be.reverse();
        Identity(be)
    }
    pub fn to_be_byte_array(&self) -> [u8; 32] {
        let mut be = self.0;
        be.reverse();
        be
    }
    pub fn to_hex(&self) -> String {
        hex(self.0.iter().rev().copied())
    }
    pub fn from_hex(s: &str) -> Result<Self, String> {
        parse_hex_be::<32>(s).map(Identity).ok_or_else(|| format!("invalid identity hex: {s}"))
    }
    /// Builds the identity from the four u64 words of `__call_reducer__`.
    pub(crate) fn from_words(s0: u64, s1: u64, s2: u64, s3: u64) -> Self {
        let mut b = [0u8; 32];
        b[0..8].copy_from_slice(&s0.to_le_bytes());
        b[8..16].copy_from_slice(&s1.to_le_bytes());
        b[16..24].copy_from_slice(&s2.to_le_bytes());
        b[24..32].copy_from_slice(&s3.to_le_bytes());
        Identity(b)
    }
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}
impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Identity({})", self.to_hex())
    }
}

/// A 128-bit connection id; all-zero means "no connection".
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ConnectionId([u8; 16]);

impl ConnectionId {
    pub const ZERO: ConnectionId = ConnectionId([0; 16]);

    pub const fn from_le_byte_array(le: [u8; 16]) -> Self {
        ConnectionId(le)
    }
    pub const fn as_le_byte_array(&self) -> [u8; 16] {
        self.0
    }
    pub fn from_u128(v: u128) -> Self {
        ConnectionId(v.to_le_bytes())
    }
    pub fn to_u128(&self) -> u128 {
        u128::from_le_bytes(self.0)
    }
    pub fn to_hex(&self) -> String {
        hex(self.0.iter().rev().copied())
    }
    pub fn from_hex(s: &str) -> Result<Self, String> {
        parse_hex_be::<16>(s).map(ConnectionId).ok_or_else(|| format!("invalid connection id hex: {s}"))
    }
    pub(crate) fn from_words(c0: u64, c1: u64) -> Option<Self> {
        if c0 == 0 && c1 == 0 {
            return None;
        }
        let mut b = [0u8; 16];
        b[0..8].copy_from_slice(&c0.to_le_bytes());
        b[8..16].copy_from_slice(&c1.to_le_bytes());
        Some(ConnectionId(b))
    }
}

impl fmt::Display for ConnectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}
impl fmt::Debug for ConnectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConnectionId({})", self.to_hex())
    }
}

/// A signed span of microseconds. Unlike `std::time::Duration` it can be negative.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Debug)]
pub struct TimeDuration {
    micros: i64,
}

impl TimeDuration {
    pub const ZERO: TimeDuration = TimeDuration { micros: 0 };

    pub const fn from_micros(micros: i64) -> Self {
        TimeDuration { micros }
    }
    pub const fn to_micros(self) -> i64 {
        self.micros
    }
    pub fn from_duration(d: Duration) -> Self {
        TimeDuration { micros: d.as_micros().min(i64::MAX as u128) as i64 }
    }
    /// `Err` holds the magnitude of a negative duration.
    pub fn to_duration(self) -> Result<Duration, Duration> {
        if self.micros >= 0 {
            Ok(Duration::from_micros(self.micros as u64))
        } else {
            Err(Duration::from_micros(self.micros.unsigned_abs()))
        }
    }
    pub fn to_duration_abs(self) -> Duration {
        Duration::from_micros(self.micros.unsigned_abs())
    }
}

impl From<Duration> for TimeDuration {
    fn from(d: Duration) -> Self {
        TimeDuration::from_duration(d)
    }
}
impl From<TimeDuration> for Duration {
    /// Negative durations clamp to zero.
    fn from(d: TimeDuration) -> Self {
        d.to_duration().unwrap_or(Duration::ZERO)
    }
}

/// Microseconds since the Unix epoch (UTC).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp {
    micros: i64,
}

impl Timestamp {
    pub const UNIX_EPOCH: Timestamp = Timestamp { micros: 0 };

    pub const fn from_micros_since_unix_epoch(micros: i64) -> Self {
        Timestamp { micros }
    }
    pub const fn to_micros_since_unix_epoch(self) -> i64 {
        self.micros
    }
    /// `None` if `earlier` is later than `self`.
    pub fn duration_since(self, earlier: Timestamp) -> Option<Duration> {
        self.time_duration_since(earlier).to_duration().ok()
    }
    pub fn time_duration_since(self, earlier: Timestamp) -> TimeDuration {
        TimeDuration::from_micros(self.micros.saturating_sub(earlier.micros))
    }
    pub fn checked_add(self, d: TimeDuration) -> Option<Self> {
        self.micros.checked_add(d.micros).map(Timestamp::from_micros_since_unix_epoch)
    }
    pub fn checked_sub(self, d: TimeDuration) -> Option<Self> {
        self.micros.checked_sub(d.micros).map(Timestamp::from_micros_since_unix_epoch)
    }
}

impl Add<Duration> for Timestamp {
    type Output = Timestamp;
    fn add(self, d: Duration) -> Timestamp {
        self + TimeDuration::from(d)
    }
}
impl Sub<Duration> for Timestamp {
    type Output = Timestamp;
    fn sub(self, d: Duration) -> Timestamp {
        self - TimeDuration::from(d)
    }
}
impl Add<TimeDuration> for Timestamp {
    type Output = Timestamp;
    fn add(self, d: TimeDuration) -> Timestamp {
        Timestamp { micros: self.micros.saturating_add(d.micros) }
    }
}
impl Sub<TimeDuration> for Timestamp {
    type Output = Timestamp;
    fn sub(self, d: TimeDuration) -> Timestamp {
        Timestamp { micros: self.micros.saturating_sub(d.micros) }
    }
}
impl AddAssign<Duration> for Timestamp {
    fn add_assign(&mut self, d: Duration) {
        *self = *self + d;
    }
}
impl SubAssign<Duration> for Timestamp {
    fn sub_assign(&mut self, d: Duration) {
        *self = *self - d;
    }
}

/// Civil date from days since 1970-01-01 (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

/// RFC 3339 with microseconds, as SpacetimeDB prints timestamps.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.micros.div_euclid(1_000_000);
        let micros = self.micros.rem_euclid(1_000_000);
        let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
        let sod = secs.rem_euclid(86_400);
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}+00:00",
            y,
            mo,
            d,
            sod / 3600,
            (sod / 60) % 60,
            sod % 60,
            micros
        )
    }
}
impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

/// When a scheduled row fires: every `Interval`, or once at `Time`.
///
/// `Interval` holds a `std::time::Duration` so that both the guide's
/// `ScheduleAt::Interval(Duration::from_secs(3600))` and the official
/// `ScheduleAt::Interval(duration.into())` compile. On the wire it is the
/// official `Sum[Interval: TimeDuration, Time: Timestamp]`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ScheduleAt {
    Interval(Duration),
    Time(Timestamp),
}

impl From<Duration> for ScheduleAt {
    fn from(d: Duration) -> Self {
        ScheduleAt::Interval(d)
    }
}
impl From<TimeDuration> for ScheduleAt {
    fn from(d: TimeDuration) -> Self {
        ScheduleAt::Interval(d.into())
    }
}
impl From<Timestamp> for ScheduleAt {
    fn from(t: Timestamp) -> Self {
        ScheduleAt::Time(t)
    }
}

// ---- SATS types and BSATN ----

fn special_product(field: &str, ty: AlgebraicType) -> AlgebraicType {
    AlgebraicType::product(vec![(field, ty)])
}

impl SpacetimeType for Identity {
    fn make_type(_: &mut Typespace) -> AlgebraicType {
        special_product("__identity__", AlgebraicType::U256)
    }
}
impl Serialize for Identity {
    fn serialize(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.0);
    }
}
impl Deserialize for Identity {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Identity(r.take_array()?))
    }
}

impl SpacetimeType for ConnectionId {
    fn make_type(_: &mut Typespace) -> AlgebraicType {
        special_product("__connection_id__", AlgebraicType::U128)
    }
}
impl Serialize for ConnectionId {
    fn serialize(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.0);
    }
}
impl Deserialize for ConnectionId {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(ConnectionId(r.take_array()?))
    }
}

impl SpacetimeType for Timestamp {
    fn make_type(_: &mut Typespace) -> AlgebraicType {
        special_product("__timestamp_micros_since_unix_epoch__", AlgebraicType::I64)
    }
}
impl Serialize for Timestamp {
    fn serialize(&self, w: &mut Vec<u8>) {
        self.micros.serialize(w);
    }
}
impl Deserialize for Timestamp {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Timestamp { micros: i64::deserialize(r)? })
    }
}

impl SpacetimeType for TimeDuration {
    fn make_type(_: &mut Typespace) -> AlgebraicType {
        special_product("__time_duration_micros__", AlgebraicType::I64)
    }
}
impl Serialize for TimeDuration {
    fn serialize(&self, w: &mut Vec<u8>) {
        self.micros.serialize(w);
    }
}
impl Deserialize for TimeDuration {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(TimeDuration { micros: i64::deserialize(r)? })
    }
}

/// `std::time::Duration` columns and arguments travel as `TimeDuration`.
impl SpacetimeType for Duration {
    fn make_type(ts: &mut Typespace) -> AlgebraicType {
        TimeDuration::make_type(ts)
    }
}
impl Serialize for Duration {
    fn serialize(&self, w: &mut Vec<u8>) {
        TimeDuration::from(*self).serialize(w);
    }
}
impl Deserialize for Duration {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(TimeDuration::deserialize(r)?.into())
    }
}

impl SpacetimeType for ScheduleAt {
    fn make_type(ts: &mut Typespace) -> AlgebraicType {
        AlgebraicType::sum(vec![("Interval", TimeDuration::make_type(ts)), ("Time", Timestamp::make_type(ts))])
    }
}
impl Serialize for ScheduleAt {
    fn serialize(&self, w: &mut Vec<u8>) {
        match self {
            ScheduleAt::Interval(d) => {
                w.push(0);
                d.serialize(w);
            }
            ScheduleAt::Time(t) => {
                w.push(1);
                t.serialize(w);
            }
        }
    }
}
impl Deserialize for ScheduleAt {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.u8()? {
            0 => Ok(ScheduleAt::Interval(Duration::deserialize(r)?)),
            1 => Ok(ScheduleAt::Time(Timestamp::deserialize(r)?)),
            tag => Err(DecodeError::InvalidTag { ty: "ScheduleAt", tag }),
        }
    }
}
