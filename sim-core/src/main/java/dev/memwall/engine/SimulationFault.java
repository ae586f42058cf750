package dev.memwall.engine;

/**
 * An impossible state inside a running simulation: an event of an unregistered kind, time that
 * overflowed or ran backwards. Always a fault of the simulator (or of a value no check caught),
 * never a result: the tools report it as an internal error with this one line.
 */
public final class SimulationFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulationFault(String message) {
        super(message);
    }
}
