package dev.lightcone.commitlog.blob;

import dev.lightcone.commitlog.CommitLogException;
import dev.lightcone.commitlog.record.ContentHash;

/** A stored blob whose bytes no longer hash to its name. */
public final class CorruptBlobException extends CommitLogException {
    private static final long serialVersionUID = 1L;
    private final transient ContentHash hash;

    public CorruptBlobException(ContentHash hash, String message) {
        super("blob " + hash + ": " + message);
        this.hash = hash;
    }

    /** The name of the bad blob. */
    public ContentHash hash() {
        return hash;
    }
}
