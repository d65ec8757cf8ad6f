package dev.lightcone.sats.moduledef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.sats.moduledef.v10.RawHttpHandlerDefV10;
import dev.lightcone.sats.moduledef.v10.RawHttpMethod;
import dev.lightcone.sats.moduledef.v10.RawHttpRouteDefV10;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10Builder;
import dev.lightcone.sats.moduledef.v10.RawSectionV10;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** HttpHandlers/HttpRoutes (module-abi §8.3) in the validated schema: ids, upstream's matching and rules. */
class HttpRouteValidationTest {

    private static final RawHttpMethod GET = new RawHttpMethod(0, Optional.empty());
    private static final RawHttpMethod POST = new RawHttpMethod(2, Optional.empty());

    private static RawModuleDefV10Builder module(List<String> handlers, RawHttpRouteDefV10... routes) {
        return new RawModuleDefV10Builder()
                .addSection(new RawSectionV10.HttpHandlersSection(handlers.stream().map(RawHttpHandlerDefV10::new).toList()))
                .addSection(new RawSectionV10.HttpRoutesSection(List.of(routes)));
    }

    private static ModuleSchema validate(RawModuleDefV10Builder b) {
        return ModuleDefValidator.validate(b.toRawModuleDef());
    }

    private static String error(RawModuleDefV10Builder b) {
        return assertThrows(ModuleDefValidationException.class, () -> validate(b)).getMessage();
    }

    @Test
    void routesMatchMethodAndExactPath() {
        ModuleSchema s = validate(module(List.of("hello", "any"),
                new RawHttpRouteDefV10("hello", Optional.of(GET), "/hello"),
                new RawHttpRouteDefV10("any", Optional.empty(), "/any"),
                new RawHttpRouteDefV10("any", Optional.empty(), "")));
        assertEquals(List.of("hello", "any"), s.httpHandlers());
        assertEquals(0, s.matchHttpRoute(GET, "/hello").orElseThrow().handlerId());
        assertTrue(s.matchHttpRoute(POST, "/hello").isEmpty(), "the method must match");
        assertTrue(s.matchHttpRoute(GET, "/hello/").isEmpty(), "a trailing slash is another path");
        assertTrue(s.matchHttpRoute(GET, "/HELLO").isEmpty());
        assertEquals(1, s.matchHttpRoute(POST, "/any").orElseThrow().handlerId());
        assertEquals(1, s.matchHttpRoute(new RawHttpMethod(9, Optional.of("PURGE")), "/any").orElseThrow().handlerId());
        assertEquals(1, s.matchHttpRoute(GET, "").orElseThrow().handlerId());
        assertTrue(s.matchHttpRoute(GET, "/").isEmpty());
    }

    @Test
    void invalidRoutesAreRefusedWithUpstreamsTexts() {
        assertTrue(error(module(List.of("h"), new RawHttpRouteDefV10("h", Optional.of(GET), "/Upper")))
                .contains("HTTP route path `/Upper` is invalid"));
        assertTrue(error(module(List.of("h"), new RawHttpRouteDefV10("h", Optional.of(GET), "nope")))
                .contains("HTTP route path `nope` is invalid"));
        assertTrue(error(module(List.of("h"), new RawHttpRouteDefV10("missing", Optional.of(GET), "/x")))
                .contains("HTTP route refers to unknown HTTP handler `missing`"));
        assertTrue(error(module(List.of("h"), new RawHttpRouteDefV10("h", Optional.of(GET), "/x"),
                new RawHttpRouteDefV10("h", Optional.empty(), "/x"))).contains("HTTP route duplicates method Any for path /x"));
        assertTrue(error(module(List.of("h", "h"))).contains("duplicate HTTP handler name `h`"));
        // The same path with different methods is fine.
        validate(module(List.of("h"), new RawHttpRouteDefV10("h", Optional.of(GET), "/x"),
                new RawHttpRouteDefV10("h", Optional.of(POST), "/x")));
    }
}
