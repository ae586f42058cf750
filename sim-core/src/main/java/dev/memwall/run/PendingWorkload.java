package dev.memwall.run;

import java.io.PrintWriter;

import dev.memwall.workload.ReadAheadReader;
import dev.memwall.workload.WorkloadReader;

/**
 * A run's workload from the run's start until the simulation takes it: a trace file read ahead on
 * a spare core all along (parsing overlaps loading the configs and building the cluster), or
 * opened only then. Either way, opening it raises what opening the trace raises, at the same point
 * of the run.
 */
abstract class PendingWorkload {
    /**
     * The workload of {@code in}: read ahead when it is a trace file and the machine has a second
     * core, else opened on demand (the built-in workload is announced on {@code log} then).
     */
    static PendingWorkload of(SimulateJob.Inputs in, PrintWriter log) {
        return of(in, log, Runtime.getRuntime().availableProcessors());
    }

    /** As {@link #of(SimulateJob.Inputs, PrintWriter)} on a machine of {@code processors} cores. */
    static PendingWorkload of(SimulateJob.Inputs in, PrintWriter log, int processors) {
        if (in.dataset() == null || processors < 2) {
            return new OnDemand(in, log);
        }
        return new ReadAhead(ReadAheadReader.start(in::openDataset, in.dataset().toString()));
    }

    /** The workload's reader, which the caller closes; raises a missing or empty trace. */
    abstract WorkloadReader open(int instances);

    /**
     * After {@code failure} ends the run, stops what reads ahead; a failure to close is added to
     * {@code failure}, not raised instead of it.
     */
    abstract void abandon(Throwable failure);

    private static final class ReadAhead extends PendingWorkload {
        private final ReadAheadReader reader;

        ReadAhead(ReadAheadReader reader) {
            this.reader = reader;
        }

        @Override
        WorkloadReader open(int instances) {
            return reader.awaitOpen();
        }

        @Override
        void abandon(Throwable failure) {
            try {
                reader.close(); // closing again after the run closed it does nothing
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static final class OnDemand extends PendingWorkload {
        private final SimulateJob.Inputs in;
        private final PrintWriter log;

        OnDemand(SimulateJob.Inputs in, PrintWriter log) {
            this.in = in;
            this.log = log;
        }

        @Override
        WorkloadReader open(int instances) {
            return SimulateJob.openWorkload(in, instances, log);
        }

        @Override
        void abandon(Throwable failure) {
            // nothing open but what the run opened, and closes itself
        }
    }
}
