package dev.memwall.hardware;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far to trust one instance's simulated latencies: which timing backend produced them, whether
 * the GPU's roofline was calibrated and against what, and the mean-latency errors of the nearest
 * validated case ({@link ValidatedErrors}). {@link #describe()} is the line the simulate banner
 * prints, e.g. {@code roofline (engine vllm-v1), RTXPRO6000 calibrated on profile tables; nearest
 * validated case bench_rtxpro6000_llama31_8b_roofline: TPOT error -1.1 %, TTFT -2.2 %}.
 *
 * @param timing {@code roofline} or {@code profile}
 * @param engine the engine profile the roofline ran with; empty for the profile backend
 * @param calibration the hardware file's calibration status (the profile backend reads measured
 *     tables directly and is reported as such)
 * @param nearest the nearest validated case, or null when none used this backend
 * @param sameHardware whether {@code nearest} ran on this GPU
 */
public record Fidelity(String timing, String engine, String hardware, HardwareSpec.Calibration calibration,
        ValidatedErrors.Entry nearest, boolean sameHardware) {

    /** The fidelity of an instance timed by {@code timing} on {@code hw}. */
    public static Fidelity of(String timing, String engine, HardwareSpec hw, String model, int tp,
            ValidatedErrors errors) {
        ValidatedErrors.Entry e = errors.nearest(timing, hw.name(), engine, model, tp);
        return new Fidelity(timing, engine, hw.name(), hw.calibration(), e, e != null && e.hardware().equals(hw.name()));
    }

    /** One line: backend, calibration, nearest validated error. */
    public String describe() {
        StringBuilder s = new StringBuilder(timing);
        if (timing.equals("profile")) {
            s.append(" (measured kernel tables of ").append(hardware).append(')');
        } else {
            s.append(" (engine ").append(engine).append("), ").append(hardware).append(' ')
                    .append(calibration.brief());
        }
        if (nearest == null) {
            return s.append("; no validated case for this backend").toString();
        }
        List<String> unlike = new ArrayList<>();
        if (!sameHardware) {
            unlike.add("on " + nearest.hardware() + ", not this GPU");
        }
        if (!nearest.engine().equals(engine)) {
            unlike.add("with engine " + nearest.engine());
        }
        s.append(String.format(Locale.US, "; nearest validated case %s%s: TPOT error %+.1f %%, TTFT %+.1f %%",
                nearest.caseId(), unlike.isEmpty() ? "" : " (" + String.join(", ", unlike) + ")",
                nearest.tpotMeanErrorPct(), nearest.ttftMeanErrorPct()));
        return s.toString();
    }
}
