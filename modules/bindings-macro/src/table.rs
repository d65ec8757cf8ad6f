//! `#[table(...)]`: row type impls, table handles, index accessors and the
//! describer that emits the `RawTableDefV10`.

use crate::args::{self, attr_args, attr_name, ident_list, ident_str, Arg, ArgValue};
use crate::sats;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{DeriveInput, Error, Fields, Ident, ItemStruct, Result, Type};

#[derive(Clone, Copy, PartialEq)]
enum Algo {
    BTree,
    Hash,
    Direct,
}

impl Algo {
    fn suffix(self) -> &'static str {
        match self {
            Algo::BTree => "btree",
            Algo::Hash => "hash",
            Algo::Direct => "direct",
        }
    }
    fn tokens(self) -> TokenStream {
        match self {
            Algo::BTree => quote!(::spacetimedb::rt::IndexAlgorithm::BTree),
            Algo::Hash => quote!(::spacetimedb::rt::IndexAlgorithm::Hash),
            Algo::Direct => quote!(::spacetimedb::rt::IndexAlgorithm::Direct),
        }
    }
    fn from_name(s: &str) -> Option<Algo> {
        match s {
            "btree" => Some(Algo::BTree),
            "hash" => Some(Algo::Hash),
            "direct" => Some(Algo::Direct),
            _ => None,
        }
    }
}

struct Column {
    member: Ident,
    name: String,
    ty: Type,
    primary_key: bool,
    auto_inc: bool,
    unique: bool,
    index: Option<Algo>,
    scheduled_at: bool,
    /// `#[default(expr)]`, the value existing rows get when a migration adds the column.
    default: Option<syn::Expr>,
}

struct IndexSpec {
    accessor: String,
    algo: Algo,
    columns: Vec<usize>,
    unique: bool,
}

struct TableArgs {
    accessor: String,
    canonical: Option<String>,
    public: bool,
    event: bool,
    scheduled: Option<(String, Option<String>)>,
    indexes: Vec<(String, Algo, Vec<String>)>,
}

fn parse_index_arg(list: Vec<Arg>, span: Span) -> Result<(String, Algo, Vec<String>)> {
    // Guide form:    index(btree, name = idx, col_a, col_b)
    // Official form: index(accessor = idx, btree(columns = [col_a, col_b]))
    let mut name = None;
    let mut algo = None;
    let mut cols = Vec::new();
    for a in list {
        let key = a.key_str();
        match (&a.value, key.as_str()) {
            (ArgValue::Eq(_), "name" | "accessor") => name = Some(a.string_value()?),
            (ArgValue::Flag, k) if Algo::from_name(k).is_some() => algo = Algo::from_name(k),
            (ArgValue::List(_), k) if Algo::from_name(k).is_some() => {
                algo = Algo::from_name(k);
                for inner in a.list()? {
                    match &inner.value {
                        ArgValue::Eq(ts) => cols.extend(ident_list(ts)),
                        ArgValue::Flag => cols.push(inner.key_str()),
                        _ => return Err(Error::new(inner.span(), "expected `columns = [..]`")),
                    }
                }
            }
            (ArgValue::Eq(ts), "columns" | "column") => cols.extend(ident_list(ts)),
            (ArgValue::Flag, _) => cols.push(key),
            _ => return Err(Error::new(a.span(), format!("unexpected index argument `{key}`"))),
        }
    }
    let name = name.ok_or_else(|| Error::new(span, "a multi-column index needs `name = ...` (or `accessor = ...`)"))?;
    let algo = algo.unwrap_or(Algo::BTree);
    if cols.is_empty() {
        return Err(Error::new(span, "an index needs at least one column"));
    }
    Ok((name, algo, cols))
}

fn parse_table_args(list: Vec<Arg>) -> Result<TableArgs> {
    let mut name: Option<(String, bool)> = None;
    let mut accessor = None;
    let mut t = TableArgs { accessor: String::new(), canonical: None, public: false, event: false, scheduled: None, indexes: vec![] };
    for a in list {
        let key = a.key_str();
        match key.as_str() {
            "name" => name = Some((a.string_value()?, a.is_string_literal())),
            "accessor" => accessor = Some(a.string_value()?),
            "public" => t.public = true,
            "private" => t.public = false,
            "event" => t.event = true,
            "scheduled" => {
                // `scheduled(cleanup)`, `scheduled(crate::cleanup)` or
                // `scheduled(cleanup, at = scheduled_at)`.
                let ts = match &a.value {
                    ArgValue::List(ts) => ts.clone(),
                    _ => return Err(Error::new(a.span(), "expected `scheduled(reducer)`")),
                };
                let function = path_last_ident(&ts).ok_or_else(|| Error::new(a.span(), "scheduled(...) needs a reducer name"))?;
                let rest: TokenStream = ts
                    .into_iter()
                    .skip_while(|t| !matches!(t, proc_macro2::TokenTree::Punct(p) if p.as_char() == ','))
                    .skip(1)
                    .collect();
                let mut at = None;
                for i in args::parse(rest)? {
                    if i.key_str() == "at" {
                        at = Some(i.string_value()?);
                    }
                }
                t.scheduled = Some((function, at));
            }
            "index" => t.indexes.push(parse_index_arg(a.list()?, a.span())?),
            _ => return Err(Error::new(a.span(), format!("unknown table argument `{key}`"))),
        }
    }
    match (accessor, name) {
        (Some(acc), Some((n, true))) => {
            t.accessor = acc;
            t.canonical = Some(n);
        }
        (Some(acc), _) => t.accessor = acc,
        (None, Some((n, _))) => t.accessor = n,
        (None, None) => return Err(Error::new(Span::call_site(), "#[table] needs `name = ...` or `accessor = ...`")),
    }
    Ok(t)
}

/// `a::b::c` (possibly followed by `, at = x`) → `c`.
fn path_last_ident(ts: &TokenStream) -> Option<String> {
    let mut last = None;
    for t in ts.clone() {
        match t {
            proc_macro2::TokenTree::Ident(i) => last = Some(ident_str(&i)),
            proc_macro2::TokenTree::Punct(p) if p.as_char() == ',' => break,
            _ => {}
        }
    }
    last
}

pub fn expand(attr: TokenStream, item: TokenStream) -> Result<TokenStream> {
    let mut targs = parse_table_args(args::parse(attr)?)?;
    let mut st: ItemStruct = syn::parse2(item)?;

    // Struct-level helper attributes (guide spellings), consumed here.
    let mut rls_filters = Vec::new();
    let mut view_query: Option<String> = None;
    let mut kept = Vec::new();
    for a in std::mem::take(&mut st.attrs) {
        match attr_name(&a).as_str() {
            "index" => targs.indexes.push(parse_index_arg(attr_args(&a)?, Span::call_site())?),
            "event" => targs.event = true,
            "rls" => {
                for arg in attr_args(&a)? {
                    if arg.key_str() == "filter" {
                        rls_filters.push(arg.string_value()?);
                    }
                }
            }
            "view" => {
                for arg in attr_args(&a)? {
                    if arg.key_str() == "query" {
                        view_query = Some(arg.string_value()?);
                    }
                }
            }
            _ => kept.push(a),
        }
    }
    st.attrs = kept;

    if let Some(sql) = view_query {
        return crate::func::expand_struct_view(st, &targs.accessor, &sql, targs.public);
    }

    let fields = match &mut st.fields {
        Fields::Named(f) => &mut f.named,
        _ => return Err(Error::new_spanned(&st.ident, "#[table] needs a struct with named fields")),
    };
    let mut columns = Vec::new();
    for f in fields.iter_mut() {
        let member = f.ident.clone().unwrap();
        let mut col = Column {
            name: sats::sats_name(&f.attrs)?.unwrap_or_else(|| ident_str(&member)),
            member,
            ty: f.ty.clone(),
            primary_key: false,
            auto_inc: false,
            unique: false,
            index: None,
            scheduled_at: false,
            default: None,
        };
        let mut kept = Vec::new();
        for a in std::mem::take(&mut f.attrs) {
            match attr_name(&a).as_str() {
                "primary_key" | "primarykey" => col.primary_key = true,
                "auto_inc" | "autoinc" => col.auto_inc = true,
                "unique" => col.unique = true,
                "scheduled_at" => col.scheduled_at = true,
                "default" => col.default = Some(a.parse_args::<syn::Expr>()?),
                "index" => {
                    let mut algo = Algo::BTree;
                    for arg in attr_args(&a)? {
                        match Algo::from_name(&arg.key_str()) {
                            Some(x) => algo = x,
                            None => return Err(Error::new(arg.span(), "expected `btree`, `hash` or `direct`")),
                        }
                    }
                    col.index = Some(algo);
                }
                _ => kept.push(a),
            }
        }
        f.attrs = kept;
        columns.push(col);
    }

    let table = targs.accessor.clone();
    let vis = st.vis.clone();
    let row = st.ident.clone();

    // Index list: one per unique/primary-key column, then single-column
    // `#[index]` fields, then struct-level multi-column indexes.
    let mut indexes = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        if c.primary_key || c.unique {
            indexes.push(IndexSpec { accessor: c.name.clone(), algo: Algo::BTree, columns: vec![i], unique: true });
        }
    }
    for (i, c) in columns.iter().enumerate() {
        if let (Some(algo), false) = (c.index, c.primary_key || c.unique) {
            indexes.push(IndexSpec { accessor: c.name.clone(), algo, columns: vec![i], unique: false });
        }
    }
    for (name, algo, cols) in &targs.indexes {
        let mut ids = Vec::new();
        for c in cols {
            let pos = columns
                .iter()
                .position(|col| &col.name == c || ident_str(&col.member) == *c)
                .ok_or_else(|| Error::new(Span::call_site(), format!("index `{name}`: no column `{c}`")))?;
            ids.push(pos);
        }
        if *algo == Algo::Direct && ids.len() != 1 {
            return Err(Error::new(Span::call_site(), "direct indexes take exactly one column"));
        }
        indexes.push(IndexSpec { accessor: name.clone(), algo: *algo, columns: ids, unique: false });
    }

    let pks: Vec<usize> = columns.iter().enumerate().filter(|(_, c)| c.primary_key).map(|(i, _)| i).collect();
    if pks.len() > 1 {
        return Err(Error::new_spanned(&row, "at most one #[primary_key] column"));
    }
    let primary_key = match pks.first() {
        Some(&i) => {
            let i = i as u16;
            quote!(::std::option::Option::Some(#i))
        }
        None => quote!(::std::option::Option::None),
    };
    let unique_cols: Vec<u16> = columns.iter().enumerate().filter(|(_, c)| c.primary_key || c.unique).map(|(i, _)| i as u16).collect();
    let seq_cols: Vec<u16> = columns.iter().enumerate().filter(|(_, c)| c.auto_inc).map(|(i, _)| i as u16).collect();
    // `#[default(expr)]`: the value a migration gives existing rows when this column is added, as BSATN of the
    // column's type (the expression is converted with `Into`, so `#[default(5)]` and `#[default("x")]` work).
    let default_values: Vec<TokenStream> = columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let expr = c.default.as_ref()?;
            let ty = &c.ty;
            let col = i as u16;
            Some(quote!((#col, {
                let __v: #ty = ::core::convert::Into::into(#expr);
                let mut __w = ::std::vec::Vec::new();
                ::spacetimedb::bsatn::Serialize::serialize(&__v, &mut __w);
                __w
            })))
        })
        .collect();

    let schedule = match &targs.scheduled {
        Some((function, at)) => {
            let pos = columns
                .iter()
                .position(|c| match at {
                    Some(a) => &c.name == a,
                    None => c.scheduled_at,
                })
                .or_else(|| columns.iter().position(|c| c.name == "scheduled_at"))
                .or_else(|| columns.iter().position(|c| type_last_ident(&c.ty).as_deref() == Some("ScheduleAt")))
                .ok_or_else(|| Error::new_spanned(&row, "a scheduled table needs a `ScheduleAt` column (`scheduled_at`)"))?;
            let pos = pos as u16;
            quote!(::std::option::Option::Some((#function, #pos)))
        }
        None => quote!(::std::option::Option::None),
    };

    let handle = format_ident!("{}__TableHandle", table);
    let ro_handle = format_ident!("{}__ReadOnlyTableHandle", table);
    let accessor_trait = Ident::new(&table, Span::call_site());
    let accessor_ro_trait = format_ident!("{}__ReadOnly", table);
    let accessor_fn = Ident::new(&table, Span::call_site());

    let index_descs: Vec<TokenStream> = indexes
        .iter()
        .map(|ix| {
            let source = index_source_name(&table, &columns, ix);
            let acc = &ix.accessor;
            let algo = ix.algo.tokens();
            let cols: Vec<u16> = ix.columns.iter().map(|&c| c as u16).collect();
            quote!(::spacetimedb::rt::IndexDesc {
                source_name: #source.to_owned(),
                accessor_name: ::std::option::Option::Some(#acc.to_owned()),
                algorithm: #algo,
                columns: ::std::vec![#(#cols),*],
            })
        })
        .collect();

    let mut index_items = Vec::new();
    for ix in &indexes {
        let marker = format_ident!("{}__{}__Index", table, ix.accessor);
        let source = index_source_name(&table, &columns, ix);
        let acc_fn = Ident::new(&ix.accessor, Span::call_site());
        let col_tys: Vec<&Type> = ix.columns.iter().map(|&c| &columns[c].ty).collect();
        index_items.push(quote! {
            #[allow(non_camel_case_types)]
            #[doc(hidden)]
            #vis struct #marker;
            impl ::spacetimedb::rt::IndexDef for #marker {
                type Table = #handle;
                type Cols = (#(#col_tys,)*);
                const INDEX_NAME: &'static str = #source;
                fn index_id() -> u32 {
                    static ID: ::spacetimedb::rt::IdCache = ::spacetimedb::rt::IdCache::new();
                    ID.get(|| ::spacetimedb::rt::index_id_from_name(#source))
                }
            }
        });
        if ix.unique {
            let c = &columns[ix.columns[0]];
            let (cty, cmem) = (&c.ty, &c.member);
            index_items.push(quote! {
                impl ::spacetimedb::rt::UniqueIndexDef for #marker {
                    type Col = #cty;
                    fn column(row: &#row) -> &#cty { &row.#cmem }
                }
                impl #handle {
                    #vis fn #acc_fn(&self) -> ::spacetimedb::UniqueColumn<#marker> { ::spacetimedb::UniqueColumn::new() }
                }
                impl #ro_handle {
                    #vis fn #acc_fn(&self) -> ::spacetimedb::UniqueColumnReadOnly<#marker> { ::spacetimedb::UniqueColumnReadOnly::new() }
                }
            });
        } else {
            index_items.push(quote! {
                impl #handle {
                    #vis fn #acc_fn(&self) -> ::spacetimedb::RangedIndex<#marker> { ::spacetimedb::RangedIndex::new() }
                }
                impl #ro_handle {
                    #vis fn #acc_fn(&self) -> ::spacetimedb::RangedIndexReadOnly<#marker> { ::spacetimedb::RangedIndexReadOnly::new() }
                }
            });
        }
    }

    let auto_inc_members: Vec<&Ident> = columns.iter().filter(|c| c.auto_inc).map(|c| &c.member).collect();
    let auto_inc_tys: Vec<&Type> = columns.iter().filter(|c| c.auto_inc).map(|c| &c.ty).collect();

    // RLS SQL is resolved against canonical names, so use the explicit name if any.
    let sql_table = targs.canonical.clone().unwrap_or_else(|| table.clone());
    let rls_sql: Vec<String> = rls_filters.iter().map(|f| format!("SELECT * FROM {sql_table} WHERE {f}")).collect();
    let explicit = match &targs.canonical {
        Some(canon) => quote!(__b.add_explicit_name(0, #table, #canon);),
        None => quote!(),
    };
    let public = targs.public;
    let is_event = targs.event;
    let register_export = format!("__preinit__20_register_describer_table_{table}");

    let derive_input: DeriveInput = st.clone().into();
    let sats_impls = sats::derive(&derive_input)?;

    Ok(quote! {
        #st
        #sats_impls

        #[allow(non_camel_case_types)]
        #[doc(hidden)]
        #vis struct #handle { _priv: () }

        #[allow(non_camel_case_types)]
        #[doc(hidden)]
        #vis struct #ro_handle { _priv: () }

        impl ::spacetimedb::rt::TableDef for #handle {
            type Row = #row;
            const TABLE_NAME: &'static str = #table;
            fn table_id() -> u32 {
                static ID: ::spacetimedb::rt::IdCache = ::spacetimedb::rt::IdCache::new();
                ID.get(|| ::spacetimedb::rt::table_id_from_name(#table))
            }
            #[allow(unused_variables)]
            fn integrate_generated(__row: &mut #row, __r: &mut ::spacetimedb::bsatn::Reader<'_>) {
                #(
                    if <#auto_inc_tys as ::spacetimedb::rt::AutoIncColumn>::is_zero(&__row.#auto_inc_members) {
                        __row.#auto_inc_members = ::spacetimedb::rt::read_generated(__r, #table);
                    }
                )*
            }
        }
        impl ::spacetimedb::Table for #handle {}
        impl ::spacetimedb::ReadOnlyTable for #ro_handle { type Def = #handle; }
        // Inherent too, so views need no trait import for these.
        impl #ro_handle {
            #vis fn count(&self) -> u64 { ::spacetimedb::ReadOnlyTable::count(self) }
            #vis fn iter(&self) -> ::spacetimedb::RowIter<#row> { ::spacetimedb::ReadOnlyTable::iter(self) }
        }

        #[allow(non_camel_case_types)]
        #vis trait #accessor_trait {
            fn #accessor_fn(&self) -> #handle;
        }
        impl #accessor_trait for ::spacetimedb::Local {
            #[inline]
            fn #accessor_fn(&self) -> #handle { #handle { _priv: () } }
        }
        #[allow(non_camel_case_types)]
        #vis trait #accessor_ro_trait {
            fn #accessor_fn(&self) -> #ro_handle;
        }
        impl #accessor_ro_trait for ::spacetimedb::LocalReadOnly {
            #[inline]
            fn #accessor_fn(&self) -> #ro_handle { #ro_handle { _priv: () } }
        }

        #(#index_items)*

        const _: () = {
            #[export_name = #register_export]
            extern "C" fn __register() {
                ::spacetimedb::rt::register_table(#table, __describe);
            }
            fn __describe(__b: &mut ::spacetimedb::rt::ModuleBuilder) {
                let row_type = <#row as ::spacetimedb::SpacetimeType>::make_type(&mut __b.typespace);
                __b.add_table(::spacetimedb::rt::TableDesc {
                    name: #table,
                    row_type,
                    primary_key: #primary_key,
                    indexes: ::std::vec![#(#index_descs),*],
                    unique_columns: ::std::vec![#(#unique_cols),*],
                    sequences: ::std::vec![#(#seq_cols),*],
                    public: #public,
                    is_event: #is_event,
                    schedule: #schedule,
                    default_values: ::std::vec![#(#default_values),*],
                });
                #( __b.add_row_level_security(#rls_sql.to_owned()); )*
                #explicit
            }
        };
    })
}

fn index_source_name(table: &str, columns: &[Column], ix: &IndexSpec) -> String {
    let cols: Vec<&str> = ix.columns.iter().map(|&c| columns[c].name.as_str()).collect();
    format!("{}_{}_idx_{}", table, cols.join("_"), ix.algo.suffix())
}

pub fn type_last_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| ident_str(&s.ident)),
        Type::Reference(r) => type_last_ident(&r.elem),
        _ => None,
    }
}

/// `#[event]`, `#[rls(..)]`, `#[index(..)]` or `#[view(query = ..)]` written
/// *above* `#[table]`: move the attribute below `#[table]` so that the table
/// macro (which expands first then) consumes it.
pub fn reorder_below_table(helper: &str, attr: TokenStream, item: TokenStream) -> Result<Option<TokenStream>> {
    let mut st: ItemStruct = match syn::parse2(item) {
        Ok(s) => s,
        Err(_) => return Ok(None),
    };
    let pos = match st.attrs.iter().position(|a| attr_name(a) == "table") {
        Some(p) => p,
        None => return Ok(None),
    };
    let helper = Ident::new(helper, Span::call_site());
    let moved: syn::Attribute = syn::parse_quote!(#[#helper(#attr)]);
    st.attrs.insert(pos + 1, moved);
    Ok(Some(quote!(#st)))
}
