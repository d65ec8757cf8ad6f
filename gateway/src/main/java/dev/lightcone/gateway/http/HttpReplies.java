package dev.lightcone.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcone.gateway.auth.AuthException;
import dev.lightcone.gateway.auth.AuthFailure;
import dev.lightcone.gateway.auth.Caller;
import dev.lightcone.gateway.service.ServiceException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** Writing responses: JSON, text, empty bodies, identity headers, and the mapping of errors to statuses. */
public final class HttpReplies {
    /** {@code Content-Type} of JSON responses (the CLI checks it). */
    public static final String JSON_TYPE = "application/json";
    /** {@code Content-Type} of text responses. */
    public static final String TEXT_TYPE = "text/plain; charset=utf-8";
    /** The header carrying the caller's identity hex. */
    public static final String IDENTITY_HEADER = "spacetime-identity";
    /** The header carrying the caller's token. */
    public static final String IDENTITY_TOKEN_HEADER = "spacetime-identity-token";
    /** The text of 404s for unknown databases. */
    public static final String NO_SUCH_DATABASE = "No such database.";

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(HttpReplies.class);

    private HttpReplies() {
    }

    /** Sends {@code body} as JSON with {@code status}. */
    public static Publisher<Void> json(HttpServerResponse res, HttpResponseStatus status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return Mono.error(new IllegalStateException("cannot render JSON", e));
        }
        return res.status(status).header(HttpHeaderNames.CONTENT_TYPE, JSON_TYPE)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
                .sendByteArray(Mono.just(bytes));
    }

    /** Sends {@code body} as UTF-8 text with {@code status}. */
    public static Publisher<Void> text(HttpServerResponse res, HttpResponseStatus status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return res.status(status).header(HttpHeaderNames.CONTENT_TYPE, TEXT_TYPE)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
                .sendByteArray(Mono.just(bytes));
    }

    /** Sends {@code status} with an empty body. */
    public static Publisher<Void> empty(HttpServerResponse res, HttpResponseStatus status) {
        return res.status(status).header(HttpHeaderNames.CONTENT_LENGTH, "0").send();
    }

    /** Adds {@code spacetime-identity} and {@code spacetime-identity-token} for {@code caller}. */
    public static HttpServerResponse identityHeaders(HttpServerResponse res, Caller caller) {
        return res.header(IDENTITY_HEADER, caller.identity().toHex()).header(IDENTITY_TOKEN_HEADER, caller.token());
    }

    /** The status and text a failure maps to; unexpected failures become a logged 500. */
    public static Publisher<Void> failure(HttpServerRequest req, HttpServerResponse res, Throwable error) {
        if (error instanceof AuthException a) {
            LOG.debug("auth refused method={} uri={} failure={} detail={}", req.method(), req.uri(), a.failure(),
                    a.getMessage());
            HttpResponseStatus status = a.failure() == AuthFailure.MALFORMED ? HttpResponseStatus.BAD_REQUEST
                    : HttpResponseStatus.UNAUTHORIZED;
            return text(res, status, a.responseText());
        }
        if (error instanceof ServiceException s) {
            LOG.debug("service refused method={} uri={} failure={} message={}", req.method(), req.uri(),
                    s.failure(), s.getMessage());
            return text(res, status(s), s.getMessage());
        }
        if (error instanceof BadRequestException b) {
            LOG.debug("bad request method={} uri={} message={}", req.method(), req.uri(), b.getMessage());
            return text(res, b.status(), b.getMessage());
        }
        LOG.error("request failed method={} uri={}", req.method(), req.uri(), error);
        return text(res, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    /** The HTTP status of a service refusal. */
    public static HttpResponseStatus status(ServiceException s) {
        switch (s.failure()) {
            case NOT_FOUND:
                return HttpResponseStatus.NOT_FOUND;
            case FORBIDDEN:
            case LOCKED:
                return HttpResponseStatus.FORBIDDEN;
            case UNAUTHORIZED:
                return HttpResponseStatus.UNAUTHORIZED;
            case BAD_REQUEST:
                return HttpResponseStatus.BAD_REQUEST;
            case INSUFFICIENT_STORAGE:
                return HttpResponseStatus.INSUFFICIENT_STORAGE;
            default:
                return HttpResponseStatus.SERVICE_UNAVAILABLE;
        }
    }
}
