//! Procedural macros of Lightcone's `spacetimedb` bindings crate.
//!
//! They accept both the spellings of the module-writing guide
//! (`#[table(name = users)]`, `#[index(btree, name = x, a, b)]`, `#[event]`,
//! `#[rls(filter = ..)]`, `#[view(query = ..)]`, `#[reducer(procedure)]`) and
//! those of the official 2.x crate (`#[table(accessor = users)]`,
//! `index(accessor = x, btree(columns = [a, b]))`, `#[procedure]`,
//! `#[view(accessor = v, public)] fn`, `#[client_visibility_filter]`).

extern crate proc_macro;

mod args;
mod func;
mod sats;
mod table;

use proc_macro::TokenStream;

fn finish(r: syn::Result<proc_macro2::TokenStream>) -> TokenStream {
    match r {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

#[proc_macro_attribute]
pub fn table(attr: TokenStream, item: TokenStream) -> TokenStream {
    finish(table::expand(attr.into(), item.into()))
}

#[proc_macro_attribute]
pub fn reducer(attr: TokenStream, item: TokenStream) -> TokenStream {
    finish(func::reducer(attr.into(), item.into()))
}

#[proc_macro_attribute]
pub fn procedure(attr: TokenStream, item: TokenStream) -> TokenStream {
    finish(func::procedure(attr.into(), item.into()))
}

#[proc_macro_attribute]
pub fn view(attr: TokenStream, item: TokenStream) -> TokenStream {
    finish(func::view(attr.into(), item.into()))
}

#[proc_macro_attribute]
pub fn client_visibility_filter(attr: TokenStream, item: TokenStream) -> TokenStream {
    finish(func::client_visibility_filter(attr.into(), item.into()))
}

/// Struct-level helpers only make sense together with `#[table]`; written
/// above it they are moved below it, where the table macro consumes them.
fn table_helper(name: &str, attr: TokenStream, item: TokenStream) -> TokenStream {
    let item2: proc_macro2::TokenStream = item.into();
    match table::reorder_below_table(name, attr.into(), item2.clone()) {
        Ok(Some(ts)) => ts.into(),
        Ok(None) => syn::Error::new(proc_macro2::Span::call_site(), format!("#[{name}] must be used together with #[table(...)]"))
            .to_compile_error()
            .into(),
        Err(e) => e.to_compile_error().into(),
    }
}

#[proc_macro_attribute]
pub fn event(attr: TokenStream, item: TokenStream) -> TokenStream {
    table_helper("event", attr, item)
}

#[proc_macro_attribute]
pub fn rls(attr: TokenStream, item: TokenStream) -> TokenStream {
    table_helper("rls", attr, item)
}

#[proc_macro_attribute]
pub fn index(attr: TokenStream, item: TokenStream) -> TokenStream {
    table_helper("index", attr, item)
}

#[proc_macro_derive(SpacetimeType, attributes(sats))]
pub fn derive_spacetime_type(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    finish(sats::derive(&input))
}

/// `#[spacetimedb::http::handler]`: `fn h(ctx: &mut HandlerContext, req: Request) -> Response`. The function
/// is kept under a private name; its own name becomes a `spacetimedb::http::Handler` for the router.
#[proc_macro_attribute]
pub fn http_handler(attr: TokenStream, item: TokenStream) -> TokenStream {
    finish(http_handler_expand(attr.into(), item.into()))
}

fn http_handler_expand(attr: proc_macro2::TokenStream, item: proc_macro2::TokenStream) -> syn::Result<proc_macro2::TokenStream> {
    if !attr.is_empty() {
        return Err(syn::Error::new_spanned(attr, "#[handler] takes no arguments"));
    }
    let mut f: syn::ItemFn = syn::parse2(item)?;
    if f.sig.inputs.len() != 2 {
        return Err(syn::Error::new_spanned(&f.sig, "an HTTP handler takes exactly two arguments: (&mut HandlerContext, Request)"));
    }
    let name = f.sig.ident.clone();
    let vis = f.vis.clone();
    let name_str = name.to_string();
    let inner = quote::format_ident!("__lightcone_http_handler_{}", name);
    f.sig.ident = inner.clone();
    f.vis = syn::Visibility::Inherited;
    let export = format!("__preinit__20_register_http_handler_{name_str}");
    Ok(quote::quote! {
        #f
        #[allow(non_upper_case_globals)]
        #vis const #name: ::spacetimedb::http::Handler = ::spacetimedb::http::Handler::new(#name_str);
        const _: () = {
            #[export_name = #export]
            extern "C" fn __register() {
                let invoke: ::spacetimedb::rt::HttpHandlerFn = #inner;
                ::spacetimedb::rt::register_http_handler(#name_str, invoke);
            }
        };
    })
}

/// `#[spacetimedb::http::router]`: `fn router() -> Router`, the module's routes.
#[proc_macro_attribute]
pub fn http_router(attr: TokenStream, item: TokenStream) -> TokenStream {
    finish(http_router_expand(attr.into(), item.into()))
}

fn http_router_expand(attr: proc_macro2::TokenStream, item: proc_macro2::TokenStream) -> syn::Result<proc_macro2::TokenStream> {
    if !attr.is_empty() {
        return Err(syn::Error::new_spanned(attr, "#[router] takes no arguments"));
    }
    let f: syn::ItemFn = syn::parse2(item)?;
    if !f.sig.inputs.is_empty() {
        return Err(syn::Error::new_spanned(&f.sig, "an HTTP router function takes no arguments"));
    }
    let name = &f.sig.ident;
    Ok(quote::quote! {
        #f
        const _: () = {
            #[export_name = "__preinit__30_register_http_router"]
            extern "C" fn __register() {
                let router: fn() -> ::spacetimedb::http::Router = #name;
                ::spacetimedb::rt::register_http_router(router);
            }
        };
    })
}
