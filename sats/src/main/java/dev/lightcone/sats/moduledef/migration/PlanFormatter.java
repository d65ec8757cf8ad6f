package dev.lightcone.sats.moduledef.migration;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.moduledef.ColumnSchema;
import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.ScheduleSchema;
import dev.lightcone.sats.moduledef.SequenceSchema;
import dev.lightcone.sats.moduledef.SqlViewSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.sats.moduledef.UniqueConstraintSchema;
import dev.lightcone.sats.moduledef.ViewSchema;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Renders a plan in upstream's layout ({@code spacetime publish} prints it before asking): a header, one
 * block per step, a warning line when clients will be disconnected. With ANSI colour the escapes are the
 * ones upstream's terminal formatter writes.
 */
final class PlanFormatter {
    private static final int GREEN = 2;
    private static final int RED = 1;
    private static final int YELLOW = 3;
    private static final int BLUE = 4;
    private static final int MAGENTA = 5;
    private static final int CYAN = 6;

    private final StringBuilder out = new StringBuilder();
    private final boolean ansi;
    private final MigrationPlan plan;
    private int indent;

    private PlanFormatter(MigrationPlan plan, boolean ansi) {
        this.plan = plan;
        this.ansi = ansi;
    }

    static String render(MigrationPlan plan, MigrationPlan.PlanStyle style) {
        PlanFormatter f = new PlanFormatter(plan, style == MigrationPlan.PlanStyle.ANSI_COLOR);
        f.header();
        for (MigrationStep s : plan.steps()) {
            f.step(s);
        }
        return f.out.toString();
    }

    private void header() {
        String rule = "━".repeat(60);
        line(rule);
        indentation();
        colored("Database Migration Plan", BLUE, -1, true);
        out.append('\n');
        line(rule);
        line("");
    }

    private void step(MigrationStep step) {
        ModuleSchema from = plan.from();
        ModuleSchema to = plan.to();
        if (step instanceof MigrationStep.AddView v) {
            view(to, v.view(), "Created");
        } else if (step instanceof MigrationStep.RemoveView v) {
            view(from, v.view(), "Removed");
        } else if (step instanceof MigrationStep.UpdateView v) {
            // The body may have changed; the view is recomputed. Upstream prints nothing for it.
        } else if (step instanceof MigrationStep.RemoveTable t) {
            action("Removed", RED);
            out.append(" table: ");
            tableName(t.table());
            out.append('\n');
            line("");
        } else if (step instanceof MigrationStep.AddTable t) {
            addTable(table(to, t.table()));
        } else if (step instanceof MigrationStep.AddIndex i) {
            index(to, i.table(), i.index(), "Created", GREEN);
        } else if (step instanceof MigrationStep.RemoveIndex i) {
            index(from, i.table(), i.index(), "Removed", RED);
        } else if (step instanceof MigrationStep.ChangeIndexSourceName i) {
            index(to, i.table(), i.index(), "Changed", YELLOW);
        } else if (step instanceof MigrationStep.ChangeTableAccessorName t) {
            action("Changed", YELLOW);
            out.append(" table accessor name for ");
            tableName(t.table());
            out.append('\n');
        } else if (step instanceof MigrationStep.AddConstraint c) {
            constraint(to, c.table(), c.constraint(), "Created", GREEN);
        } else if (step instanceof MigrationStep.RemoveConstraint c) {
            constraint(from, c.table(), c.constraint(), "Removed", RED);
        } else if (step instanceof MigrationStep.AddSequence s) {
            sequence(to, s.table(), s.sequence(), "Created", GREEN);
        } else if (step instanceof MigrationStep.RemoveSequence s) {
            sequence(from, s.table(), s.sequence(), "Removed", RED);
        } else if (step instanceof MigrationStep.ChangeAccess a) {
            changeAccess(a.table());
        } else if (step instanceof MigrationStep.ChangePrimaryKey p) {
            changePrimaryKey(p.table());
        } else if (step instanceof MigrationStep.AddSchedule s) {
            schedule(table(to, s.table()), "Created", GREEN);
        } else if (step instanceof MigrationStep.RemoveSchedule s) {
            schedule(table(from, s.table()), "Removed", RED);
        } else if (step instanceof MigrationStep.AddRowLevelSecurity r) {
            rls(r.sql(), "Created", GREEN);
        } else if (step instanceof MigrationStep.RemoveRowLevelSecurity r) {
            rls(r.sql(), "Removed", RED);
        } else if (step instanceof MigrationStep.ChangeColumns c) {
            // Upstream lists per-column changes of the unresolved types, which for module-built types
            // (references) never differ, so only the table line appears.
            action("Changed", YELLOW);
            out.append(" columns for table ");
            tableName(c.table());
            out.append('\n');
        } else if (step instanceof MigrationStep.AddColumns c) {
            addColumns(c);
        } else if (step instanceof MigrationStep.ReschemaEventTable t) {
            action("Changed", YELLOW);
            out.append(" schema of event table ");
            tableName(t.table());
            out.append('\n');
        } else if (step instanceof MigrationStep.DisconnectAllUsers d) {
            indentation();
            colored("!!! Warning: All clients will be disconnected due to breaking schema changes", -1, RED, true);
            out.append('\n');
        }
    }

    private void addTable(TableSchema t) {
        action("Created", GREEN);
        out.append(" user table: ");
        tableName(t.name());
        out.append(" (");
        colored(t.isPublic() ? "public" : "private", GREEN, -1, false);
        out.append(")\n");
        indent++;
        if (!t.columns().isEmpty()) {
            section("Columns:");
            indent++;
            for (ColumnSchema c : t.columns()) {
                indentation();
                out.append("• ").append(c.name()).append(": ");
                colored(TypeText.of(c.type()), MAGENTA, -1, false);
                out.append('\n');
            }
            indent--;
        }
        List<UniqueConstraintSchema> constraints = t.uniqueConstraints().stream()
                .sorted(Comparator.comparing(UniqueConstraintSchema::name)).toList();
        if (!constraints.isEmpty()) {
            section("Unique constraints:");
            indent++;
            for (UniqueConstraintSchema c : constraints) {
                line("• " + c.name() + " on [" + columnNames(t, c.columns()) + "]");
            }
            indent--;
        }
        List<IndexSchema> indexes = t.indexes().stream().sorted(Comparator.comparing(IndexSchema::name)).toList();
        if (!indexes.isEmpty()) {
            section("Indexes:");
            indent++;
            for (IndexSchema i : indexes) {
                line("• " + i.name() + " on [" + columnNames(t, i.columns()) + "]");
            }
            indent--;
        }
        List<SequenceSchema> sequences = t.sequences().stream().sorted(Comparator.comparing(SequenceSchema::name))
                .toList();
        if (!sequences.isEmpty()) {
            section("Auto-increment constraints:");
            indent++;
            for (SequenceSchema s : sequences) {
                line("• " + s.name() + " on " + t.columns().get(s.column()).name());
            }
            indent--;
        }
        if (t.schedule().isPresent()) {
            ScheduleSchema s = t.schedule().get();
            section("Schedule:");
            indent++;
            line("• Calls " + functionKind(s) + ": " + s.functionName());
            indent--;
        }
        indent--;
        line("");
    }

    private void view(ModuleSchema module, String name, String verb) {
        boolean anonymous = false;
        List<ColumnSchema> columns = List.of();
        Optional<ViewSchema> fv = module.views().stream().filter(v -> v.name().equals(name)).findFirst();
        if (fv.isPresent()) {
            anonymous = fv.get().isAnonymous();
            columns = columnsOf(fv.get().rowType());
        }
        indentation();
        out.append("▸ ");
        // Upstream writes the arrow twice for views; kept so the text matches.
        action(verb, verb.equals("Created") ? GREEN : RED);
        out.append(anonymous ? " anonymous view: " : " view: ");
        tableName(name);
        out.append('\n');
        indent++;
        if (!columns.isEmpty()) {
            section("Columns:");
            indent++;
            for (ColumnSchema c : columns) {
                indentation();
                out.append("• ").append(c.name()).append(": ");
                colored(TypeText.of(c.type()), MAGENTA, -1, false);
                out.append('\n');
            }
            indent--;
        }
        indent--;
        line("");
    }

    private static List<ColumnSchema> columnsOf(dev.lightcone.sats.ProductType row) {
        List<ColumnSchema> out = new java.util.ArrayList<>();
        for (int i = 0; i < row.elements().size(); i++) {
            out.add(new ColumnSchema(i, row.elements().get(i).name().orElse(Integer.toString(i)),
                    row.elements().get(i).type()));
        }
        return out;
    }

    private void index(ModuleSchema module, String tableName, String name, String verb, int color) {
        TableSchema t = table(module, tableName);
        IndexSchema i = t.indexes().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        action(verb, color);
        out.append(" index ").append(name).append(" on [").append(columnNames(t, i.columns())).append("] of table ");
        tableName(t.name());
        out.append('\n');
    }

    private void constraint(ModuleSchema module, String tableName, String name, String verb, int color) {
        TableSchema t = table(module, tableName);
        UniqueConstraintSchema c = t.uniqueConstraints().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow();
        action(verb, color);
        out.append(" unique constraint ").append(name).append(" on [").append(columnNames(t, c.columns()))
                .append("] of table ");
        tableName(t.name());
        out.append('\n');
    }

    private void sequence(ModuleSchema module, String tableName, String name, String verb, int color) {
        TableSchema t = table(module, tableName);
        SequenceSchema s = t.sequences().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        action(verb, color);
        out.append(" auto-increment constraint ").append(name).append(" on column ")
                .append(t.columns().get(s.column()).name()).append(" of table ");
        tableName(t.name());
        out.append('\n');
    }

    private void changeAccess(String name) {
        boolean isPublic = plan.to().table(name).map(TableSchema::isPublic)
                .or(() -> plan.to().views().stream().filter(v -> v.name().equals(name)).findFirst()
                        .map(ViewSchema::isPublic))
                .or(() -> plan.to().sqlViews().stream().filter(v -> v.name().equals(name)).findFirst()
                        .map(SqlViewSchema::isPublic))
                .orElse(false);
        action("Changed", YELLOW);
        out.append(" access for table ");
        tableName(name);
        out.append(" (");
        colored(isPublic ? "private → public" : "public → private", GREEN, -1, false);
        out.append(")\n");
    }

    private void changePrimaryKey(String name) {
        var old = table(plan.from(), name).primaryKey();
        var next = table(plan.to(), name).primaryKey();
        String description;
        if (old.isPresent() && next.isEmpty()) {
            description = "removed";
        } else if (old.isEmpty() && next.isPresent()) {
            description = "added on column " + next.getAsInt();
        } else if (next.isPresent()) {
            description = "changed to column " + next.getAsInt();
        } else {
            return;
        }
        action("Changed", YELLOW);
        out.append(" primary key on table ");
        tableName(name);
        out.append(" (").append(description).append(")\n");
    }

    private void schedule(TableSchema t, String verb, int color) {
        ScheduleSchema s = t.schedule().orElseThrow();
        action(verb, color);
        out.append(" schedule for table ");
        tableName(t.name());
        out.append(" calling ").append(functionKind(s)).append(' ').append(s.functionName()).append('\n');
    }

    private void rls(String sql, String verb, int color) {
        boolean inOld = plan.from().rowLevelSecurity().contains(sql);
        boolean inNew = plan.to().rowLevelSecurity().contains(sql);
        if (inOld == inNew) {
            return;
        }
        action(verb, color);
        out.append(" row level security policy:\n");
        indent++;
        indentation();
        out.append('`');
        colored(sql, BLUE, -1, false);
        out.append("`\n");
        indent--;
    }

    private void addColumns(MigrationStep.AddColumns c) {
        TableSchema t = table(plan.to(), c.table());
        action("Created", GREEN);
        out.append(c.columns().size() > 1 ? " columns in table " : " column in table ");
        tableName(c.table());
        out.append('\n');
        indent++;
        for (ColumnSchema col : c.columns()) {
            byte[] dv = t.defaultValues().get(col.colId());
            indentation();
            out.append("+ ").append(col.name()).append(": ");
            colored(TypeText.of(col.type()), MAGENTA, -1, false);
            if (dv != null) {
                out.append(" (default: ").append(debugValue(col.type(), dv)).append(')');
            }
            out.append('\n');
        }
        indent--;
    }

    /** Rust's pretty {@code Debug} of an {@code AlgebraicValue}, e.g. {@code U32(\n    5,\n)}, for scalar defaults. */
    static String debugValue(AlgebraicType type, byte[] bsatn) {
        try {
            AlgebraicValue v = Bsatn.decode(type, bsatn);
            if (type instanceof PrimitiveType p) {
                String inner = scalarText(p, v);
                String variant = p == PrimitiveType.STRING ? "String" : p == PrimitiveType.BOOL ? "Bool" : p.name();
                return variant + "(\n    " + inner + ",\n)";
            }
            return v.toString();
        } catch (RuntimeException e) {
            return "0x" + HexFormat.of().formatHex(bsatn);
        }
    }

    private static String scalarText(PrimitiveType p, AlgebraicValue v) {
        if (v instanceof AlgebraicValue.Str s) {
            return "\"" + s.value().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (v instanceof AlgebraicValue.Bool b) {
            return Boolean.toString(b.value());
        }
        if (v instanceof AlgebraicValue.Int i) {
            return p.name().startsWith("U") ? Long.toUnsignedString(i.value()) : Long.toString(i.value());
        }
        if (v instanceof AlgebraicValue.Big b) {
            return b.value().toString();
        }
        if (v instanceof AlgebraicValue.F32 f) {
            return Float.toString(f.value());
        }
        if (v instanceof AlgebraicValue.F64 f) {
            return Double.toString(f.value());
        }
        return v.toString();
    }

    // ---------------------------------------------------------------- text primitives

    private static String functionKind(ScheduleSchema s) {
        return s.isProcedure() ? "procedure" : "reducer";
    }

    private static String columnNames(TableSchema t, List<Integer> cols) {
        return String.join(", ", cols.stream().map(c -> t.columns().get(c).name()).toList());
    }

    private static TableSchema table(ModuleSchema module, String name) {
        return module.tables().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Table not found: " + name));
    }

    private void action(String verb, int color) {
        indentation();
        out.append("▸ ");
        colored(verb, color, -1, true);
    }

    private void section(String title) {
        indentation();
        colored(title, BLUE, -1, true);
        out.append('\n');
    }

    private void tableName(String name) {
        colored(name, CYAN, -1, true);
    }

    private void line(String text) {
        indentation();
        out.append(text).append('\n');
    }

    private void indentation() {
        out.append("    ".repeat(indent));
    }

    /** Text with termcolor's escapes: reset, bold, foreground, background, text, reset. */
    private void colored(String text, int fg, int bg, boolean bold) {
        if (!ansi) {
            out.append(text);
            return;
        }
        out.append("\u001b[0m");
        if (bold) {
            out.append("\u001b[1m");
        }
        if (fg >= 0) {
            out.append("\u001b[3").append(fg).append('m');
        }
        if (bg >= 0) {
            out.append("\u001b[4").append(bg).append('m');
        }
        out.append(text).append("\u001b[0m");
    }
}
