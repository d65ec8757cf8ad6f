package dev.lightcone.sats.moduledef;

/** The lifecycle hooks a module may define, in the order of their BSATN tags. */
public enum Lifecycle {
    INIT,
    ON_CONNECT,
    ON_DISCONNECT;

    /** The hook's name as SpacetimeDB reports it in errors, e.g. {@code OnConnect}. */
    public String displayName() {
        return switch (this) {
            case INIT -> "Init";
            case ON_CONNECT -> "OnConnect";
            case ON_DISCONNECT -> "OnDisconnect";
        };
    }
}
