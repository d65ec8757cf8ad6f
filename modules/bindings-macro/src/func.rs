//! `#[reducer]`, `#[procedure]`, `#[view]` and `#[client_visibility_filter]`.
//!
//! Each function gets a describer (its definition entry) and an invoker
//! (argument decoding + call), registered from a `__preinit__20_*` export.
//! The runtime sorts registrations by kind and name, which fixes reducer ids.

use crate::args::{self, ident_str, Arg, ArgValue};
use crate::sats;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{DeriveInput, Error, FnArg, ItemConst, ItemFn, ItemStruct, Pat, Result, ReturnType, Type};

struct Param {
    name: String,
    ty: Type,
}

/// Splits `fn f(ctx: &Ctx, a: A, b: B)` into the context type and the parameters.
fn params(f: &ItemFn) -> Result<(Type, Vec<Param>)> {
    let mut inputs = f.sig.inputs.iter();
    let ctx = match inputs.next() {
        Some(FnArg::Typed(t)) => (*t.ty).clone(),
        _ => return Err(Error::new_spanned(&f.sig, "the first parameter must be the context (e.g. `ctx: &ReducerContext`)")),
    };
    let mut out = Vec::new();
    for (i, a) in inputs.enumerate() {
        match a {
            FnArg::Typed(t) => {
                let name = match &*t.pat {
                    Pat::Ident(p) => ident_str(&p.ident),
                    _ => format!("arg{i}"),
                };
                out.push(Param { name, ty: (*t.ty).clone() });
            }
            FnArg::Receiver(r) => return Err(Error::new_spanned(r, "`self` is not allowed here")),
        }
    }
    if !f.sig.generics.params.is_empty() {
        return Err(Error::new_spanned(&f.sig.generics, "module functions cannot be generic"));
    }
    Ok((ctx, out))
}

fn return_type(f: &ItemFn) -> Type {
    match &f.sig.output {
        ReturnType::Default => syn::parse_quote!(()),
        ReturnType::Type(_, t) => (**t).clone(),
    }
}

/// Referent of `&T` / `&mut T`.
fn strip_ref(ty: &Type) -> Type {
    match ty {
        Type::Reference(r) => (*r.elem).clone(),
        other => other.clone(),
    }
}

/// Code decoding the parameters from `__args` into `__a0, __a1, ...`.
fn decode_params(fn_name: &str, ps: &[Param]) -> (TokenStream, Vec<proc_macro2::Ident>) {
    let vars: Vec<_> = (0..ps.len()).map(|i| format_ident!("__a{}", i)).collect();
    let decls = ps.iter().zip(&vars).map(|(p, v)| {
        let (ty, pname) = (&p.ty, &p.name);
        quote!(let #v: #ty = ::spacetimedb::rt::decode_arg(&mut __r, #fn_name, #pname);)
    });
    let code = quote! {
        #[allow(unused_mut)]
        let mut __r = ::spacetimedb::bsatn::Reader::new(__args);
        #(#decls)*
        ::spacetimedb::rt::finish_args(&__r, #fn_name);
    };
    (code, vars)
}

fn describe_params(ps: &[Param]) -> TokenStream {
    let items = ps.iter().map(|p| {
        let (ty, name) = (&p.ty, &p.name);
        quote!((#name, <#ty as ::spacetimedb::SpacetimeType>::make_type(&mut __b.typespace)))
    });
    quote!(::std::vec![#(#items),*])
}

fn explicit_function_name(source: &str, args: &[Arg]) -> Result<TokenStream> {
    for a in args {
        if a.key_str() == "name" && a.is_string_literal() {
            let canon = a.string_value()?;
            return Ok(quote!(__b.add_explicit_name(1, #source, #canon);));
        }
    }
    Ok(quote!())
}

pub fn reducer(attr: TokenStream, item: TokenStream) -> Result<TokenStream> {
    let args = args::parse(attr)?;
    let f: ItemFn = syn::parse2(item)?;
    let (_ctx, ps) = params(&f)?;
    let fn_ident = &f.sig.ident;
    let name = ident_str(fn_ident);

    let mut lifecycle = quote!(::std::option::Option::None);
    let mut as_procedure = false;
    for a in &args {
        match (a.key_str().as_str(), &a.value) {
            ("init", ArgValue::Flag) => lifecycle = quote!(::std::option::Option::Some(::spacetimedb::rt::Lifecycle::Init)),
            ("client_connected", ArgValue::Flag) => {
                lifecycle = quote!(::std::option::Option::Some(::spacetimedb::rt::Lifecycle::OnConnect))
            }
            ("client_disconnected", ArgValue::Flag) => {
                lifecycle = quote!(::std::option::Option::Some(::spacetimedb::rt::Lifecycle::OnDisconnect))
            }
            ("procedure", ArgValue::Flag) => as_procedure = true,
            ("name", ArgValue::Eq(_)) => {}
            (k, _) => return Err(Error::new(a.span(), format!("unknown reducer argument `{k}`"))),
        }
    }
    let explicit = explicit_function_name(&name, &args)?;
    let (decode, vars) = decode_params(&name, &ps);
    let describe_ps = describe_params(&ps);

    if as_procedure {
        // The guide's `#[reducer(procedure)] fn f(ctx: &ReducerContext) -> R`:
        // a procedure whose body runs inside one implicit transaction.
        let ret = return_type(&f);
        let export = format!("__preinit__20_register_describer_procedure_{name}");
        return Ok(quote! {
            #f
            const _: () = {
                #[export_name = #export]
                extern "C" fn __register() {
                    ::spacetimedb::rt::register_procedure(#name, __describe, __invoke);
                }
                fn __describe(__b: &mut ::spacetimedb::rt::ModuleBuilder) {
                    let params = #describe_ps;
                    let return_type = <#ret as ::spacetimedb::SpacetimeType>::make_type(&mut __b.typespace);
                    __b.add_procedure(::spacetimedb::rt::ProcedureDesc { name: #name, params, return_type });
                    #explicit
                }
                fn __invoke(__pctx: &mut ::spacetimedb::ProcedureContext, __args: &[u8]) -> ::std::vec::Vec<u8> {
                    #decode
                    ::spacetimedb::rt::run_reducer_procedure(__pctx, move |__ctx| #fn_ident(__ctx, #(#vars),*))
                }
            };
        });
    }

    let export = format!("__preinit__20_register_describer_reducer_{name}");
    Ok(quote! {
        #f
        const _: () = {
            #[export_name = #export]
            extern "C" fn __register() {
                ::spacetimedb::rt::register_reducer(#name, __describe, __invoke);
            }
            fn __describe(__b: &mut ::spacetimedb::rt::ModuleBuilder) {
                let params = #describe_ps;
                __b.add_reducer(::spacetimedb::rt::ReducerDesc { name: #name, params, lifecycle: #lifecycle });
                #explicit
            }
            fn __invoke(__ctx: &::spacetimedb::ReducerContext, __args: &[u8]) -> ::std::result::Result<(), ::std::string::String> {
                #decode
                ::spacetimedb::rt::IntoReducerResult::into_reducer_result(#fn_ident(__ctx, #(#vars),*))
            }
        };
    })
}

pub fn procedure(attr: TokenStream, item: TokenStream) -> Result<TokenStream> {
    let args = args::parse(attr)?;
    let f: ItemFn = syn::parse2(item)?;
    let (_ctx, ps) = params(&f)?;
    let fn_ident = &f.sig.ident;
    let name = ident_str(fn_ident);
    for a in &args {
        if a.key_str() != "name" {
            return Err(Error::new(a.span(), format!("unknown procedure argument `{}`", a.key_str())));
        }
    }
    let explicit = explicit_function_name(&name, &args)?;
    let (decode, vars) = decode_params(&name, &ps);
    let describe_ps = describe_params(&ps);
    let ret = return_type(&f);
    let export = format!("__preinit__20_register_describer_procedure_{name}");
    Ok(quote! {
        #f
        const _: () = {
            #[export_name = #export]
            extern "C" fn __register() {
                ::spacetimedb::rt::register_procedure(#name, __describe, __invoke);
            }
            fn __describe(__b: &mut ::spacetimedb::rt::ModuleBuilder) {
                let params = #describe_ps;
                let return_type = <#ret as ::spacetimedb::SpacetimeType>::make_type(&mut __b.typespace);
                __b.add_procedure(::spacetimedb::rt::ProcedureDesc { name: #name, params, return_type });
                #explicit
            }
            fn __invoke(__pctx: &mut ::spacetimedb::ProcedureContext, __args: &[u8]) -> ::std::vec::Vec<u8> {
                #decode
                let __ret: #ret = #fn_ident(__pctx, #(#vars),*);
                ::spacetimedb::bsatn::to_vec(&__ret)
            }
        };
    })
}

pub fn view(attr: TokenStream, item: TokenStream) -> Result<TokenStream> {
    // `#[view(query = "...")]` on a struct (guide form).
    if let Ok(st) = syn::parse2::<ItemStruct>(item.clone()) {
        if let Some(out) = crate::table::reorder_below_table("view", attr.clone(), item.clone())? {
            return Ok(out);
        }
        let args = args::parse(attr)?;
        let mut sql = None;
        let mut name = None;
        let mut public = false;
        for a in &args {
            match a.key_str().as_str() {
                "query" => sql = Some(a.string_value()?),
                "name" | "accessor" => name = Some(a.string_value()?),
                "public" => public = true,
                k => return Err(Error::new(a.span(), format!("unknown view argument `{k}`"))),
            }
        }
        let sql = sql.ok_or_else(|| Error::new(Span::call_site(), "a struct view needs `query = \"SELECT ...\"`"))?;
        let name = name.ok_or_else(|| Error::new(Span::call_site(), "a struct view needs `name = ...`"))?;
        return expand_struct_view(st, &name, &sql, public);
    }

    let args = args::parse(attr)?;
    let f: ItemFn = syn::parse2(item)?;
    let (ctx, ps) = params(&f)?;
    if !ps.is_empty() {
        return Err(Error::new_spanned(&f.sig, "views take no parameters besides the context"));
    }
    let fn_ident = &f.sig.ident;
    let mut name = ident_str(fn_ident);
    let mut public = false;
    let mut primary_key = quote!(::std::option::Option::None);
    for a in &args {
        match a.key_str().as_str() {
            "name" | "accessor" => name = a.string_value()?,
            "public" => public = true,
            "primary_key" => {
                let column = a.string_value()?;
                primary_key = quote!(::std::option::Option::Some(#column));
            }
            k => return Err(Error::new(a.span(), format!("unknown view argument `{k}`"))),
        }
    }
    let ctx_ty = strip_ref(&ctx);
    let ret = return_type(&f);
    let export = format!("__preinit__20_register_describer_view_{name}");
    Ok(quote! {
        #f
        const _: () = {
            #[export_name = #export]
            extern "C" fn __register() {
                <#ctx_ty as ::spacetimedb::rt::ViewContextKind>::register(#name, __describe, __invoke);
            }
            fn __describe(__b: &mut ::spacetimedb::rt::ModuleBuilder) {
                let return_type = <#ret as ::spacetimedb::SpacetimeType>::make_type(&mut __b.typespace);
                __b.add_view_with_key(#name, #public, <#ctx_ty as ::spacetimedb::rt::ViewContextKind>::ANONYMOUS,
                    return_type, #primary_key);
            }
            fn __invoke(__ctx: &#ctx_ty, __args: &[u8]) -> ::std::vec::Vec<u8> {
                let _ = __args;
                ::spacetimedb::rt::ViewReturn::encode_view(#fn_ident(__ctx))
            }
        };
    })
}

/// A SQL-defined view (Lightcone extension): the row type goes into the
/// typespace, the query into the `lightcone.views` custom section as the
/// BSATN record `{name: String, sql: String, is_public: Bool, row_type: String}`.
pub fn expand_struct_view(st: ItemStruct, name: &str, sql: &str, public: bool) -> Result<TokenStream> {
    let derive_input: DeriveInput = st.clone().into();
    let sats_impls = sats::derive(&derive_input)?;
    let row = &st.ident;
    let row_type = sats::type_name(&derive_input)?;

    let mut record = Vec::new();
    for s in [name, sql] {
        record.extend_from_slice(&(s.len() as u32).to_le_bytes());
        record.extend_from_slice(s.as_bytes());
    }
    record.push(public as u8);
    record.extend_from_slice(&(row_type.len() as u32).to_le_bytes());
    record.extend_from_slice(row_type.as_bytes());
    let len = record.len();
    let static_ident = format_ident!("__LIGHTCONE_VIEW_{}", name.to_uppercase());
    let export = format!("__preinit__20_register_describer_type_{row_type}");

    Ok(quote! {
        #st
        #sats_impls

        #[doc(hidden)]
        #[link_section = "lightcone.views"]
        #[used]
        #[allow(non_upper_case_globals)]
        static #static_ident: [u8; #len] = [#(#record),*];

        const _: () = {
            #[export_name = #export]
            extern "C" fn __register() {
                ::spacetimedb::rt::register_type(#row_type, __describe);
            }
            fn __describe(__b: &mut ::spacetimedb::rt::ModuleBuilder) {
                let _ = <#row as ::spacetimedb::SpacetimeType>::make_type(&mut __b.typespace);
            }
        };
    })
}

pub fn client_visibility_filter(attr: TokenStream, item: TokenStream) -> Result<TokenStream> {
    if !attr.is_empty() {
        return Err(Error::new(Span::call_site(), "#[client_visibility_filter] takes no arguments"));
    }
    let c: ItemConst = syn::parse2(item)?;
    let ident = &c.ident;
    let export = format!("__preinit__20_register_row_level_security_{}", ident_str(ident));
    let name = ident_str(ident);
    Ok(quote! {
        #c
        const _: () = {
            #[export_name = #export]
            extern "C" fn __register() {
                ::spacetimedb::rt::register_row_level_security(#name, __describe);
            }
            fn __describe(__b: &mut ::spacetimedb::rt::ModuleBuilder) {
                __b.add_row_level_security(::spacetimedb::Filter::sql_text(&#ident).to_owned());
            }
        };
    })
}
