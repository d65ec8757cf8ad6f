package dev.lightcone.materializer.plan;

import dev.lightcone.materializer.sql.SqlException;
import dev.lightcone.sats.Identity;

/** The caller may not run this statement (DML by a non-owner, DML on a view). */
public final class SqlAuthorizationException extends SqlException {
    private static final long serialVersionUID = 1L;

    public SqlAuthorizationException(String message) {
        super(message);
    }

    /** DML by anyone but the owner. */
    public static SqlAuthorizationException dml(Identity caller) {
        return new SqlAuthorizationException("SqlCaller " + caller.toHex() + " is not authorized to run SQL DML statements");
    }

    /** DML naming a view. */
    public static SqlAuthorizationException viewDml(String view) {
        return new SqlAuthorizationException("`" + view + "` is a view; DML on views is not supported");
    }
}
