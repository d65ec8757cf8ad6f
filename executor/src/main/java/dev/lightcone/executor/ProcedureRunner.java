package dev.lightcone.executor;

import dev.lightcone.executor.datastore.MutTx;
import dev.lightcone.executor.host.CallContext;
import dev.lightcone.executor.host.CallResult;
import dev.lightcone.executor.host.HttpEgress;
import dev.lightcone.executor.host.ModuleInstance;
import dev.lightcone.executor.host.ModuleLoadException;
import dev.lightcone.executor.host.ProcedureSupport;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.moduledef.ProcedureSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a host's procedures on an instance of their own, one call at a time. A procedure runs outside any
 * transaction; each {@code with_tx} goes through a {@link TransactionGate}, and its commits stand whatever
 * the procedure's outcome.
 */
final class ProcedureRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProcedureRunner.class);

    private final ModuleHost host;
    private final Object lock = new Object();
    private ModuleInstance instance;

    ProcedureRunner(ModuleHost host) {
        this.host = host;
    }

    /** Runs {@code p}, waiting for any call of this runner already running. */
    ProcedureResult run(ProcedureSchema p, CallContext ctx, byte[] args, TransactionGate gate) {
        synchronized (lock) {
            return runLocked(p, ctx, args, gate);
        }
    }

    /** Runs HTTP handler {@code handlerId}, waiting for any call of this runner already running. */
    HttpHandlerResult runHttpHandler(int handlerId, String name, CallContext ctx, HttpHandlerRequest request,
            TransactionGate gate) {
        synchronized (lock) {
            long start = System.nanoTime();
            ProcedureRun run = new ProcedureRun(ctx.timestamp(), start, gate);
            ModuleInstance.HttpHandlerCall call;
            try {
                call = instance().callHttpHandler(handlerId, name, ctx, run, request.headBsatn(), request.body());
            } catch (ModuleLoadException e) {
                return handlerError(ctx, start, name, run, TxOutcome.FATAL_ERROR, e.getMessage());
            }
            if (call.result() instanceof CallResult.Trapped trap) {
                LOG.warn("http handler {} of {} trapped: {}", name, host.databaseIdentity(), trap.message());
                // The module's own text when it panicked (its panic hook logged it), else what the host saw.
                String shown = trap.timedOut() ? TxOutcome.OUT_OF_ENERGY : call.panicMessage().orElse(trap.message());
                return handlerError(ctx, start, name, run, shown, trap.message());
            }
            CallResult.Returned ret = (CallResult.Returned) call.result();
            if (ret.code() != 0) {
                String detail = "__call_http_handler__ returned unexpected code " + ret.code()
                        + ". HTTP handlers should return code 0 or trap.";
                return handlerError(ctx, start, name, run, detail, detail);
            }
            try {
                HttpHandlerResponse response = HttpHandlerResponse.decode(ret.output(), call.body());
                return new HttpHandlerResult(new HttpHandlerOutcome.Responded(response), run.committed, ctx.timestamp(),
                        ModuleHost.micros(start));
            } catch (BsatnDecodeException e) {
                String detail = "the handler's response is not a BSATN HttpResponse: " + e.getMessage();
                return handlerError(ctx, start, name, run, detail, detail);
            }
        }
    }

    private HttpHandlerResult handlerError(CallContext ctx, long start, String function, ProcedureRun run,
            String message, String detail) {
        host.logInternalError(ctx, function, detail);
        return new HttpHandlerResult(new HttpHandlerOutcome.Failed(message), run.committed, ctx.timestamp(),
                ModuleHost.micros(start));
    }

    private ModuleInstance instance() {
        if (instance == null || instance.poisoned()) {
            instance = host.startInstance();
        }
        return instance;
    }

    private ProcedureResult runLocked(ProcedureSchema p, CallContext ctx, byte[] args, TransactionGate gate) {
        long start = System.nanoTime();
        ProcedureRun run = new ProcedureRun(ctx.timestamp(), start, gate);
        CallResult result;
        try {
            result = instance().callProcedure(p.id(), p.name(), ctx, run, args);
        } catch (ModuleLoadException e) {
            return procedureError(ctx, start, p.name(), run, TxOutcome.FATAL_ERROR, e.getMessage());
        }
        if (result instanceof CallResult.Trapped trap) {
            LOG.warn("procedure {} of {} trapped: {}", p.name(), host.databaseIdentity(), trap.message());
            String shown = trap.timedOut() ? TxOutcome.OUT_OF_ENERGY : TxOutcome.FATAL_ERROR;
            return procedureError(ctx, start, p.name(), run, shown, trap.message());
        }
        CallResult.Returned ret = (CallResult.Returned) result;
        if (ret.code() != 0) {
            return procedureError(ctx, start, p.name(), run, "procedure returned unexpected code " + ret.code(),
                    new String(ret.output(), StandardCharsets.UTF_8));
        }
        try {
            Bsatn.validate(ret.output(), p.returnType(), host.schema().typespace());
        } catch (BsatnDecodeException e) {
            return procedureError(ctx, start, p.name(), run, "procedure returned a value that is not its return type",
                    e.getMessage());
        }
        return new ProcedureResult(new ProcedureOutcome.Returned(ret.output()), run.committed, ctx.timestamp(),
                ModuleHost.micros(start));
    }

    private ProcedureResult procedureError(CallContext ctx, long start, String function, ProcedureRun run,
            String message, String detail) {
        host.logInternalError(ctx, function, detail);
        return new ProcedureResult(new ProcedureOutcome.InternalError(message, detail), run.committed,
                ctx.timestamp(), ModuleHost.micros(start));
    }

    /**
     * One procedure call's transactions: each {@code with_tx} opens one here, and its commit goes
     * through the gate (a direct commit arms schedules) and is recorded as a {@link TxResult}.
     * Procedures are not deterministic: time is the call's timestamp plus the real time elapsed,
     * and each transaction gets a timestamp later than the one before.
     */
    private final class ProcedureRun implements ProcedureSupport {
        private final Timestamp callTimestamp;
        private final long startNanos;
        private final TransactionGate gate;
        private final List<TxResult> committed = new ArrayList<>();
        private Timestamp txTimestamp;
        private long txStartNanos;

        ProcedureRun(Timestamp callTimestamp, long startNanos, TransactionGate gate) {
            this.callTimestamp = callTimestamp;
            this.startNanos = startNanos;
            this.gate = gate;
        }

        @Override
        public StartedTx startMutTx() {
            MutTx tx = gate.open();
            long micros = now().micros();
            if (txTimestamp != null && micros <= txTimestamp.micros()) {
                micros = txTimestamp.micros() + 1;
            }
            txTimestamp = new Timestamp(micros);
            txStartNanos = System.nanoTime();
            return new StartedTx(tx, txTimestamp);
        }

        @Override
        public void commitMutTx(MutTx tx) {
            committed.add(new TxResult(TxOutcome.COMMITTED, gate.commit(tx, txTimestamp), txTimestamp,
                    ModuleHost.micros(txStartNanos)));
        }

        @Override
        public void abortMutTx(MutTx tx) {
            gate.abort(tx);
        }

        @Override
        public Timestamp now() {
            return new Timestamp(callTimestamp.micros() + (System.nanoTime() - startNanos) / 1_000);
        }

        @Override
        public HttpEgress http() {
            return host.http();
        }
    }
}
