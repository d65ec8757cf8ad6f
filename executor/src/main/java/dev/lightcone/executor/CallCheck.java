package dev.lightcone.executor;

import dev.lightcone.sats.Identity;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.ProcedureSchema;
import dev.lightcone.sats.moduledef.ReducerSchema;
import java.util.Optional;

/**
 * Whether a client may call a reducer or procedure with these arguments: the one rule, used by ingest
 * before a call is logged and by the host when the record runs (a republish may come in between).
 */
public final class CallCheck {
    private CallCheck() {
    }

    /** Why a call is refused. */
    public enum Reason {
        /** No such function, or a private one called by someone other than the owner. */
        NO_SUCH_FUNCTION,
        /** A lifecycle reducer ({@code init}, {@code client_connected}, …) called directly. */
        LIFECYCLE,
        /** Arguments that do not decode as the parameters. */
        INVALID_ARGUMENTS
    }

    /** A refused call: the reason and the text the caller sees. */
    public record Refusal(Reason reason, String message) {
    }

    /**
     * Refuses unknown reducers, lifecycle reducers, private (scheduled) reducers unless the caller is the
     * owner, and arguments that are not BSATN of the parameters (module-abi §9.1: the module would trap).
     */
    public static Optional<Refusal> reducerCall(ModuleSchema schema, Identity owner, Identity caller, String name,
            byte[] args) {
        Optional<ReducerSchema> r = schema.reducer(name);
        if (r.isEmpty() || (!r.get().clientCallable() && r.get().lifecycle().isEmpty() && !caller.equals(owner))) {
            return Optional.of(new Refusal(Reason.NO_SUCH_FUNCTION, "no such reducer `" + name + "`"));
        }
        if (r.get().lifecycle().isPresent()) {
            return Optional.of(new Refusal(Reason.LIFECYCLE, "can't directly call special "
                    + r.get().lifecycle().get().displayName() + " lifecycle reducer"));
        }
        return invalidArguments(schema, r.get().params(), args).map(why -> new Refusal(Reason.INVALID_ARGUMENTS,
                "invalid arguments for reducer " + name + ": " + why));
    }

    /** Refuses unknown procedures, private ones unless the caller is the owner, and invalid arguments. */
    public static Optional<Refusal> procedureCall(ModuleSchema schema, Identity owner, Identity caller, String name,
            byte[] args) {
        Optional<ProcedureSchema> p = schema.procedure(name);
        if (p.isEmpty() || (!p.get().clientCallable() && !caller.equals(owner))) {
            return Optional.of(new Refusal(Reason.NO_SUCH_FUNCTION, "no such procedure `" + name + "`"));
        }
        return invalidArguments(schema, p.get().params(), args).map(why -> new Refusal(Reason.INVALID_ARGUMENTS,
                "invalid arguments for procedure " + name + ": " + why));
    }

    private static Optional<String> invalidArguments(ModuleSchema schema, ProductType params, byte[] args) {
        try {
            Bsatn.validate(args, params, schema.typespace());
            return Optional.empty();
        } catch (BsatnDecodeException e) {
            return Optional.of(e.getMessage());
        }
    }
}
