package dev.lightcone.executor.view;

import dev.lightcone.sats.LightconeException;

/** A function view trapped, ran out of time, returned an error or returned rows it may not return. */
public final class ViewFailedException extends LightconeException {
    private static final long serialVersionUID = 1L;
    private final String view;

    public ViewFailedException(String view, String reason) {
        super("view " + view + " failed: " + reason);
        this.view = view;
    }

    /** The view's canonical name. */
    public String view() {
        return view;
    }
}
