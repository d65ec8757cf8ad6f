//! Benchmark module: accounts with integer balances and a transfer reducer.
//! Kept lean on purpose: a transfer is two primary-key lookups and two updates.

use spacetimedb::{reducer, table, ReducerContext, Table, TryInsertError};

#[table(accessor = accounts, public)]
pub struct Account {
    #[primary_key]
    pub id: u32,
    pub balance: i64,
}

const INITIAL_BALANCE: i64 = 1000;

/// Creates accounts `0..n` with balance 1000, leaving existing ones alone.
#[reducer]
pub fn seed(ctx: &ReducerContext, n: u32) -> Result<(), String> {
    let accounts = ctx.db.accounts();
    for id in 0..n {
        // One host call per account: an existing id is a unique violation
        // (or, with an unchanged balance, a no-op insert of an identical row).
        match accounts.try_insert(Account { id, balance: INITIAL_BALANCE }) {
            Ok(_) | Err(TryInsertError::UniqueConstraintViolation { .. }) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(())
}

#[reducer]
pub fn transfer(ctx: &ReducerContext, from: u32, to: u32, amount: i64) -> Result<(), String> {
    if amount < 0 {
        return Err("amount must not be negative".to_string());
    }
    let accounts = ctx.db.accounts();
    let mut src = accounts.id().find(from).ok_or_else(|| format!("no account {from}"))?;
    if src.balance < amount {
        return Err("insufficient funds".to_string());
    }
    if from == to {
        return Ok(());
    }
    let mut dst = accounts.id().find(to).ok_or_else(|| format!("no account {to}"))?;
    src.balance -= amount;
    dst.balance += amount;
    accounts.id().update(src);
    accounts.id().update(dst);
    Ok(())
}
