package dev.lightcone.sats.moduledef;

import dev.lightcone.sats.moduledef.v10.ModuleDefV10Validator;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10;
import dev.lightcone.sats.moduledef.v9.RawModuleDefV9;
import java.util.List;

/**
 * Turns a decoded {@link RawModuleDef} into a {@link ModuleSchema}. V10 is validated directly; V9 is
 * first restated as the equivalent V10 definition ({@link RawModuleDefV9#toV10()}) and then validated by
 * the same rules, so both versions yield identical schemas.
 */
public final class ModuleDefValidator {
    private ModuleDefValidator() {
    }

    /** Validates a definition that has no SQL views. */
    public static ModuleSchema validate(RawModuleDef raw) {
        return validate(raw, List.of());
    }

    /**
     * Validates a definition together with the SQL views of its {@code lightcone.views} custom section
     * (see {@link LightconeViewsSection}).
     *
     * @throws ModuleDefValidationException listing every problem found
     * @throws ModuleDefDecodeException     if the bytes do not decode
     */
    public static ModuleSchema validate(RawModuleDef raw, List<SqlViewSchema> sqlViews) {
        RawModuleDefV10 v10 = switch (raw.version()) {
            case 10 -> RawModuleDefV10.from(raw);
            case 9 -> RawModuleDefV9.from(raw).toV10();
            default -> throw new IllegalArgumentException("unsupported module definition version " + raw.version());
        };
        return ModuleDefV10Validator.validate(v10, raw, sqlViews);
    }

    /** Decodes and validates module-definition bytes in one step. */
    public static ModuleSchema validate(byte[] bytes, List<SqlViewSchema> sqlViews) {
        return validate(ModuleDefDecoder.decode(bytes), sqlViews);
    }
}
