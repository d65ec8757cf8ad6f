package dev.lightcone.commitlog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many bytes the file system holding a directory can still take: checked before a log writes, so a full disk
 * refuses appends with a {@link DiskFullException} instead of failing inside a memory-mapped write. The one
 * implementation asks the file system; it is an interface because the file system is a boundary tests replace.
 */
@FunctionalInterface
public interface DiskSpace {
    /** The file system's own answer ({@link java.nio.file.FileStore#getUsableSpace()}). */
    DiskSpace FILE_STORE = dir -> Files.getFileStore(dir).getUsableSpace();

    /** Bytes still usable by this process on the file system holding {@code dir}. */
    long usableBytes(Path dir) throws IOException;
}
