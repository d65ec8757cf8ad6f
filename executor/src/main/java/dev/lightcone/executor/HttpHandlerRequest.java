package dev.lightcone.executor;

import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.v10.RawHttpMethod;
import java.util.List;

/**
 * A request for a module's HTTP handler (module-abi §6.6): the parts of BSATN {@code HttpRequest} (§7.6)
 * and the raw body, which the handler receives separately.
 *
 * @param method     the request method
 * @param headers    the headers in arrival order
 * @param uri        the full URI the client asked for (scheme, authority, path and query)
 * @param versionTag the {@code HttpVersion} tag: Http09 0, Http10 1, Http11 2, Http2 3, Http3 4
 * @param body       the raw body, empty if none
 */
public record HttpHandlerRequest(RawHttpMethod method, List<HttpHeader> headers, String uri, int versionTag,
        byte[] body) {

    public HttpHandlerRequest {
        headers = List.copyOf(headers);
        body = body.clone();
    }

    /** The raw body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** BSATN {@code HttpRequest}: method, headers, timeout (none: a handler's request has none), uri, version. */
    public byte[] headBsatn() {
        BsatnWriter w = new BsatnWriter(64 + uri.length());
        method.write(w);
        HttpHeader.writeAll(w, headers);
        w.writeU8(1); // timeout: Option::None (tag 1)
        w.writeString(uri);
        w.writeU8(versionTag);
        return w.toByteArray();
    }
}
