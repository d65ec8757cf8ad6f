package dev.lightcone.executor.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdkHttpEgressTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "0.0.0.0", "10.1.2.3", "172.16.0.1", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "224.0.0.1", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1"})
    void nonPublicAddressesAreRecognised(String address) throws Exception {
        assertFalse(JdkHttpEgress.isPublic(InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "100.128.0.1", "172.32.0.1", "2606:4700::1111"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertTrue(JdkHttpEgress.isPublic(InetAddress.getByName(address)), address);
    }

    @Test
    void timeoutDefaultsTo30SecondsAndIsClampedTo180() {
        assertEquals(Duration.ofSeconds(30), JdkHttpEgress.clampTimeout(0));
        assertEquals(Duration.ofSeconds(30), JdkHttpEgress.clampTimeout(-5));
        assertEquals(Duration.ofMillis(250), JdkHttpEgress.clampTimeout(250_000));
        assertEquals(Duration.ofSeconds(180), JdkHttpEgress.clampTimeout(3_600_000_000L));
    }

    @Test
    void requestsDecodeAsModuleAbi76() {
        byte[] req = new BsatnWriter().writeU8(9).writeString("PURGE")   // Extension("PURGE")
                .writeU32(1).writeString("x-a").writeBytes(new byte[] {'v'})
                .writeU8(0).writeU64(2_000_000)                        // Some(2 s)
                .writeString("https://example.com/").writeU8(3).toByteArray();
        JdkHttpEgress.Request r = JdkHttpEgress.decodeRequest(req);
        assertEquals("PURGE", r.method());
        assertEquals("x-a", r.headers().get(0).name());
        assertEquals(Duration.ofSeconds(2), r.timeout());
        assertEquals("https://example.com/", r.uri());
        assertEquals(3, r.version());
        byte[] noTimeout = new BsatnWriter().writeU8(0).writeU32(0).writeU8(1).writeString("http://a/").writeU8(2)
                .toByteArray();
        assertEquals(Duration.ofSeconds(30), JdkHttpEgress.decodeRequest(noTimeout).timeout());
        assertThrows(BsatnDecodeException.class, () -> JdkHttpEgress.decodeRequest(new byte[] {12}));
        byte[] trailing = new BsatnWriter().writeRaw(noTimeout).writeU8(0).toByteArray();
        assertThrows(BsatnDecodeException.class, () -> JdkHttpEgress.decodeRequest(trailing));
    }
}
