package dev.memwall.memory;

/**
 * Where an off-GPU transfer goes: the devices it is striped over, the link it crosses (or -1
 * for none, as in LLMServingSim's model), and the fraction of each device's bandwidth a striped
 * transfer reaches (the interleave efficiency; 1 for a single device).
 */
public final class TransferPath {
    final int[] devices;
    final int link;
    final double deviceEfficiency;
    /** Per device, ns per byte at its bandwidth times the efficiency; filled by the memory system. */
    final double[] deviceNsPerByte;
    /** Truncate each part's time to whole ns, as LLMServingSim's memory back end does, instead of rounding. */
    final boolean truncate;
    /**
     * Set by the memory system on first use: whether every device has the same bandwidth and
     * latency and none has a loaded-latency curve, so one service time serves them all.
     */
    byte uniform = -1;
    /** Leaders of the lockstep classes its devices form (see {@link MemorySystem}), as of {@link #classVersion}. */
    int[] classLeaders;
    /** The memory system's class partition {@link #classLeaders} was listed for; -1 before first use. */
    int classVersion = -1;

    public TransferPath(int[] devices, int link, double deviceEfficiency) {
        this(devices, link, deviceEfficiency, false);
    }

    /**
     * @param truncate time each part in whole ns rounded down, as LLMServingSim does (for the
     *                 {@code lss} model), rather than to the nearest ns
     */
    public TransferPath(int[] devices, int link, double deviceEfficiency, boolean truncate) {
        this.truncate = truncate;
        if (devices.length == 0) {
            throw new IllegalArgumentException("a path needs at least one device");
        }
        this.devices = devices.clone();
        this.link = link;
        this.deviceEfficiency = deviceEfficiency;
        this.deviceNsPerByte = new double[devices.length];
        java.util.Arrays.fill(deviceNsPerByte, Double.NaN);
    }

    public int deviceCount() {
        return devices.length;
    }

    public int device(int i) {
        return devices[i];
    }

    public int link() {
        return link;
    }

    public double deviceEfficiency() {
        return deviceEfficiency;
    }
}
