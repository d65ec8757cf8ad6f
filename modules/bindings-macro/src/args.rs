//! A forgiving parser for attribute arguments.
//!
//! syn 1's `AttributeArgs` only accepts literals after `=`, but the module API
//! writes `name = users`, `columns = [a, b]` and `scheduled(cleanup)`. Each
//! argument is therefore kept as raw tokens and interpreted by its consumer.

use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};
use syn::{Attribute, Error, LitStr, Result};

pub enum ArgValue {
    /// `key`
    Flag,
    /// `key = tokens`
    Eq(TokenStream),
    /// `key(tokens)`
    List(TokenStream),
}

pub struct Arg {
    pub key: Ident,
    pub value: ArgValue,
}

impl Arg {
    pub fn key_str(&self) -> String {
        ident_str(&self.key)
    }

    pub fn span(&self) -> Span {
        self.key.span()
    }

    /// The value of `key = ident` or `key = "string"`.
    pub fn string_value(&self) -> Result<String> {
        match &self.value {
            ArgValue::Eq(ts) => name_of(ts).ok_or_else(|| Error::new(self.span(), format!("`{}` expects an identifier or a string", self.key))),
            _ => Err(Error::new(self.span(), format!("`{}` expects `= value`", self.key))),
        }
    }

    /// True when the value is a string literal (`name = "x"`), which the
    /// official 2.x crate uses for canonical names.
    pub fn is_string_literal(&self) -> bool {
        match &self.value {
            ArgValue::Eq(ts) => matches!(ts.clone().into_iter().next(), Some(TokenTree::Literal(_))),
            _ => false,
        }
    }

    pub fn list(&self) -> Result<Vec<Arg>> {
        match &self.value {
            ArgValue::List(ts) => parse(ts.clone()),
            _ => Err(Error::new(self.span(), format!("`{}` expects `(...)`", self.key))),
        }
    }
}

pub fn ident_str(i: &Ident) -> String {
    let s = i.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}

/// `ident` or `"string"` → its text.
pub fn name_of(ts: &TokenStream) -> Option<String> {
    let tokens: Vec<TokenTree> = ts.clone().into_iter().collect();
    if tokens.len() != 1 {
        // Allow paths such as `crate::foo` by taking the last identifier.
        if tokens.iter().all(|t| matches!(t, TokenTree::Ident(_) | TokenTree::Punct(_))) {
            return tokens.iter().rev().find_map(|t| match t {
                TokenTree::Ident(i) => Some(ident_str(i)),
                _ => None,
            });
        }
        return None;
    }
    match &tokens[0] {
        TokenTree::Ident(i) => Some(ident_str(i)),
        TokenTree::Literal(_) => syn::parse2::<LitStr>(ts.clone()).ok().map(|l| l.value()),
        _ => None,
    }
}

/// Identifiers inside `[a, b]` (or bare `a`).
pub fn ident_list(ts: &TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    for t in ts.clone() {
        match t {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => out.extend(ident_list(&g.stream())),
            TokenTree::Ident(i) => out.push(ident_str(&i)),
            _ => {}
        }
    }
    out
}

pub fn parse(ts: TokenStream) -> Result<Vec<Arg>> {
    let mut out = Vec::new();
    let mut it = ts.into_iter().peekable();
    while let Some(tok) = it.next() {
        let key = match tok {
            TokenTree::Ident(i) => i,
            other => return Err(Error::new(other.span(), "expected an attribute argument name")),
        };
        // Skip path prefixes like `spacetimedb::` in flags (rare, but harmless).
        let value = match it.peek() {
            Some(TokenTree::Punct(p)) if p.as_char() == '=' => {
                it.next();
                let mut v = TokenStream::new();
                while let Some(t) = it.peek() {
                    if let TokenTree::Punct(p) = t {
                        if p.as_char() == ',' {
                            break;
                        }
                    }
                    v.extend(std::iter::once(it.next().unwrap()));
                }
                ArgValue::Eq(v)
            }
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
                let s = g.stream();
                it.next();
                ArgValue::List(s)
            }
            _ => ArgValue::Flag,
        };
        out.push(Arg { key, value });
        match it.next() {
            None => break,
            Some(TokenTree::Punct(p)) if p.as_char() == ',' => {}
            Some(other) => return Err(Error::new(other.span(), "expected `,`")),
        }
    }
    Ok(out)
}

/// The last path segment of an attribute (`spacetimedb::table` → `table`).
pub fn attr_name(attr: &Attribute) -> String {
    attr.path.segments.last().map(|s| ident_str(&s.ident)).unwrap_or_default()
}

/// The tokens inside an attribute's parentheses (empty for `#[flag]`).
pub fn attr_tokens(attr: &Attribute) -> TokenStream {
    let mut it = attr.tokens.clone().into_iter();
    match (it.next(), it.next()) {
        (Some(TokenTree::Group(g)), None) if g.delimiter() == Delimiter::Parenthesis => g.stream(),
        _ => attr.tokens.clone(),
    }
}

pub fn attr_args(attr: &Attribute) -> Result<Vec<Arg>> {
    parse(attr_tokens(attr))
}
