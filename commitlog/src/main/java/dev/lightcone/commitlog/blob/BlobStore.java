package dev.lightcone.commitlog.blob;

import dev.lightcone.commitlog.CommitLogException;
import dev.lightcone.commitlog.internal.AtomicFiles;
import dev.lightcone.commitlog.record.ContentHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.codec.digest.Blake3;

/**
 * Content-addressed files under a directory, {@code <algorithm>/<first two hex digits>/<hex>}, so a
 * {@code PublishModule} record can name large module bytes by hash instead of inlining them. Writes are
 * atomic and durable; reads verify the hash. Thread-safe: the same content always lands in the same file.
 */
public final class BlobStore {
    private final Path dir;

    private BlobStore(Path dir) {
        this.dir = dir;
    }

    /** A store rooted at {@code dir}, created if missing. */
    public static BlobStore open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CommitLogException("cannot create blob directory " + dir, e);
        }
        return new BlobStore(dir);
    }

    /** The hash of {@code bytes} under {@code algorithm}. */
    public static ContentHash hash(byte[] bytes, ContentHash.Algorithm algorithm) {
        if (algorithm == ContentHash.Algorithm.BLAKE3) {
            return ContentHash.of(algorithm, Blake3.hash(bytes));
        }
        try {
            return ContentHash.of(algorithm, MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Stores {@code bytes} under their BLAKE3 hash and returns it; storing the same bytes again is a no-op. */
    public ContentHash put(byte[] bytes) {
        return put(bytes, ContentHash.Algorithm.BLAKE3);
    }

    /** Stores {@code bytes} under their hash with {@code algorithm}. */
    public ContentHash put(byte[] bytes, ContentHash.Algorithm algorithm) {
        ContentHash hash = hash(bytes, algorithm);
        Path file = pathOf(hash);
        if (Files.exists(file)) {
            return hash;
        }
        try {
            AtomicFiles.write(file, out -> out.write(bytes));
        } catch (IOException e) {
            throw new CommitLogException("cannot store blob " + hash, e);
        }
        return hash;
    }

    /** Whether a blob with this name is stored (without verifying it). */
    public boolean contains(ContentHash hash) {
        return Files.exists(pathOf(hash));
    }

    /**
     * The bytes named by {@code hash}, or empty if none are stored.
     *
     * @throws CorruptBlobException if the stored bytes no longer match the hash
     */
    public Optional<byte[]> get(ContentHash hash) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pathOf(hash));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CommitLogException("cannot read blob " + hash, e);
        }
        if (!hash(bytes, hash.algorithm()).equals(hash)) {
            throw new CorruptBlobException(hash, "stored bytes do not match the hash");
        }
        return Optional.of(bytes);
    }

    Path pathOf(ContentHash hash) {
        return dir.resolve(hash.algorithm().name().toLowerCase(Locale.ROOT)).resolve(hash.hex().substring(0, 2))
                .resolve(hash.hex());
    }
}
