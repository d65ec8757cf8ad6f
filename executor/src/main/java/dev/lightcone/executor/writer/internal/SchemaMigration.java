package dev.lightcone.executor.writer.internal;

import dev.lightcone.commitlog.record.PublishModule;
import dev.lightcone.executor.MigrationToken;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.datastore.IndexKey;
import dev.lightcone.executor.datastore.Row;
import dev.lightcone.executor.datastore.Sequence;
import dev.lightcone.executor.datastore.Table;
import dev.lightcone.executor.datastore.TableIndex;
import dev.lightcone.executor.host.ModuleLoadException;
import dev.lightcone.executor.log.LogLevel;
import dev.lightcone.executor.log.ModuleLogRecord;
import dev.lightcone.executor.view.ViewTables;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.moduledef.ColumnSchema;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.SequenceSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.sats.moduledef.UniqueConstraintSchema;
import dev.lightcone.sats.moduledef.migration.MigrationPlan;
import dev.lightcone.sats.moduledef.migration.MigrationPlanner;
import dev.lightcone.sats.moduledef.migration.MigrationPrecheck;
import dev.lightcone.sats.moduledef.migration.MigrationRefusedException;
import dev.lightcone.sats.moduledef.migration.MigrationStep;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies an automatic migration when a publish replaces a database's module (semantics.md §11): plans it,
 * checks the publisher's policy, runs the prechecks and moves every kept table's rows into the new module's
 * tables (appending column defaults where columns were added). Only the new host is written; if anything
 * fails the old one is untouched and keeps running. Deterministic: it depends only on the two modules, the
 * rows and the record, so replay makes the same decision and the same state.
 */
final class SchemaMigration {
    /** Upstream's prefix when planning refuses the update. */
    static final String REJECTED = "Database update rejected: ";
    /** Upstream's prefix when the policy or a step refuses it. */
    static final String FAILED = "Failed to create or update the database: ";

    private SchemaMigration() {
    }

    /**
     * Plans the update from {@code from} to {@code to} and checks it against the publisher's policy.
     *
     * @throws ModuleLoadException with upstream's text if the plan is refused or not allowed
     */
    static MigrationPlan plan(ModuleHost from, ModuleHost to, PublishModule p, Identity database) {
        MigrationPlan plan;
        try {
            plan = MigrationPlanner.plan(from.schema(), to.schema());
        } catch (MigrationRefusedException e) {
            throw new ModuleLoadException(REJECTED + e.getMessage());
        }
        if (p.allowsBreakingClients()) {
            String expected = MigrationToken.of(database, from.code().hash(), to.code().hash());
            if (!expected.equals(p.breakClientsToken())) {
                throw new ModuleLoadException(FAILED + "Token provided is invalid or does not match expected hash");
            }
        } else if (plan.breaksClients()) {
            throw new ModuleLoadException(FAILED
                    + "Migration plan contains a client-breaking change which is disallowed under current policy");
        }
        return plan;
    }

    /**
     * Fills {@code to} from {@code from} following {@code plan}, logs each step in the new module's log and
     * arms the new module's schedules.
     *
     * @throws ModuleLoadException with upstream's text if a precheck or step fails; {@code from} is unchanged
     */
    static void apply(MigrationPlan plan, ModuleHost from, ModuleHost to, Timestamp at) {
        for (MigrationPrecheck check : plan.prechecks()) {
            if (check instanceof MigrationPrecheck.SequenceRangeFree s) {
                sequenceRangeFree(from, plan.to(), s);
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("Updated program to " + to.code().hash());
        for (MigrationStep step : plan.steps()) {
            if (step instanceof MigrationStep.RemoveTable r) {
                Table old = from.datastore().tableByName(r.table());
                if (old != null && old.size() > 0) {
                    throw new ModuleLoadException(FAILED + "Cannot remove table `" + r.table() + "`: table contains data."
                            + " Clear the table's rows (e.g. via a reducer) before removing it from your schema.");
                }
            }
            String line = logLine(step);
            if (line != null) {
                lines.add(line);
            }
        }
        for (Table t : to.datastore().tables()) {
            Table old = from.datastore().tableByName(t.name());
            if (old == null || t.schema().isEvent() || ViewTables.isViewTable(t.id())) {
                continue; // new tables start empty; event tables hold nothing; views are evaluated anew
            }
            List<Row> rows = withDefaults(plan, t.schema(), old.rows());
            checkUnique(t, rows);
            to.datastore().load(t.id(), rows);
            for (Sequence s : t.sequences()) {
                for (Sequence o : old.sequences()) {
                    if (o.schema().equals(s.schema())) {
                        s.restore(o.peek(), o.exhausted());
                    }
                }
            }
        }
        to.scheduler().armAll(to.datastore(), at);
        // The module's log continues across updates, as upstream's does.
        for (ModuleLogRecord r : from.log().tail(-1)) {
            to.log().append(r);
        }
        lines.add("Database updated");
        for (String line : lines) {
            to.log().append(ModuleLogRecord.system(LogLevel.INFO, at.micros(), line));
        }
    }

    /** The rows of a kept table as the new module stores them: with the defaults of added columns appended. */
    private static List<Row> withDefaults(MigrationPlan plan, TableSchema table, java.util.Collection<Row> rows) {
        List<MigrationStep.AddColumns> adds = plan.steps(MigrationStep.AddColumns.class).stream()
                .filter(a -> a.table().equals(table.name())).toList();
        if (adds.isEmpty()) {
            return new ArrayList<>(rows);
        }
        // A row is the BSATN of a product: its columns one after another, so new trailing columns are appended bytes.
        ByteArrayOutputStream suffix = new ByteArrayOutputStream();
        for (ColumnSchema c : adds.get(0).columns()) {
            suffix.writeBytes(table.defaultValues().get(c.colId()));
        }
        byte[] tail = suffix.toByteArray();
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            byte[] b = r.bytes();
            byte[] grown = java.util.Arrays.copyOf(b, b.length + tail.length);
            System.arraycopy(tail, 0, grown, b.length, tail.length);
            out.add(new Row(grown));
        }
        return out;
    }

    /** A unique constraint added to (or kept on) a populated table holds only if no two rows share its key. */
    private static void checkUnique(Table t, List<Row> rows) {
        for (TableIndex idx : t.uniqueIndexes()) {
            Set<IndexKey> seen = new HashSet<>();
            for (Row r : rows) {
                if (!seen.add(idx.keyOf(r))) {
                    String constraint = t.schema().uniqueConstraints().stream()
                            .filter(c -> c.columns().equals(idx.schema().columns())).map(UniqueConstraintSchema::name)
                            .findFirst().orElse(idx.schema().name());
                    throw new ModuleLoadException(FAILED + "Cannot add unique constraint `" + constraint + "` to table `"
                            + t.name() + "`: existing rows have duplicate values");
                }
            }
        }
    }

    /** An added sequence would collide with values already in its column's range. */
    private static void sequenceRangeFree(ModuleHost from, ModuleSchema to, MigrationPrecheck.SequenceRangeFree check) {
        TableSchema table = to.table(check.table()).orElseThrow();
        SequenceSchema seq = table.sequences().stream().filter(s -> s.name().equals(check.sequence())).findFirst()
                .orElseThrow();
        Table old = from.datastore().tableByName(check.table());
        if (old == null) {
            return;
        }
        for (Row r : old.rows()) {
            AlgebraicValue v = Bsatn.decode(table.columns().get(seq.column()).type(),
                    old.layout().column(r.bytes(), seq.column()));
            BigInteger n = v instanceof AlgebraicValue.Big b ? b.value()
                    : table.columns().get(seq.column()).type() == PrimitiveType.U64
                            ? new BigInteger(Long.toUnsignedString(((AlgebraicValue.Int) v).value()))
                            : BigInteger.valueOf(((AlgebraicValue.Int) v).value());
            if (n.compareTo(seq.min()) >= 0 && n.compareTo(seq.max()) <= 0) {
                throw new ModuleLoadException(FAILED + "Precheck failed: added sequence " + seq.name()
                        + " already has values in range");
            }
        }
    }

    /** What upstream's update writes to the module log for a step, or null for steps it does not log. */
    private static String logLine(MigrationStep step) {
        if (step instanceof MigrationStep.AddTable s) {
            return "Creating table `" + s.table() + "`";
        } else if (step instanceof MigrationStep.RemoveTable s) {
            return "Dropping table `" + s.table() + "`";
        } else if (step instanceof MigrationStep.AddIndex s) {
            return "Creating index `" + s.index() + "` on table `" + s.table() + "`";
        } else if (step instanceof MigrationStep.RemoveIndex s) {
            return "Dropping index `" + s.index() + "` on table `" + s.table() + "`";
        } else if (step instanceof MigrationStep.AddConstraint s) {
            return "Adding constraint `" + s.constraint() + "` on table `" + s.table() + "`";
        } else if (step instanceof MigrationStep.RemoveConstraint s) {
            return "Dropping constraint `" + s.constraint() + "` on table `" + s.table() + "`";
        } else if (step instanceof MigrationStep.AddSequence s) {
            return "Adding sequence `" + s.sequence() + "` to table `" + s.table() + "`";
        } else if (step instanceof MigrationStep.RemoveSequence s) {
            return "Dropping sequence `" + s.sequence() + "` from table `" + s.table() + "`";
        } else if (step instanceof MigrationStep.ChangeColumns s) {
            return "Changing columns of table `" + s.table() + "`";
        } else if (step instanceof MigrationStep.ReschemaEventTable s) {
            return "Changing schema of event table `" + s.table() + "`";
        } else if (step instanceof MigrationStep.ChangePrimaryKey s) {
            return "Changing primary key for table `" + s.table() + "`";
        } else if (step instanceof MigrationStep.AddRowLevelSecurity s) {
            return "Adding row-level security `" + s.sql() + "`";
        } else if (step instanceof MigrationStep.RemoveRowLevelSecurity s) {
            return "Removing row-level security `" + s.sql() + "`";
        } else if (step instanceof MigrationStep.DisconnectAllUsers) {
            return "Disconnecting all users";
        }
        return null;
    }
}
