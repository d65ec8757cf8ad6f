package dev.lightcone.sats.moduledef.migration;

import dev.lightcone.sats.moduledef.ModuleSchema;
import java.util.List;

/**
 * An automatic migration from one validated module definition to another.
 *
 * @param from      the running module's definition
 * @param to        the new module's definition
 * @param prechecks checks on the current data, run before any step
 * @param steps     the steps, in upstream's order (removals before additions)
 */
public record MigrationPlan(ModuleSchema from, ModuleSchema to, List<MigrationPrecheck> prechecks,
        List<MigrationStep> steps) {

    public MigrationPlan {
        prechecks = List.copyOf(prechecks);
        steps = List.copyOf(steps);
    }

    /** True if applying the plan disconnects every client, so the publisher must allow breaking clients. */
    public boolean breaksClients() {
        return steps.stream().anyMatch(MigrationStep::disconnectsClients);
    }

    /** True if the plan changes nothing at all (the same definition). */
    public boolean isEmpty() {
        return steps.isEmpty() && prechecks.isEmpty();
    }

    /** The steps of one kind, in plan order. */
    public <T extends MigrationStep> List<T> steps(Class<T> kind) {
        return steps.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The plan as upstream prints it for {@code spacetime publish} ({@code pre_publish}'s {@code migrate_plan}). */
    public String render(PlanStyle style) {
        return PlanFormatter.render(this, style);
    }

    /** How {@link #render} decorates its text. */
    public enum PlanStyle {
        /** Plain text. */
        NO_COLOR,
        /** ANSI colour escapes, as upstream's {@code AnsiColor} style. */
        ANSI_COLOR
    }
}
