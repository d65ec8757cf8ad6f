package dev.lightcone.gateway.service;

import dev.lightcone.executor.HttpHandlerResponse;

/** How a request to a module-defined HTTP route ({@code /v1/database/{db}/route/...}) ended. */
public sealed interface HttpRouteOutcome {

    /** The handler answered; the gateway sends its status, headers and body as they are. */
    record Responded(HttpHandlerResponse response) implements HttpRouteOutcome {
    }

    /** No route of the module serves this method and path (or the module defines no routes). */
    record NoSuchRoute() implements HttpRouteOutcome {
    }

    /** The handler failed (panicked, ran out of time, answered something that does not decode). */
    record Failed(String message) implements HttpRouteOutcome {
    }
}
