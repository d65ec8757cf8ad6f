package dev.lightcone.commitlog.snapshot;

import java.nio.file.Path;

/** A stored snapshot file, as named on disk (not yet verified). */
public record SnapshotInfo(long commandOffset, Path path) {
}
