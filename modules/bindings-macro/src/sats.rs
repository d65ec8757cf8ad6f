//! Code generation for `SpacetimeType` + BSATN `Serialize`/`Deserialize`,
//! shared by `#[derive(SpacetimeType)]`, `#[table]` and struct views.

use crate::args::{attr_args, attr_name, ident_str};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Attribute, Data, DeriveInput, Error, Fields, Result};

/// `#[sats(name = "...")]` / `#[sats(rename = "...")]` on a type, field or variant.
pub fn sats_name(attrs: &[Attribute]) -> Result<Option<String>> {
    for a in attrs.iter().filter(|a| attr_name(a) == "sats") {
        for arg in attr_args(a)? {
            match arg.key_str().as_str() {
                "name" | "rename" => return Ok(Some(arg.string_value()?)),
                _ => {}
            }
        }
    }
    Ok(None)
}

pub fn type_name(input: &DeriveInput) -> Result<String> {
    Ok(sats_name(&input.attrs)?.unwrap_or_else(|| ident_str(&input.ident)))
}

pub fn derive(input: &DeriveInput) -> Result<TokenStream> {
    if !input.generics.params.is_empty() {
        return Err(Error::new_spanned(&input.generics, "generic SpacetimeTypes are not supported by these bindings"));
    }
    let ident = &input.ident;
    let name = type_name(input)?;
    let krate = quote!(::spacetimedb);

    let (make, ser, de, filterable) = match &input.data {
        Data::Struct(s) => {
            let (elems, ser, de) = fields_code(&s.fields, quote!(Self), true)?;
            (quote!(#krate::sats::AlgebraicType::Product(#elems)), ser, de, false)
        }
        Data::Enum(e) => {
            if e.variants.len() > 256 {
                return Err(Error::new_spanned(ident, "a sum type has at most 256 variants"));
            }
            let mut variants = Vec::new();
            let mut ser_arms = Vec::new();
            let mut de_arms = Vec::new();
            let mut all_unit = true;
            for (tag, v) in e.variants.iter().enumerate() {
                let tag = tag as u8;
                let vname = sats_name(&v.attrs)?.unwrap_or_else(|| ident_str(&v.ident));
                let vid = &v.ident;
                match &v.fields {
                    Fields::Unit => {
                        variants.push(quote!((::std::option::Option::Some(#vname.to_owned()), #krate::sats::AlgebraicType::unit())));
                        ser_arms.push(quote!(Self::#vid => __w.push(#tag),));
                        de_arms.push(quote!(#tag => ::std::result::Result::Ok(Self::#vid),));
                    }
                    Fields::Unnamed(u) if u.unnamed.len() == 1 => {
                        all_unit = false;
                        let ty = &u.unnamed[0].ty;
                        variants.push(quote!((::std::option::Option::Some(#vname.to_owned()), <#ty as #krate::SpacetimeType>::make_type(__ts))));
                        ser_arms.push(quote!(Self::#vid(__f) => { __w.push(#tag); #krate::bsatn::Serialize::serialize(__f, __w); }));
                        de_arms.push(quote!(#tag => ::std::result::Result::Ok(Self::#vid(#krate::bsatn::Deserialize::deserialize(__r)?)),));
                    }
                    fields => {
                        // Several payload fields become an inline product.
                        all_unit = false;
                        let (elems, _, _) = fields_code(fields, quote!(Self::#vid), false)?;
                        variants.push(quote!((::std::option::Option::Some(#vname.to_owned()), #krate::sats::AlgebraicType::Product(#elems))));
                        let binds: Vec<_> = (0..fields.len()).map(|i| format_ident!("__f{}", i)).collect();
                        let members: Vec<_> = fields
                            .iter()
                            .enumerate()
                            .map(|(i, f)| match &f.ident {
                                Some(id) => quote!(#id),
                                None => {
                                    let idx = syn::Index::from(i);
                                    quote!(#idx)
                                }
                            })
                            .collect();
                        ser_arms.push(quote!(Self::#vid { #(#members: #binds),* } => {
                            __w.push(#tag);
                            #(#krate::bsatn::Serialize::serialize(#binds, __w);)*
                        }));
                        de_arms.push(quote!(#tag => ::std::result::Result::Ok(Self::#vid {
                            #(#members: #krate::bsatn::Deserialize::deserialize(__r)?,)*
                        }),));
                    }
                }
            }
            let make = quote!(#krate::sats::AlgebraicType::Sum(::std::vec![#(#variants),*]));
            let ser = quote!(match self { #(#ser_arms)* });
            let de = quote!(match __r.u8()? {
                #(#de_arms)*
                tag => ::std::result::Result::Err(#krate::bsatn::DecodeError::InvalidTag { ty: #name, tag }),
            });
            (make, ser, de, all_unit)
        }
        Data::Union(_) => return Err(Error::new_spanned(ident, "unions cannot be SpacetimeTypes")),
    };

    let filterable = if filterable {
        // C-like enums may be used as index keys, as in the official crate.
        quote! {
            impl #krate::FilterableValue for #ident { type Column = #ident; }
            impl<'__a> #krate::FilterableValue for &'__a #ident { type Column = #ident; }
        }
    } else {
        quote!()
    };

    Ok(quote! {
        impl #krate::SpacetimeType for #ident {
            fn make_type(__ts: &mut #krate::sats::Typespace) -> #krate::sats::AlgebraicType {
                __ts.add_named::<Self>(#name, |__ts| #make)
            }
        }
        impl #krate::bsatn::Serialize for #ident {
            #[allow(unused_variables)]
            fn serialize(&self, __w: &mut ::std::vec::Vec<u8>) { #ser }
        }
        impl #krate::bsatn::Deserialize for #ident {
            #[allow(unused_variables)]
            fn deserialize(__r: &mut #krate::bsatn::Reader<'_>) -> ::std::result::Result<Self, #krate::bsatn::DecodeError> { #de }
        }
        #filterable
    })
}

/// Element list, serializer body and deserializer body for a set of fields.
fn fields_code(fields: &Fields, ctor: TokenStream, with_bodies: bool) -> Result<(TokenStream, TokenStream, TokenStream)> {
    let krate = quote!(::spacetimedb);
    let mut elems = Vec::new();
    let mut ser = Vec::new();
    let mut inits = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let ty = &f.ty;
        let name = match (&f.ident, sats_name(&f.attrs)?) {
            (_, Some(n)) => quote!(::std::option::Option::Some(#n.to_owned())),
            (Some(id), None) => {
                let n = ident_str(id);
                quote!(::std::option::Option::Some(#n.to_owned()))
            }
            (None, None) => quote!(::std::option::Option::None),
        };
        elems.push(quote!((#name, <#ty as #krate::SpacetimeType>::make_type(__ts))));
        if with_bodies {
            let member = match &f.ident {
                Some(id) => quote!(#id),
                None => {
                    let idx = syn::Index::from(i);
                    quote!(#idx)
                }
            };
            ser.push(quote!(#krate::bsatn::Serialize::serialize(&self.#member, __w);));
            inits.push(quote!(#member: #krate::bsatn::Deserialize::deserialize(__r)?,));
        }
    }
    let de = quote!(::std::result::Result::Ok(#ctor { #(#inits)* }));
    Ok((quote!(::std::vec![#(#elems),*]), quote!(#(#ser)*), de))
}
