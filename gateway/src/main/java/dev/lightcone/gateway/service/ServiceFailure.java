package dev.lightcone.gateway.service;

/** The kinds of refusal a {@link DatabaseService} reports with a {@link ServiceException}; the gateway maps each to a status. */
public enum ServiceFailure {
    /** The database (or another named thing) does not exist: 404. */
    NOT_FOUND,
    /** The caller is known but not allowed: 403. */
    FORBIDDEN,
    /** The caller must authenticate differently: 401. */
    UNAUTHORIZED,
    /** The request is invalid (bad SQL, bad module, bad parameter): 400. */
    BAD_REQUEST,
    /** The database is locked against this change (delete of a locked database): 403. */
    LOCKED,
    /** The node cannot serve the request now (shutting down, not ready): 503. */
    UNAVAILABLE,
    /** The change cannot be written: the disk is full (reads still work; writing resumes when space is freed): 507. */
    INSUFFICIENT_STORAGE
}
