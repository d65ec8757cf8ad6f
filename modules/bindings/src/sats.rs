//! Algebraic types (module-abi.md §7.3) and the typespace the module definition carries.
//!
//! Special types (`Option`, `Identity`, `Timestamp`, `ScheduleAt`, ...) are
//! inlined structurally; user structs and enums become `Ref`s into the
//! typespace with a `Types` entry, exactly like the official bindings do.

use crate::bsatn::{write_len, write_str, Serialize};
use std::any::TypeId;

/// A SATS `AlgebraicType`. Tags are the BSATN sum tags of module-abi.md §7.3.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlgebraicType {
    Ref(u32),
    Sum(Vec<(Option<String>, AlgebraicType)>),
    Product(Vec<(Option<String>, AlgebraicType)>),
    Array(Box<AlgebraicType>),
    String,
    Bool,
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
    I128,
    U128,
    I256,
    U256,
    F32,
    F64,
}

impl AlgebraicType {
    pub fn unit() -> Self {
        AlgebraicType::Product(Vec::new())
    }

    /// A product with named elements.
    pub fn product(elements: Vec<(&str, AlgebraicType)>) -> Self {
        AlgebraicType::Product(elements.into_iter().map(|(n, t)| (Some(n.to_owned()), t)).collect())
    }

    /// A sum with named variants.
    pub fn sum(variants: Vec<(&str, AlgebraicType)>) -> Self {
        AlgebraicType::Sum(variants.into_iter().map(|(n, t)| (Some(n.to_owned()), t)).collect())
    }

    pub fn option(inner: AlgebraicType) -> Self {
        Self::sum(vec![("some", inner), ("none", Self::unit())])
    }

    pub fn array(elem: AlgebraicType) -> Self {
        AlgebraicType::Array(Box::new(elem))
    }

    fn tag(&self) -> u8 {
        use AlgebraicType::*;
        match self {
            Ref(_) => 0,
            Sum(_) => 1,
            Product(_) => 2,
            Array(_) => 3,
            String => 4,
            Bool => 5,
            I8 => 6,
            U8 => 7,
            I16 => 8,
            U16 => 9,
            I32 => 10,
            U32 => 11,
            I64 => 12,
            U64 => 13,
            I128 => 14,
            U128 => 15,
            I256 => 16,
            U256 => 17,
            F32 => 18,
            F64 => 19,
        }
    }
}

/// Writes a bare `ProductType`/`SumType` element list (no leading tag).
pub fn write_elements(w: &mut Vec<u8>, elements: &[(Option<String>, AlgebraicType)]) {
    write_len(w, elements.len());
    for (name, ty) in elements {
        match name {
            Some(n) => {
                w.push(0);
                write_str(w, n);
            }
            None => w.push(1),
        }
        ty.serialize(w);
    }
}

impl Serialize for AlgebraicType {
    fn serialize(&self, w: &mut Vec<u8>) {
        w.push(self.tag());
        match self {
            AlgebraicType::Ref(r) => r.serialize(w),
            AlgebraicType::Sum(v) | AlgebraicType::Product(v) => write_elements(w, v),
            AlgebraicType::Array(e) => e.serialize(w),
            _ => {}
        }
    }
}

/// A named typespace slot (one `Types` section entry).
pub struct TypeDef {
    pub name: String,
    pub index: u32,
}

/// The module's typespace, filled on demand while the definition is described.
#[derive(Default)]
pub struct Typespace {
    pub types: Vec<AlgebraicType>,
    pub defs: Vec<TypeDef>,
    by_rust_type: Vec<(TypeId, u32)>,
}

impl Typespace {
    /// Returns `Ref` to the slot of the user type `T`, creating it on first use.
    /// The slot is reserved before `build` runs so recursive types terminate.
    pub fn add_named<T: 'static>(&mut self, name: &str, build: impl FnOnce(&mut Typespace) -> AlgebraicType) -> AlgebraicType {
        let id = TypeId::of::<T>();
        if let Some((_, idx)) = self.by_rust_type.iter().find(|(t, _)| *t == id) {
            return AlgebraicType::Ref(*idx);
        }
        let idx = self.types.len() as u32;
        self.types.push(AlgebraicType::unit());
        self.by_rust_type.push((id, idx));
        self.defs.push(TypeDef { name: name.to_owned(), index: idx });
        let ty = build(self);
        self.types[idx as usize] = ty;
        AlgebraicType::Ref(idx)
    }

    /// Follows a `Ref` to its structure.
    pub fn resolve<'a>(&'a self, ty: &'a AlgebraicType) -> &'a AlgebraicType {
        match ty {
            AlgebraicType::Ref(r) => self.resolve(&self.types[*r as usize]),
            other => other,
        }
    }
}

/// A Rust type with a SATS type. `#[derive(SpacetimeType)]` and `#[table]`
/// implement it (together with `Serialize` and `Deserialize`) for user types.
pub trait SpacetimeType {
    fn make_type(ts: &mut Typespace) -> AlgebraicType;
}

macro_rules! prim {
    ($($t:ty => $v:ident),*) => {$(
        impl SpacetimeType for $t {
            fn make_type(_: &mut Typespace) -> AlgebraicType { AlgebraicType::$v }
        }
    )*};
}
prim!(bool => Bool, u8 => U8, i8 => I8, u16 => U16, i16 => I16, u32 => U32, i32 => I32, u64 => U64, i64 => I64,
      u128 => U128, i128 => I128, f32 => F32, f64 => F64, String => String);

impl SpacetimeType for &str {
    fn make_type(_: &mut Typespace) -> AlgebraicType {
        AlgebraicType::String
    }
}

impl<T: SpacetimeType> SpacetimeType for Vec<T> {
    fn make_type(ts: &mut Typespace) -> AlgebraicType {
        AlgebraicType::array(T::make_type(ts))
    }
}

impl<T: SpacetimeType> SpacetimeType for Box<T> {
    fn make_type(ts: &mut Typespace) -> AlgebraicType {
        T::make_type(ts)
    }
}

impl<T: SpacetimeType> SpacetimeType for Option<T> {
    fn make_type(ts: &mut Typespace) -> AlgebraicType {
        AlgebraicType::option(T::make_type(ts))
    }
}

impl<T: SpacetimeType, E: SpacetimeType> SpacetimeType for Result<T, E> {
    fn make_type(ts: &mut Typespace) -> AlgebraicType {
        let ok = T::make_type(ts);
        let err = E::make_type(ts);
        AlgebraicType::sum(vec![("ok", ok), ("err", err)])
    }
}

impl SpacetimeType for () {
    fn make_type(_: &mut Typespace) -> AlgebraicType {
        AlgebraicType::unit()
    }
}

macro_rules! tuple_type {
    ($($t:ident),+) => {
        /// Tuples are anonymous products with unnamed elements.
        impl<$($t: SpacetimeType),+> SpacetimeType for ($($t,)+) {
            fn make_type(ts: &mut Typespace) -> AlgebraicType {
                AlgebraicType::Product(vec![$((None, $t::make_type(ts))),+])
            }
        }
    };
}
tuple_type!(A);
tuple_type!(A, B);
tuple_type!(A, B, C);
tuple_type!(A, B, C, D);
