package dev.lightcone.executor.host;

import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Outbound HTTP for procedures on {@link java.net.http.HttpClient}, with the rules of module-abi
 * §5.4 and semantics §7: the timeout defaults to 30 s and is clamped to 180 s; requests to
 * loopback, private, link-local and other non-public addresses are refused unless allowed (tests
 * talk to a local server); redirects are not followed, so a public server cannot bounce a request
 * to a private address.
 */
public final class JdkHttpEgress implements HttpEgress {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(180);

    /** Headers {@link HttpClient} sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade");
    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
        "PATCH"};
    private static final int VERSION_HTTP11 = 2;
    private static final int VERSION_HTTP2 = 3;

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final boolean allowPrivateAddresses;

    /**
     * @param allowPrivateAddresses true to let procedures reach loopback and private networks
     *                              (tests, trusted deployments)
     */
    public JdkHttpEgress(boolean allowPrivateAddresses) {
        this.allowPrivateAddresses = allowPrivateAddresses;
    }

    /** The decoded BSATN {@code HttpRequest} of module-abi §7.6. */
    record Request(String method, List<Header> headers, Duration timeout, String uri, int version) {
    }

    record Header(String name, byte[] value) {
    }

    @Override
    public Response send(byte[] requestBsatn, byte[] body) {
        Request req = decodeRequest(requestBsatn);
        URI uri = checkedUri(req.uri());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(req.timeout())
                .version(req.version() == VERSION_HTTP2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
        try {
            b.method(req.method(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Header h : req.headers()) {
                if (!RESTRICTED_HEADERS.contains(h.name().toLowerCase(Locale.ROOT))) {
                    b.header(h.name(), new String(h.value(), java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new HttpEgressException("invalid request: " + e.getMessage());
        }
        CompletableFuture<HttpResponse<byte[]>> pending = CLIENT.sendAsync(b.build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> resp;
        try {
            // The request timeout only covers the headers; this bounds the body as well.
            resp = pending.get(req.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new HttpEgressException("request to " + uri + " timed out after " + req.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String msg = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new HttpEgressException("request to " + uri + " failed: " + msg);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new HostTrap("interrupted while waiting for an HTTP response", e);
        }
        return new Response(encodeResponse(resp), resp.body());
    }

    /** The URI if it is absolute http(s) and every address it resolves to may be contacted. */
    private URI checkedUri(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new HttpEgressException("invalid URI `" + text + "`: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new HttpEgressException("unsupported URI scheme in `" + text + "`: only http and https are allowed");
        }
        if (uri.getHost() == null) {
            throw new HttpEgressException("URI `" + text + "` has no host");
        }
        if (!allowPrivateAddresses) {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(uri.getHost());
            } catch (UnknownHostException e) {
                throw new HttpEgressException("cannot resolve host `" + uri.getHost() + "`");
            }
            for (InetAddress a : addresses) {
                if (!isPublic(a)) {
                    throw new HttpEgressException("refusing to connect to non-public address " + a.getHostAddress()
                            + " of host `" + uri.getHost() + "`");
                }
            }
        }
        return uri;
    }

    /** False for loopback, wildcard, link-local, private (RFC 1918, fc00::/7), CGNAT and multicast addresses. */
    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            boolean thisNetwork = b[0] == 0;
            boolean sharedCgnat = (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64;
            return !thisNetwork && !sharedCgnat;
        }
        if (a instanceof Inet6Address) {
            return (b[0] & 0xFE) != 0xFC;
        }
        return true;
    }

    /** Decodes BSATN {@code HttpRequest}; a malformed request is error 3 for the guest. */
    static Request decodeRequest(byte[] bytes) {
        BsatnReader r = new BsatnReader(bytes);
        int methodTag = r.readU8();
        String method;
        if (methodTag < METHODS.length) {
            method = METHODS[methodTag];
        } else if (methodTag == METHODS.length) {
            method = r.readString();
        } else {
            throw new BsatnDecodeException("HttpMethod tag " + methodTag + " out of range", 0);
        }
        int n = r.readLength(8);
        List<Header> headers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            headers.add(new Header(r.readString(), r.readBytes()));
        }
        Duration timeout = DEFAULT_TIMEOUT;
        int optionTag = r.readU8();
        if (optionTag == 0) {
            timeout = clampTimeout(r.readU64());
        } else if (optionTag != 1) {
            throw new BsatnDecodeException("Option tag " + optionTag + " out of range", 0);
        }
        String uri = r.readString();
        int version = r.readU8();
        if (version > 4) {
            throw new BsatnDecodeException("HttpVersion tag " + version + " out of range", 0);
        }
        r.expectEnd();
        return new Request(method, headers, timeout, uri, version);
    }

    /** A requested timeout in µs, clamped to (0, 180 s]; zero or negative means the default. */
    static Duration clampTimeout(long micros) {
        if (micros <= 0) {
            return DEFAULT_TIMEOUT;
        }
        return Duration.ofNanos(Math.min(micros, MAX_TIMEOUT.toNanos() / 1_000) * 1_000);
    }

    /** BSATN {@code HttpResponse}: headers (name, value bytes), version, status code. */
    private static byte[] encodeResponse(HttpResponse<?> resp) {
        BsatnWriter w = new BsatnWriter(128);
        Map<String, List<String>> map = resp.headers().map();
        int count = map.values().stream().mapToInt(List::size).sum();
        w.writeU32(count);
        map.forEach((name, values) -> {
            for (String v : values) {
                w.writeString(name);
                w.writeBytes(v.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        });
        w.writeU8(resp.version() == HttpClient.Version.HTTP_2 ? VERSION_HTTP2 : VERSION_HTTP11);
        w.writeU16(resp.statusCode());
        return w.toByteArray();
    }
}
