package dev.lightcone.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.sats.Identity;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** The routes that need no database: identities, tokens, the public key, ping (client-protocol §3.1). */
public final class IdentityHandlers {
    /** {@code Content-Type} of the public key. */
    public static final String PEM_TYPE = "application/pem-certificate-chain";

    private static final Logger LOG = LoggerFactory.getLogger(IdentityHandlers.class);

    private final RequestAuth auth;

    /** Handlers authenticating with {@code auth}. */
    public IdentityHandlers(RequestAuth auth) {
        this.auth = auth;
    }

    /** {@code POST /v1/identity}: a new identity and its long-lived token. */
    public Publisher<Void> createIdentity(HttpServerRequest req, HttpServerResponse res) {
        Caller c = auth.tokens().mintIdentity();
        LOG.info("minted identity identity={}", c.identity());
        ObjectNode body = HttpReplies.JSON.createObjectNode().put("identity", c.identity().toHex())
                .put("token", c.token());
        return HttpReplies.json(res, HttpResponseStatus.OK, body);
    }

    /** {@code POST /v1/identity/websocket-token}: a 60-second token for the authenticated caller. */
    public Publisher<Void> websocketToken(HttpServerRequest req, HttpServerResponse res) {
        Caller c = auth.required(req);
        ObjectNode body = HttpReplies.JSON.createObjectNode().put("token", auth.tokens().websocketToken(c));
        return HttpReplies.json(res, HttpResponseStatus.OK, body);
    }

    /** {@code GET /v1/identity/public-key}: the PEM public key tokens are verified with. */
    public Publisher<Void> publicKey(HttpServerRequest req, HttpServerResponse res) {
        byte[] pem = auth.tokens().keys().publicKeyPem().getBytes(StandardCharsets.US_ASCII);
        return res.status(HttpResponseStatus.OK).header(HttpHeaderNames.CONTENT_TYPE, PEM_TYPE)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(pem.length)).sendByteArray(Mono.just(pem));
    }

    /** {@code GET /v1/identity/{identity}/verify}: 204 when the token is that identity's, else 400. */
    public Publisher<Void> verify(HttpServerRequest req, HttpServerResponse res) {
        Caller c = auth.required(req);
        String path = req.param("identity");
        if (path == null || !Identity.isHex(path)) {
            throw BadRequestException.of("invalid identity: " + path);
        }
        return HttpReplies.empty(res, Identity.fromHex(path).equals(c.identity()) ? HttpResponseStatus.NO_CONTENT
                : HttpResponseStatus.BAD_REQUEST);
    }

    /** {@code GET /v1/ping}: 200, empty; a token, if sent, must be valid. */
    public Publisher<Void> ping(HttpServerRequest req, HttpServerResponse res) {
        auth.optional(req);
        return HttpReplies.empty(res, HttpResponseStatus.OK);
    }
}
