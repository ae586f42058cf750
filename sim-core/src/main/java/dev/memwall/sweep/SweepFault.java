package dev.memwall.sweep;

/** A point failed in a way that is a fault of ours, not of the study: the sweep stops. */
public final class SweepFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SweepFault(String message) {
        super(message);
    }
}
