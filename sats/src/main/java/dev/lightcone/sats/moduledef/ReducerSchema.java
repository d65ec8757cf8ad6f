package dev.lightcone.sats.moduledef;

import dev.lightcone.sats.ProductType;
import java.util.Optional;

/**
 * A validated reducer.
 *
 * @param id             position in the Reducers section: the id passed to {@code __call_reducer__}
 * @param name           canonical name
 * @param sourceName     the module's name for it
 * @param params         the parameter product (references not inlined; resolve via the typespace)
 * @param clientCallable false for lifecycle and scheduled reducers, which clients may not call
 * @param lifecycle      the lifecycle hook it implements, if any
 */
public record ReducerSchema(int id, String name, String sourceName, ProductType params, boolean clientCallable,
        Optional<Lifecycle> lifecycle) {
}
