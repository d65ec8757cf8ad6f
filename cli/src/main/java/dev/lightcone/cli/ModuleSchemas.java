package dev.lightcone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.json.SatsJson;
import dev.lightcone.sats.moduledef.ModuleDefDecoder;
import dev.lightcone.sats.moduledef.ModuleDefValidator;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.RawModuleDefMetaType;
import java.net.http.HttpResponse;

/** Fetches a database's module definition ({@code GET /v1/database/DB/schema}) and validates it into a schema. */
final class ModuleSchemas {
    private ModuleSchemas() {
    }

    /**
     * The schema of {@code database}: asks for version 10 and, like the {@code spacetime} CLI, falls back to 9 on a
     * 4xx other than 404 (which means there is no such database and is thrown).
     */
    static ModuleSchema fetch(ServerClient server, String database) {
        String path = "/v1/database/" + ServerClient.segment(database) + "/schema?version=";
        HttpResponse<String> r = server.send("GET", path + 10, null, null);
        int version = 10;
        if (r.statusCode() / 100 == 4 && r.statusCode() != 404) {
            r = server.send("GET", path + 9, null, null);
            version = 9;
        }
        return fromJson(server.json(r), version);
    }

    /** The schema described by the SATS-JSON of a {@code RawModuleDefV10} or {@code V9}. */
    static ModuleSchema fromJson(JsonNode json, int version) {
        AlgebraicType body = RawModuleDefMetaType.bodyType(version);
        try {
            AlgebraicValue value = SatsJson.decode(body, json, RawModuleDefMetaType.TYPESPACE);
            byte[] bytes = ModuleDefDecoder.withEnvelope(version == 10 ? 2 : 1,
                    w -> Bsatn.write(w, body, value, RawModuleDefMetaType.TYPESPACE));
            return ModuleDefValidator.validate(ModuleDefDecoder.decode(bytes));
        } catch (RuntimeException e) {
            throw new CliException("the server's module definition (version " + version + ") does not decode: "
                    + e.getMessage(), CliException.FAILED, e);
        }
    }
}
