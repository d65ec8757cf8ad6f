package dev.lightcone.materializer.sql;

/** {@code :sender}: the caller's identity. */
public record SenderParam() implements Expr {
    @Override
    public String toString() {
        return ":sender";
    }
}
