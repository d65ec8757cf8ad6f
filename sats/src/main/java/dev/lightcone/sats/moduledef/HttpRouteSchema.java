package dev.lightcone.sats.moduledef;

import dev.lightcone.sats.moduledef.v10.RawHttpMethod;
import java.util.Optional;

/**
 * A validated HTTP route (module-abi §8.3 {@code RawHttpRouteDefV10}): requests to
 * {@code /v1/database/{db}/route{path}} whose method matches go to the handler.
 *
 * @param path        the exact path (empty or starting with {@code /}); trailing slashes count
 * @param method      the method it answers, or empty for any method
 * @param handlerId   the handler's id: its position in the HttpHandlers section
 * @param handlerName the handler's canonical name
 */
public record HttpRouteSchema(String path, Optional<RawHttpMethod> method, int handlerId, String handlerName) {

    /** Whether this route serves {@code requestMethod} at {@code requestPath} (exact path match). */
    public boolean matches(RawHttpMethod requestMethod, String requestPath) {
        return path.equals(requestPath) && (method.isEmpty() || method.get().equals(requestMethod));
    }

    /** Whether this route and {@code other} would both serve some request (same path, methods overlap). */
    public boolean overlaps(HttpRouteSchema other) {
        return path.equals(other.path) && (method.isEmpty() || other.method.isEmpty() || method.equals(other.method));
    }
}
