package dev.lightcone.executor;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One HTTP header as the module ABI carries it ({@code HttpHeaderPair}): a name and the value's bytes. */
public record HttpHeader(String name, byte[] value) {

    public HttpHeader {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpHeader h && name.equals(h.name) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return name + ": " + new String(value, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code HttpHeaders}: a product of one array of (name, value bytes). */
    static void writeAll(BsatnWriter w, List<HttpHeader> headers) {
        w.writeU32(headers.size());
        for (HttpHeader h : headers) {
            w.writeString(h.name);
            w.writeBytes(h.value);
        }
    }

    /** Reads {@code HttpHeaders}. */
    static List<HttpHeader> readAll(BsatnReader r) {
        int n = r.readLength(8);
        List<HttpHeader> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new HttpHeader(r.readString(), r.readBytes()));
        }
        return out;
    }
}
