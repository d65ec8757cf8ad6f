package dev.lightcone.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightcone.executor.ProcedureOutcome;
import dev.lightcone.executor.ProcedureResult;
import dev.lightcone.executor.TxResult;
import dev.lightcone.executor.datastore.TableChanges;
import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.Typespace;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.json.SatsJson;
import java.util.List;

/**
 * What a procedure call made through a {@link TestDatabase} did: its return value (decoded at the
 * procedure's return type) and the transactions it committed.
 */
public final class ProcedureCall {
    private final String procedure;
    private final ProcedureResult result;
    private final AlgebraicType returnType;
    private final Typespace typespace;

    ProcedureCall(String procedure, ProcedureResult result, AlgebraicType returnType, Typespace typespace) {
        this.procedure = procedure;
        this.result = result;
        this.returnType = returnType;
        this.typespace = typespace;
    }

    public ProcedureResult result() {
        return result;
    }

    public ProcedureOutcome outcome() {
        return result.outcome();
    }

    public boolean returned() {
        return result.outcome().returned();
    }

    /** The transactions the procedure committed, in order. */
    public List<TxResult> transactions() {
        return result.transactions();
    }

    /** The committed changes of every transaction, in order. */
    public List<TableChanges> changes() {
        return result.transactions().stream().flatMap(t -> t.changes().stream()).toList();
    }

    /** The return value as a SATS value; fails unless the procedure returned. */
    public AlgebraicValue value() {
        assertReturned();
        BsatnReader r = new BsatnReader(((ProcedureOutcome.Returned) result.outcome()).value());
        AlgebraicValue v = Bsatn.read(r, returnType, typespace);
        r.expectEnd();
        return v;
    }

    /** The return value as SATS-JSON (products keyed by field name). */
    public JsonNode json() {
        return SatsJson.encode(returnType, value(), typespace, SatsJson.Style.NAMED);
    }

    /** The message the caller is told if the call failed, else null. */
    public String error() {
        return result.outcome() instanceof ProcedureOutcome.InternalError e ? e.message() : null;
    }

    /** Fails with a readable message unless the procedure returned; returns this for chaining. */
    public ProcedureCall assertReturned() {
        if (!returned()) {
            throw new AssertionError("procedure `" + procedure + "` did not return: " + result.outcome());
        }
        return this;
    }
}
