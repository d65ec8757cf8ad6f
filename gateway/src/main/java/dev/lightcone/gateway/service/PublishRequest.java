package dev.lightcone.gateway.service;

import dev.lightcone.gateway.auth.Caller;
import java.util.Objects;
import java.util.Optional;

/**
 * A publish ({@code POST /v1/database} or {@code PUT /v1/database/{db}}).
 *
 * @param target          the database named in the path, or empty for a new unnamed database
 * @param caller          who publishes (becomes the owner of a new database)
 * @param program         the module bytes (owned by the request, not copied)
 * @param hostType        the kind of program ({@code host_type}, default wasm)
 * @param clear           {@code clear=true}: delete the existing data first
 * @param migrationToken  {@code token=}: the plan hash the caller approved after {@code pre_publish}
 * @param breakClients    {@code policy=BreakClients}: the caller accepts a migration that breaks clients
 */
public record PublishRequest(Optional<DatabaseRef> target, Caller caller, byte[] program, HostType hostType,
        boolean clear, Optional<String> migrationToken, boolean breakClients) {
    /** Checks for nulls. */
    public PublishRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(hostType, "hostType");
        Objects.requireNonNull(migrationToken, "migrationToken");
    }
}
