package dev.lightcone.executor.writer.internal;

import dev.lightcone.commitlog.CommandLog;
import dev.lightcone.executor.TxOutcome;
import dev.lightcone.executor.TxEffect;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A database writer's meters: transaction latency by outcome, commands applied, and how far
 * execution and durability lag behind the log. Tagged with the database name; removed on close.
 */
public final class WriterMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Timer committed;
    private final Timer failed;
    private final Timer internalError;
    private final Counter commands;

    public WriterMetrics(MeterRegistry registry, String database, CommandLog log, LongSupplier applied) {
        this.registry = registry;
        this.committed = timer(database, "committed");
        this.failed = timer(database, "failed");
        this.internalError = timer(database, "internal_error");
        this.commands = add(Counter.builder("lightcone.commands.applied").tag("database", database)
                .description("command-log records applied by the writer").register(registry));
        add(Gauge.builder("lightcone.log.lag", () -> log.endOffset() - 1 - applied.getAsLong()).tag("database", database)
                .description("records appended but not yet applied").register(registry));
        add(Gauge.builder("lightcone.log.durability.lag", () -> log.endOffset() - 1 - log.durableOffset())
                .tag("database", database).description("records appended but not yet durable").register(registry));
        add(FunctionCounter.builder("lightcone.log.syncs", log, l -> l.metrics().syncs()).tag("database", database)
                .description("group-commit syncs of the command log").register(registry));
        add(Gauge.builder("lightcone.log.records.per.sync", log, l -> l.metrics().meanRecordsPerSync())
                .tag("database", database).description("mean records made durable by one sync").register(registry));
    }

    private Timer timer(String database, String outcome) {
        return add(Timer.builder("lightcone.transaction.duration").tag("database", database).tag("outcome", outcome)
                .description("time a transaction spent executing on the writer thread")
                .publishPercentiles(0.5, 0.99).register(registry));
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    public void record(List<TxEffect> txs) {
        commands.increment();
        for (TxEffect tx : txs) {
            TxOutcome o = tx.outcome();
            Timer t = o.committed() ? committed : o instanceof TxOutcome.Failed ? failed : internalError;
            t.record(tx.durationMicros(), TimeUnit.MICROSECONDS);
        }
    }

    @Override
    public void close() {
        for (Meter m : meters) {
            registry.remove(m);
        }
    }
}
