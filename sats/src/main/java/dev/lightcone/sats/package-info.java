/**
 * The SATS type system: {@link dev.lightcone.sats.AlgebraicType}, {@link dev.lightcone.sats.AlgebraicValue}
 * and the special types ({@link dev.lightcone.sats.Identity}, {@link dev.lightcone.sats.ConnectionId},
 * {@link dev.lightcone.sats.Timestamp}, {@link dev.lightcone.sats.TimeDuration}, {@link dev.lightcone.sats.ScheduleAt}).
 */
package dev.lightcone.sats;
