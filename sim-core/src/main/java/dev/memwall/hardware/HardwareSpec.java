package dev.memwall.hardware;

/**
 * One GPU model's numbers for the roofline and the transfer model, in SI units. Read from
 * {@code configs/hardware/<name>.json} by {@link HardwareCatalog}, where each number carries
 * its source. Hardware only: what the serving engine adds around the GPU's work (per-step and
 * per-sequence CPU time, eager launches) is an {@link EngineProfile}.
 *
 * @param memoryBytes GPU memory, {@code memory_gb × 1e9}
 * @param memoryBandwidthBytesPerSec spec memory bandwidth
 * @param bf16FlopsPerSec dense BF16/FP16 tensor peak
 * @param fp8FlopsPerSec dense FP8 tensor peak, NaN when the GPU has no FP8
 * @param smCount streaming multiprocessors (compute units), over which GEMM tiles are spread
 * @param pcieCollective the link TP collectives use on a GPU without a scale-up link, or null
 *     (then the host link's achievable bandwidth and latency stand in)
 * @param roofline the fitted efficiencies and overheads of every kernel class
 * @param calibration whether and against what data the roofline was fitted
 * @param boardPowerW the board's rated power (TDP), W, for the power model's defaults when a
 *     config has no {@code power} block; NaN when the file gives none
 */
public record HardwareSpec(
        String name,
        String description,
        double memoryBytes,
        double memoryBandwidthBytesPerSec,
        double bf16FlopsPerSec,
        double fp8FlopsPerSec,
        int smCount,
        HostLink hostLink,
        ScaleUpLink scaleUpLink,
        CollectiveLink pcieCollective,
        RooflineConstants roofline,
        Calibration calibration,
        double boardPowerW) {

    /**
     * Whether a hardware file's roofline was fitted to measurements, and to which.
     *
     * @param calibrated true when fitted to measured kernel tables or request timings
     * @param against what the fit used, e.g. {@code profile tables: RTXPRO6000 Llama-3.1-8B ...};
     *     for an uncalibrated GPU, where its numbers come from instead
     */
    public record Calibration(boolean calibrated, String against) {
        /** {@code calibrated on <against>} or {@code uncalibrated (<against>)}. */
        public String describe() {
            return calibrated ? "calibrated on " + against : "uncalibrated (" + against + ")";
        }

        /**
         * One short phrase for banners: {@code calibrated on profile tables}, {@code calibrated on
         * legacy kernel tables and end to end}, or {@code uncalibrated}.
         */
        public String brief() {
            if (!calibrated) {
                return "uncalibrated";
            }
            int colon = against.indexOf(':');
            String kind = colon > 0 ? against.substring(0, colon) : against;
            boolean endToEnd = against.contains("end to end:") && !kind.startsWith("end to end");
            return "calibrated on " + kind + (endToEnd ? " and end to end" : "");
        }
    }

    /**
     * The link a ring all-reduce crosses between GPUs that have no scale-up fabric: PCIe, through
     * the switch or the host.
     *
     * @param busBytesPerSec bandwidth one ring step moves data at
     * @param latencyNs fixed cost of one ring step
     */
    public record CollectiveLink(double busBytesPerSec, long latencyNs) {
    }

    /** True when the GPU has FP8 tensor cores. */
    public boolean hasFp8() {
        return !Double.isNaN(fp8FlopsPerSec);
    }

    /** Fraction of spec bandwidth GEMMs stream weights at (the roofline's memory efficiency). */
    public double memoryEfficiency() {
        return roofline.memoryEfficiency();
    }

    /** Fraction of dense peak full GEMM waves reach. */
    public double computeEfficiency() {
        return roofline.computeEfficiency();
    }

    /** Fixed GPU time of a non-attention kernel, rounded to whole ns. */
    public long kernelOverheadNs() {
        return Math.round(roofline.kernelOverheadNs());
    }

    /** Bandwidth of the link TP all-reduces run on: scale-up fabric, PCIe collective link, or host link. */
    public double collectiveBytesPerSec() {
        if (scaleUpLink.present()) {
            return scaleUpLink.bytesPerSec();
        }
        return pcieCollective != null ? pcieCollective.busBytesPerSec() : hostLink.achievableBytesPerSec();
    }

    /** Per-step latency of the link {@link #collectiveBytesPerSec} names. */
    public long collectiveLatencyNs() {
        if (scaleUpLink.present()) {
            return scaleUpLink.latencyNs();
        }
        return pcieCollective != null ? pcieCollective.latencyNs() : hostLink.latencyNs();
    }

    /** A copy with other roofline constants (what {@code calibrate} varies). */
    public HardwareSpec withRoofline(RooflineConstants constants) {
        return new HardwareSpec(name, description, memoryBytes, memoryBandwidthBytesPerSec, bf16FlopsPerSec,
                fp8FlopsPerSec, smCount, hostLink, scaleUpLink, pcieCollective, constants, calibration, boardPowerW);
    }
}
