package dev.lightcone.sats.moduledef;

import java.util.List;
import java.util.stream.Collectors;

/** A module definition that decodes but breaks the rules of module-abi §8.6; holds every problem found. */
public final class ModuleDefValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ValidationError> errors;

    /** An exception listing {@code errors} (at least one). */
    public ModuleDefValidationException(List<ValidationError> errors) {
        super(errors.size() + " problem(s) in the module definition:\n" + errors.stream()
                .map(e -> "  - " + e.message()).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** All problems, in the order they were found. */
    public List<ValidationError> errors() {
        return errors;
    }
}
