package dev.lightcone.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory ({@code <data-dir>/lightcone.lock}, an OS file lock): {@code lightcone start}
 * holds it while serving, and the operator commands take it so they refuse to touch a directory a server is using.
 * The OS releases it when the process ends, however it ends.
 */
public final class DataDirLock implements AutoCloseable {
    /** The lock file's name in the data directory. */
    public static final String FILE = "lightcone.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dataDir} (creating it if needed).
     *
     * @throws CliException when another process (or this one) holds the lock
     */
    public static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        FileChannel ch = null;
        try {
            Files.createDirectories(dataDir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l != null) {
                return new DataDirLock(ch, l);
            }
        } catch (OverlappingFileLockException e) {
            // Held by this very process.
        } catch (IOException e) {
            closeQuietly(ch);
            throw new CliException("cannot lock the data directory " + dataDir + ": " + e.getMessage(),
                    CliException.FAILED, e);
        }
        closeQuietly(ch);
        throw new CliException("the data directory " + dataDir + " is in use (" + file + " is locked): "
                + "stop the server using it first");
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Nothing more to do.
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel releases it too.
        }
        closeQuietly(channel);
    }
}
