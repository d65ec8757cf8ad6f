package dev.lightcone.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key pair is created once in the data directory and reused, so tokens survive restarts. */
class SigningKeysTest {

    @Test
    void createdOnFirstStartAndReusedAfter(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        SigningKeys first = SigningKeys.loadOrCreate(data);
        assertTrue(Files.exists(data.resolve(SigningKeys.PRIVATE_KEY_FILE)));
        assertEquals(first.publicKeyPem(), Files.readString(data.resolve(SigningKeys.PUBLIC_KEY_FILE)));
        assertTrue(first.publicKeyPem().startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertTrue(first.publicKeyPem().endsWith("-----END PUBLIC KEY-----\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve(SigningKeys.PRIVATE_KEY_FILE))));

        SigningKeys second = SigningKeys.loadOrCreate(data);
        assertEquals(first.publicKeyPem(), second.publicKeyPem());
        String token = TokenService.local(first).mintIdentity().token();
        TokenService.local(second).validate(token);
    }

    @Test
    void aHalfPresentPairIsRefused(@TempDir Path dir) throws Exception {
        SigningKeys.loadOrCreate(dir);
        Files.delete(dir.resolve(SigningKeys.PUBLIC_KEY_FILE));
        assertThrows(SigningKeys.KeyStoreException.class, () -> SigningKeys.loadOrCreate(dir));
    }

    @Test
    void mismatchedFilesAreRefused() {
        SigningKeys a = SigningKeys.generate();
        SigningKeys b = SigningKeys.generate();
        assertThrows(SigningKeys.KeyStoreException.class, () -> SigningKeys.fromPem(a.publicKeyPem(), b.privateKeyPem()));
        assertThrows(SigningKeys.KeyStoreException.class, () -> SigningKeys.fromPem("junk", a.privateKeyPem()));
    }
}
