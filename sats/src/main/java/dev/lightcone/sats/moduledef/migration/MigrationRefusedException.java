package dev.lightcone.sats.moduledef.migration;

import dev.lightcone.sats.LightconeException;
import java.util.List;

/** The new module cannot be migrated to automatically; {@link #errors()} lists every reason. */
public final class MigrationRefusedException extends LightconeException {
    private final transient List<MigrationError> errors;

    public MigrationRefusedException(List<MigrationError> errors) {
        super(render(errors));
        this.errors = List.copyOf(errors);
    }

    /** Every reason, in the order the planner found them. */
    public List<MigrationError> errors() {
        return errors;
    }

    /** Upstream's rendering of its error stream: a header line, then each error followed by a blank line. */
    private static String render(List<MigrationError> errors) {
        StringBuilder sb = new StringBuilder("Errors occurred:\n");
        for (MigrationError e : errors) {
            sb.append(e.message()).append("\n\n");
        }
        return sb.toString();
    }
}
