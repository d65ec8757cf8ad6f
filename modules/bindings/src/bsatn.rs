//! BSATN encoding and decoding (module-abi.md §7).
//!
//! BSATN is not self-describing: a value is written as its fields back to back,
//! so `Serialize`/`Deserialize` are driven by the Rust type alone. The derive
//! macros generate these impls for user structs and enums.

use std::fmt;

/// Writes the BSATN encoding of `self`.
pub trait Serialize {
    fn serialize(&self, w: &mut Vec<u8>);
}

/// Reads a value from BSATN.
pub trait Deserialize: Sized {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError>;
}

/// Why bytes did not decode at the expected type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    UnexpectedEnd { wanted: usize, remaining: usize },
    InvalidBool(u8),
    InvalidTag { ty: &'static str, tag: u8 },
    InvalidUtf8,
    Other(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::UnexpectedEnd { wanted, remaining } => {
                write!(f, "unexpected end of input: wanted {wanted} bytes, {remaining} remaining")
            }
            DecodeError::InvalidBool(b) => write!(f, "invalid bool byte {b}"),
            DecodeError::InvalidTag { ty, tag } => write!(f, "invalid tag {tag} for sum type {ty}"),
            DecodeError::InvalidUtf8 => f.write_str("string is not valid UTF-8"),
            DecodeError::Other(s) => f.write_str(s),
        }
    }
}

impl std::error::Error for DecodeError {}

/// A cursor over BSATN bytes.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    pub fn position(&self) -> usize {
        self.pos
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        if self.remaining() < n {
            return Err(DecodeError::UnexpectedEnd { wanted: n, remaining: self.remaining() });
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    pub fn take_array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    pub fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }

    pub fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(self.take_array()?))
    }
}

/// Decodes a whole buffer as one `T`, rejecting trailing bytes.
pub fn from_slice<T: Deserialize>(bytes: &[u8]) -> Result<T, DecodeError> {
    let mut r = Reader::new(bytes);
    let v = T::deserialize(&mut r)?;
    if r.remaining() != 0 {
        return Err(DecodeError::Other(format!("{} trailing bytes", r.remaining())));
    }
    Ok(v)
}

pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut w = Vec::new();
    value.serialize(&mut w);
    w
}

/// Writes a BSATN string (u32 length, UTF-8 bytes).
pub fn write_str(w: &mut Vec<u8>, s: &str) {
    w.extend_from_slice(&(s.len() as u32).to_le_bytes());
    w.extend_from_slice(s.as_bytes());
}

/// Writes a BSATN array length prefix.
pub fn write_len(w: &mut Vec<u8>, n: usize) {
    w.extend_from_slice(&(n as u32).to_le_bytes());
}

macro_rules! impl_le {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize(&self, w: &mut Vec<u8>) {
                w.extend_from_slice(&self.to_le_bytes());
            }
        }
        impl Deserialize for $t {
            fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
                Ok(<$t>::from_le_bytes(r.take_array()?))
            }
        }
    )*};
}
impl_le!(u8, i8, u16, i16, u32, i32, u64, i64, u128, i128);

impl Serialize for f32 {
    fn serialize(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_bits().to_le_bytes());
    }
}
impl Deserialize for f32 {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(f32::from_bits(u32::deserialize(r)?))
    }
}
impl Serialize for f64 {
    fn serialize(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_bits().to_le_bytes());
    }
}
impl Deserialize for f64 {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(f64::from_bits(u64::deserialize(r)?))
    }
}

impl Serialize for bool {
    fn serialize(&self, w: &mut Vec<u8>) {
        w.push(*self as u8);
    }
}
impl Deserialize for bool {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(DecodeError::InvalidBool(b)),
        }
    }
}

impl Serialize for str {
    fn serialize(&self, w: &mut Vec<u8>) {
        write_str(w, self);
    }
}
impl Serialize for String {
    fn serialize(&self, w: &mut Vec<u8>) {
        write_str(w, self);
    }
}
impl Deserialize for String {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let n = r.u32()? as usize;
        let bytes = r.take(n)?;
        std::str::from_utf8(bytes).map(str::to_owned).map_err(|_| DecodeError::InvalidUtf8)
    }
}

impl<T: Serialize + ?Sized> Serialize for &T {
    fn serialize(&self, w: &mut Vec<u8>) {
        (**self).serialize(w)
    }
}
impl<T: Serialize + ?Sized> Serialize for Box<T> {
    fn serialize(&self, w: &mut Vec<u8>) {
        (**self).serialize(w)
    }
}
impl<T: Deserialize> Deserialize for Box<T> {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        T::deserialize(r).map(Box::new)
    }
}

impl<T: Serialize> Serialize for [T] {
    fn serialize(&self, w: &mut Vec<u8>) {
        write_len(w, self.len());
        for x in self {
            x.serialize(w);
        }
    }
}
impl<T: Serialize> Serialize for Vec<T> {
    fn serialize(&self, w: &mut Vec<u8>) {
        self.as_slice().serialize(w)
    }
}
impl<T: Deserialize> Deserialize for Vec<T> {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let n = r.u32()? as usize;
        // Never trust a length prefix for the allocation size: each element
        // takes at least zero bytes, so cap by what is left in the buffer.
        let mut v = Vec::with_capacity(n.min(r.remaining()));
        for _ in 0..n {
            v.push(T::deserialize(r)?);
        }
        Ok(v)
    }
}

/// `Option<T>` is the sum `[some: T, none: ()]`: some is tag 0.
impl<T: Serialize> Serialize for Option<T> {
    fn serialize(&self, w: &mut Vec<u8>) {
        match self {
            Some(x) => {
                w.push(0);
                x.serialize(w);
            }
            None => w.push(1),
        }
    }
}
impl<T: Deserialize> Deserialize for Option<T> {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.u8()? {
            0 => Ok(Some(T::deserialize(r)?)),
            1 => Ok(None),
            tag => Err(DecodeError::InvalidTag { ty: "Option", tag }),
        }
    }
}

/// `Result<T, E>` is the sum `[ok: T, err: E]`.
impl<T: Serialize, E: Serialize> Serialize for Result<T, E> {
    fn serialize(&self, w: &mut Vec<u8>) {
        match self {
            Ok(x) => {
                w.push(0);
                x.serialize(w);
            }
            Err(e) => {
                w.push(1);
                e.serialize(w);
            }
        }
    }
}
impl<T: Deserialize, E: Deserialize> Deserialize for Result<T, E> {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.u8()? {
            0 => Ok(Ok(T::deserialize(r)?)),
            1 => Ok(Err(E::deserialize(r)?)),
            tag => Err(DecodeError::InvalidTag { ty: "Result", tag }),
        }
    }
}

impl Serialize for () {
    fn serialize(&self, _: &mut Vec<u8>) {}
}
impl Deserialize for () {
    fn deserialize(_: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(())
    }
}

macro_rules! impl_tuple {
    ($($n:tt $t:ident),+) => {
        impl<$($t: Serialize),+> Serialize for ($($t,)+) {
            fn serialize(&self, w: &mut Vec<u8>) {
                $(self.$n.serialize(w);)+
            }
        }
        impl<$($t: Deserialize),+> Deserialize for ($($t,)+) {
            fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
                Ok(($($t::deserialize(r)?,)+))
            }
        }
    };
}
impl_tuple!(0 A);
impl_tuple!(0 A, 1 B);
impl_tuple!(0 A, 1 B, 2 C);
impl_tuple!(0 A, 1 B, 2 C, 3 D);
