package dev.lightcone.gateway.auth;

import dev.lightcone.sats.LightconeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's ES256 (P-256) signing key pair. {@link #loadOrCreate(Path)} keeps it in the data directory as
 * {@value #PRIVATE_KEY_FILE} (PKCS#8 PEM, owner-only where the file system allows) and {@value #PUBLIC_KEY_FILE}
 * (SubjectPublicKeyInfo PEM), creating both on first start and reusing them afterwards, so tokens stay valid across
 * restarts.
 */
public final class SigningKeys {
    /** The private key's file name in the data directory. */
    public static final String PRIVATE_KEY_FILE = "id_ecdsa";
    /** The public key's file name in the data directory. */
    public static final String PUBLIC_KEY_FILE = "id_ecdsa.pub";

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    private final ECPublicKey publicKey;
    private final ECPrivateKey privateKey;

    private SigningKeys(ECPublicKey publicKey, ECPrivateKey privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** The signing keys could not be read, created or matched. */
    public static final class KeyStoreException extends LightconeException {
        private static final long serialVersionUID = 1L;

        KeyStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A fresh key pair held in memory only (tests, ephemeral servers). */
    public static SigningKeys generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            return new SigningKeys((ECPublicKey) kp.getPublic(), (ECPrivateKey) kp.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new KeyStoreException("this JVM cannot generate P-256 keys", e);
        }
    }

    /** Reads the key pair from {@code dataDir}, or creates and stores one if neither file exists. */
    public static SigningKeys loadOrCreate(Path dataDir) {
        Path priv = dataDir.resolve(PRIVATE_KEY_FILE);
        Path pub = dataDir.resolve(PUBLIC_KEY_FILE);
        try {
            boolean hasPriv = Files.exists(priv);
            boolean hasPub = Files.exists(pub);
            if (hasPriv && hasPub) {
                SigningKeys keys = fromPem(Files.readString(pub, StandardCharsets.US_ASCII),
                        Files.readString(priv, StandardCharsets.US_ASCII));
                LOG.info("loaded signing keys dir={}", dataDir);
                return keys;
            }
            if (hasPriv || hasPub) {
                throw new KeyStoreException("only one of " + priv + " and " + pub + " exists; restore or remove it",
                        null);
            }
            Files.createDirectories(dataDir);
            SigningKeys keys = generate();
            writeOwnerOnly(priv, keys.privateKeyPem());
            writeOwnerOnly(pub, keys.publicKeyPem());
            LOG.info("created signing keys dir={}", dataDir);
            return keys;
        } catch (IOException e) {
            throw new KeyStoreException("cannot read or write signing keys in " + dataDir, e);
        }
    }

    /** Parses a SubjectPublicKeyInfo PEM and a PKCS#8 PEM, checking that they form a pair. */
    public static SigningKeys fromPem(String publicPem, String privatePem) {
        try {
            KeyFactory kf = KeyFactory.getInstance("EC");
            ECPublicKey pub = (ECPublicKey) kf.generatePublic(new X509EncodedKeySpec(pemBody(publicPem, "PUBLIC KEY")));
            ECPrivateKey priv = (ECPrivateKey) kf.generatePrivate(
                    new PKCS8EncodedKeySpec(pemBody(privatePem, "PRIVATE KEY")));
            SigningKeys keys = new SigningKeys(pub, priv);
            keys.checkPair();
            return keys;
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new KeyStoreException("signing key PEM files are not a P-256 key pair", e);
        }
    }

    private void checkPair() throws GeneralSecurityException {
        byte[] probe = "lightcone key check".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(privateKey);
        s.update(probe);
        byte[] sig = s.sign();
        s.initVerify(publicKey);
        s.update(probe);
        if (!s.verify(sig)) {
            throw new GeneralSecurityException("the public key does not match the private key");
        }
    }

    private static byte[] pemBody(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("not a PEM " + label);
        }
        return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            LOG.debug("no POSIX permissions on this file system file={}", tmp);
            Files.createFile(tmp);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("concurrent key creation in " + file.getParent(), e);
        }
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file);
        }
    }

    /** The public key. */
    public ECPublicKey publicKey() {
        return publicKey;
    }

    /** The private key. */
    public ECPrivateKey privateKey() {
        return privateKey;
    }

    /** The public key as SubjectPublicKeyInfo PEM, as {@code GET /v1/identity/public-key} serves it. */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** The private key as PKCS#8 PEM. */
    public String privateKeyPem() {
        return pem("PRIVATE KEY", privateKey.getEncoded());
    }
}
