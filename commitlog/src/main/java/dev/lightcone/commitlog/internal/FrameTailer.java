package dev.lightcone.commitlog.internal;

import dev.lightcone.commitlog.LogTailer;

/** A {@link LogTailer} over raw frames. */
public interface FrameTailer extends LogTailer<Frame> {
}
