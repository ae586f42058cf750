package dev.memwall.compare;

import java.util.Arrays;

import dev.memwall.memory.MemorySystem;
import dev.memwall.power.EnergyMeter;
import dev.memwall.result.EnergyUsage;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.serving.InstanceStats;

/**
 * A run over simulated time, sampled on the heartbeat: cumulative tokens, requests completed,
 * requests running and waiting, HBM, CXL and host DRAM in use, and energy so far. At most
 * {@link #MAX_SAMPLES} samples are kept: when full, every other one is dropped and the spacing
 * doubles, so a run of any length ends with between half and all of them, evenly spaced.
 * Sampling allocates (it reads instance counters and prices energy); it runs on the heartbeat,
 * not in the loop's work.
 */
public final class TimeSeries implements ClusterSimulation.Heartbeat {
    /** Most samples kept. */
    public static final int MAX_SAMPLES = 512;
    private static final double GIB = 1024.0 * 1024.0 * 1024.0;

    private ClusterBuilder.Built built;
    private long beats;
    private long stride = 1;
    private int n;
    private final double[] seconds = new double[MAX_SAMPLES];
    private final double[] promptTokens = new double[MAX_SAMPLES];
    private final double[] outputTokens = new double[MAX_SAMPLES];
    private final double[] completed = new double[MAX_SAMPLES];
    private final double[] running = new double[MAX_SAMPLES];
    private final double[] waiting = new double[MAX_SAMPLES];
    private final double[] hbmGib = new double[MAX_SAMPLES];
    private final double[] cxlGib = new double[MAX_SAMPLES];
    private final double[] hostDramGib = new double[MAX_SAMPLES];
    private final double[] joules = new double[MAX_SAMPLES];

    /** The built cluster whose counters and power model the samples read. */
    public void attach(ClusterBuilder.Built b) {
        this.built = b;
    }

    @Override
    public void beat(ClusterSimulation sim, long nowNs) {
        if (beats++ % stride == 0) {
            sample(sim, nowNs);
        }
    }

    /** Takes a sample at {@code nowNs} (also the run's last one, at its end). */
    public void sample(ClusterSimulation sim, long nowNs) {
        if (n == MAX_SAMPLES) {
            halve();
        }
        double prompt = 0;
        double output = 0;
        double run = 0;
        double wait = 0;
        double hbm = 0;
        for (int i = 0; i < sim.instanceCount(); i++) {
            InstanceStats st = sim.instanceStats(i);
            prompt += st.promptTokensDone();
            output += st.outputTokensDone();
            run += st.running();
            wait += st.waiting();
            hbm += st.usedHbmBytes();
        }
        MemorySystem m = sim.memory();
        double cxl = 0;
        double dram = 0;
        for (int d = 0; d < m.count(); d++) {
            if (m.kind(d) == MemorySystem.Kind.CXL) {
                cxl += m.usedBytes(d);
            } else if (m.kind(d) == MemorySystem.Kind.HOST_DRAM) {
                dram += m.usedBytes(d);
            }
        }
        seconds[n] = nowNs / 1e9;
        promptTokens[n] = prompt;
        outputTokens[n] = output;
        completed[n] = sim.completedRequests();
        running[n] = run;
        waiting[n] = wait;
        hbmGib[n] = hbm / GIB;
        cxlGib[n] = cxl / GIB;
        hostDramGib[n] = dram / GIB;
        joules[n] = built == null ? 0 : EnergyMeter.measure(built.power(), EnergyUsage.of(built, nowNs)).totalJoules();
        n++;
    }

    private void halve() {
        double[][] all = {seconds, promptTokens, outputTokens, completed, running, waiting, hbmGib, cxlGib,
            hostDramGib, joules};
        for (double[] a : all) {
            for (int k = 0; k < n / 2; k++) {
                a[k] = a[2 * k];
            }
        }
        n = n / 2;
        stride *= 2;
    }

    /** Samples taken. */
    public int size() {
        return n;
    }

    public double[] seconds() {
        return Arrays.copyOf(seconds, n);
    }

    public double[] outputTokens() {
        return Arrays.copyOf(outputTokens, n);
    }

    public double[] promptTokens() {
        return Arrays.copyOf(promptTokens, n);
    }

    public double[] completed() {
        return Arrays.copyOf(completed, n);
    }

    public double[] running() {
        return Arrays.copyOf(running, n);
    }

    public double[] waiting() {
        return Arrays.copyOf(waiting, n);
    }

    /** HBM in use over all instances (per GPU times one: each instance's per-rank use). */
    public double[] hbmGib() {
        return Arrays.copyOf(hbmGib, n);
    }

    public double[] cxlGib() {
        return Arrays.copyOf(cxlGib, n);
    }

    public double[] hostDramGib() {
        return Arrays.copyOf(hostDramGib, n);
    }

    /** Cumulative joules. */
    public double[] joules() {
        return Arrays.copyOf(joules, n);
    }

    /** Per interval between samples: the change of {@code cumulative} over the time, at the interval's end. */
    public static double[] rate(double[] seconds, double[] cumulative) {
        double[] out = new double[cumulative.length];
        for (int k = 1; k < out.length; k++) {
            double dt = seconds[k] - seconds[k - 1];
            out[k] = dt > 0 ? (cumulative[k] - cumulative[k - 1]) / dt : 0;
        }
        return out;
    }
}
