package dev.lightcone.executor.host;

import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;

/**
 * Who is calling a module function and when: the values packed into {@code __call_reducer__}'s
 * arguments. The timestamp comes from the command record, never from the wall clock, so replay
 * gives the same result.
 */
public record CallContext(Identity caller, ConnectionId connectionId, Timestamp timestamp) {
}
