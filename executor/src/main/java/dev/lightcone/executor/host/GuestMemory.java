package dev.lightcone.executor.host;

import com.dylibso.chicory.runtime.Memory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked access to a module's linear memory with the reference host's rules: a NULL
 * pointer or a range outside memory traps (module-abi §1). Re-reads the memory size on every call
 * because the guest may have grown it.
 */
final class GuestMemory {
    private final Memory memory;

    GuestMemory(Memory memory) {
        this.memory = memory;
    }

    private long size() {
        return (long) memory.pages() * Memory.PAGE_SIZE;
    }

    /** Traps unless {@code [ptr, ptr+len)} is a non-NULL range inside memory. */
    void check(int ptr, int len) {
        long p = ptr & 0xFFFFFFFFL;
        long n = len & 0xFFFFFFFFL;
        if (p == 0) {
            throw new HostTrap("NULL pointer passed to a host function");
        }
        if (p + n > size()) {
            throw new HostTrap("pointer range " + p + "+" + n + " is outside linear memory of " + size() + " bytes");
        }
    }

    byte[] read(int ptr, int len) {
        check(ptr, len);
        return memory.readBytes(ptr, len);
    }

    void write(int ptr, byte[] bytes) {
        write(ptr, bytes, 0, bytes.length);
    }

    void write(int ptr, byte[] bytes, int off, int len) {
        check(ptr, len);
        memory.write(ptr, bytes, off, len);
    }

    int readU32(int ptr) {
        check(ptr, 4);
        return memory.readInt(ptr);
    }

    void writeU32(int ptr, int v) {
        check(ptr, 4);
        memory.writeI32(ptr, v);
    }

    void writeU64(int ptr, long v) {
        check(ptr, 8);
        memory.writeLong(ptr, v);
    }

    /** Reads strictly valid UTF-8, trapping otherwise. */
    String readUtf8(int ptr, int len) {
        byte[] b = read(ptr, len);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new HostTrap("string passed to a host function is not valid UTF-8");
        }
    }

    /** Reads UTF-8, replacing invalid sequences. */
    String readLossy(int ptr, int len) {
        return new String(read(ptr, len), StandardCharsets.UTF_8);
    }

    /** True if the range could be read without trapping. */
    boolean valid(int ptr, int len) {
        long p = ptr & 0xFFFFFFFFL;
        return p != 0 && p + (len & 0xFFFFFFFFL) <= size();
    }
}
