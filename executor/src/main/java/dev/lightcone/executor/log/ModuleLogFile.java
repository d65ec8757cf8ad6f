package dev.lightcone.executor.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database's module log on disk, so its lines outlive restarts and republishes: newline-delimited JSON in
 * {@code module.log}, rotated like a server log when it passes {@code maxBytes} ({@code module.log.1} is the
 * newest rotated file, up to {@code module.log.<keep>}); the disk used is bounded by about
 * {@code (keep + 1) * maxBytes}. Lines are handed to the operating system as they are written (no fsync: a
 * crash may lose the last lines, never the database). A torn last line is skipped when reading. Thread-safe.
 */
public final class ModuleLogFile implements AutoCloseable {
    /** The default size at which the current file is rotated. */
    public static final long DEFAULT_MAX_BYTES = 4L << 20;
    /** The default number of rotated files kept. */
    public static final int DEFAULT_KEEP = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ModuleLogFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "module.log";

    private final Path dir;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;
    private long size;
    private boolean failing;

    private ModuleLogFile(Path dir, long maxBytes, int keep) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.keep = keep;
        Files.createDirectories(dir);
        openCurrent();
    }

    /** Opens (creating if needed) the module log kept in {@code dir}. */
    public static ModuleLogFile open(Path dir, long maxBytes, int keep) {
        if (maxBytes <= 0 || keep < 0) {
            throw new IllegalArgumentException("maxBytes must be positive and keep non-negative");
        }
        try {
            return new ModuleLogFile(dir, maxBytes, keep);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the module log in " + dir, e);
        }
    }

    private void openCurrent() throws IOException {
        Path current = dir.resolve(NAME);
        out = Files.newOutputStream(current, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(current);
        if (size > 0 && !endsWithNewline(current)) {
            // A line torn by a crash: end it, so it stays one unreadable line and the next one is whole.
            out.write('\n');
            size++;
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (var channel = Files.newByteChannel(file)) {
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            channel.position(channel.size() - 1).read(last);
            return last.get(0) == '\n';
        }
    }

    /**
     * Appends one line. A write that fails is reported once in the server log and the line is kept in memory
     * only: a full disk must not fail the reducer that logged.
     */
    public synchronized void append(ModuleLogRecord r) {
        try {
            byte[] line = line(r);
            if (size > 0 && size + line.length > maxBytes) {
                rotate();
            }
            out.write(line);
            out.flush();
            size += line.length;
            failing = false;
        } catch (IOException e) {
            if (!failing) {
                LOG.warn("cannot write the module log in {}; lines are kept in memory only until writes succeed", dir, e);
            }
            failing = true;
        }
    }

    private void rotate() throws IOException {
        out.close();
        if (keep == 0) {
            Files.deleteIfExists(dir.resolve(NAME));
        } else {
            Files.deleteIfExists(rotated(keep));
            for (int i = keep - 1; i >= 1; i--) {
                if (Files.exists(rotated(i))) {
                    Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(dir.resolve(NAME), rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        openCurrent();
    }

    private Path rotated(int n) {
        return dir.resolve(NAME + "." + n);
    }

    /** The last {@code n} lines on disk (all when n is negative), oldest first. */
    public synchronized List<ModuleLogRecord> tail(int n) {
        ArrayDeque<ModuleLogRecord> lines = new ArrayDeque<>();
        List<Path> files = new ArrayList<>();
        for (int i = keep; i >= 1; i--) {
            files.add(rotated(i));
        }
        files.add(dir.resolve(NAME));
        for (Path f : files) {
            try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                for (String text = in.readLine(); text != null; text = in.readLine()) {
                    ModuleLogRecord r = parse(text);
                    if (r == null) {
                        continue;
                    }
                    lines.addLast(r);
                    if (n >= 0 && lines.size() > n) {
                        lines.removeFirst();
                    }
                }
            } catch (NoSuchFileException e) {
                // Not rotated that far yet.
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the module log " + f, e);
            }
        }
        return new ArrayList<>(lines);
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("cannot close the module log in {}", dir, e);
        }
    }

    private static byte[] line(ModuleLogRecord r) throws JsonProcessingException {
        ObjectNode o = JSON.createObjectNode();
        o.put("level", r.level().name());
        o.put("ts", r.timestampMicros());
        o.put("target", r.target());
        o.put("filename", r.filename());
        o.put("line", r.line());
        o.put("function", r.function());
        o.put("message", r.message());
        byte[] json = JSON.writeValueAsBytes(o);
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    /** One stored line, or null for a line that is not one (the torn end of a crash). */
    private static ModuleLogRecord parse(String text) {
        try {
            JsonNode o = JSON.readTree(text);
            if (o == null || !o.isObject() || !o.has("level") || !o.has("message")) {
                return null;
            }
            return new ModuleLogRecord(LogLevel.valueOf(o.get("level").asText()), o.path("ts").asLong(),
                    text(o, "target"), text(o, "filename"), o.path("line").asInt(-1), text(o, "function"),
                    o.get("message").asText());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
