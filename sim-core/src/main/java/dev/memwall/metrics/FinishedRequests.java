package dev.memwall.metrics;

/**
 * Takes each request as it finishes, while its record can still be read: a run that hands its
 * finished requests on needs not keep them, and recycles their slots.
 */
@FunctionalInterface
public interface FinishedRequests {
    /** Takes nothing: the run recycles every finished request's slot. */
    FinishedRequests DISCARD = (rec, r) -> { };

    /**
     * Request {@code r} (a slot of {@code rec}) just finished on instance {@code rec.instance(r)};
     * its record is valid until this returns.
     */
    void finished(RequestRecords rec, int r);
}
