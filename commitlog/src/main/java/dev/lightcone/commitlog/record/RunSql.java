package dev.lightcone.commitlog.record;

import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;

/**
 * A SQL data-manipulation statement ({@code INSERT}, {@code UPDATE}, {@code DELETE}) by the
 * database's owner. It changes state, so it is an input like a reducer call: replaying it over the
 * same state gives the same result.
 */
public record RunSql(Identity caller, Timestamp timestamp, String sql) implements Command {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visitRunSql(this);
    }

}
