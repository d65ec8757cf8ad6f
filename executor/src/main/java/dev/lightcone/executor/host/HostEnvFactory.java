package dev.lightcone.executor.host;

import dev.lightcone.executor.datastore.Datastore;
import dev.lightcone.executor.log.ModuleLog;
import dev.lightcone.sats.Identity;

/**
 * Makes instances of one database's module with their host environments. The very first instance
 * is started before the datastore exists (its description defines the tables), so the datastore is
 * attached afterwards; instances only touch it inside calls.
 */
public final class HostEnvFactory {
    private final Identity databaseIdentity;
    private final ModuleLog log;
    private final ScheduleLimits scheduleLimits = new ScheduleLimits();
    private final DatastoreRef datastore = new DatastoreRef();
    private HostEnv.ImmediateScheduler immediate = (reducer, args) -> { };

    public HostEnvFactory(Identity databaseIdentity, ModuleLog log) {
        this.databaseIdentity = databaseIdentity;
        this.log = log;
    }

    /** Holds the datastore once it exists. */
    static final class DatastoreRef {
        private Datastore ds;

        Datastore get() {
            if (ds == null) {
                throw new HostTrap("the datastore is not available during module start-up");
            }
            return ds;
        }
    }

    public void attach(Datastore ds) {
        datastore.ds = ds;
    }

    /** Where {@code volatile_nonatomic_schedule_immediate} calls go. */
    public void setImmediateScheduler(HostEnv.ImmediateScheduler scheduler) {
        this.immediate = scheduler;
    }

    /** Instantiates the module and runs its start-up sequence. */
    public ModuleInstance start(ModuleCode code, ExecutionLimits limits) {
        HostEnv env = new HostEnv(datastore, databaseIdentity, log, scheduleLimits);
        return ModuleInstance.start(code, env, limits, (r, a) -> immediate.schedule(r, a));
    }
}
