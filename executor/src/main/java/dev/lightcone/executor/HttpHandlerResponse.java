package dev.lightcone.executor;

import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.bsatn.BsatnReader;
import java.util.List;

/**
 * What a module's HTTP handler answered: BSATN {@code HttpResponse} (module-abi §7.6: headers, version,
 * code) decoded, and the raw body it wrote to its second sink.
 *
 * @param status     the status code
 * @param versionTag the {@code HttpVersion} tag
 * @param headers    the headers in the order the handler gave them
 * @param body       the raw body
 */
public record HttpHandlerResponse(int status, int versionTag, List<HttpHeader> headers, byte[] body) {

    public HttpHandlerResponse {
        headers = List.copyOf(headers);
        body = body.clone();
    }

    /** The raw body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * Decodes what a handler wrote.
     *
     * @throws BsatnDecodeException if {@code head} is not exactly one BSATN {@code HttpResponse}
     */
    public static HttpHandlerResponse decode(byte[] head, byte[] body) {
        BsatnReader r = new BsatnReader(head);
        List<HttpHeader> headers = HttpHeader.readAll(r);
        int version = r.readU8();
        if (version > 4) {
            throw new BsatnDecodeException("HttpVersion tag " + version + " out of range", r.position() - 1);
        }
        int status = r.readU16();
        r.expectEnd();
        return new HttpHandlerResponse(status, version, headers, body);
    }
}
