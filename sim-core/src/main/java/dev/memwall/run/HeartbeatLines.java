package dev.memwall.run;

import java.io.PrintWriter;

import dev.memwall.memory.MemorySystem;
import dev.memwall.metrics.FixedPoint;
import dev.memwall.power.EnergyMeter;
import dev.memwall.result.EnergyUsage;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.serving.InstanceStats;

/**
 * LLMServingSim-style heartbeat lines every log interval of simulated time: prompt and generation
 * throughput over the interval, then per instance its running and waiting requests, HBM use and
 * prefix hit ratio, per CXL device its use, read bandwidth and busy share, and the average power
 * over the interval. Sizes in GiB, as everywhere in memwall's output.
 */
final class HeartbeatLines implements ClusterSimulation.Heartbeat {
    private static final String NL = System.lineSeparator();
    private static final double GIB = 1024.0 * 1024.0 * 1024.0;
    private final PrintWriter log;
    private final double intervalSeconds;
    private long lastPrompt;
    private long lastOutput;
    private double[] lastCxlBytes = new double[0];
    private long[] lastCxlBusyNs = new long[0];
    private ClusterBuilder.Built built;
    private double lastJoules;
    private long lastBeatNs;

    HeartbeatLines(PrintWriter log, long intervalNs) {
        this.log = log;
        this.intervalSeconds = intervalNs / 1e9;
    }

    @Override
    public void beat(ClusterSimulation sim, long nowNs) {
        StringBuilder sb = new StringBuilder(256);
        appendThroughput(sb, sim, nowNs);
        for (int i = 0; i < sim.instanceCount(); i++) {
            appendInstance(sb, sim.instanceStats(i), i, built.instances().get(i));
        }
        MemorySystem memory = sim.memory();
        if (memory != null) {
            if (lastCxlBytes.length < memory.count()) {
                lastCxlBytes = new double[memory.count()];
                lastCxlBusyNs = new long[memory.count()];
            }
            for (int d = 0; d < memory.count(); d++) {
                if (memory.kind(d) == MemorySystem.Kind.CXL) {
                    appendCxlDevice(sb, memory, d);
                }
            }
        }
        appendPower(sb, nowNs);
        log.print(sb);
    }

    /** The built cluster whose power model prices each interval. */
    void meter(ClusterBuilder.Built b) {
        this.built = b;
    }

    /** LLMServingSim's last heartbeat line: the energy since the previous beat over the interval. */
    private void appendPower(StringBuilder sb, long nowNs) {
        double joules = EnergyMeter.measure(built.power(), EnergyUsage.of(built, nowNs)).totalJoules();
        double seconds = (nowNs - lastBeatNs) / 1e9;
        sb.append("        └─Avg power consumption: ");
        FixedPoint.append(sb, seconds > 0 ? (joules - lastJoules) / seconds : 0, 1).append(" W").append(NL);
        lastJoules = joules;
        lastBeatNs = nowNs;
    }

    private void appendThroughput(StringBuilder sb, ClusterSimulation sim, long nowNs) {
        long prompt = 0;
        long output = 0;
        for (int i = 0; i < sim.instanceCount(); i++) {
            prompt += sim.promptTokensDone(i);
            output += sim.outputTokensDone(i);
        }
        sb.append('[');
        FixedPoint.append(sb, nowNs / 1e9, 1).append("s] Avg prompt throughput: ");
        FixedPoint.append(sb, (prompt - lastPrompt) / intervalSeconds, 1)
                .append(" tokens/s, Avg generation throughput: ");
        FixedPoint.append(sb, (output - lastOutput) / intervalSeconds, 1).append(" tokens/s").append(NL);
        lastPrompt = prompt;
        lastOutput = output;
    }

    private static void appendInstance(StringBuilder sb, InstanceStats st, int i, ClusterBuilder.ResolvedInstance ri) {
        double used = st.usedHbmBytes();
        double hit = st.prefixQueriedTokens() == 0 ? 0 : 100.0 * st.prefixHitTokens() / st.prefixQueriedTokens();
        sb.append("        ├─Running Instance[").append(i).append("]: ")
                .append(st.running()).append(" reqs, Waiting: ").append(st.waiting())
                .append(" reqs, Total # ").append(ri.shape().tpSize() * ri.pipelineStages())
                .append(" NPUs, Each NPU Memory Usage ");
        FixedPoint.append(sb, used / GIB, 2).append(" GiB (");
        FixedPoint.append(sb, 100.0 * used / st.hbmCapacityBytes(), 3).append(" % Used), Prefix Cache Hit ratio ");
        FixedPoint.append(sb, hit, 2).append(" %").append(NL);
    }

    private void appendCxlDevice(StringBuilder sb, MemorySystem memory, int d) {
        double moved = memory.bytesTransferred(d);
        sb.append("        ├─").append(memory.name(d)).append(": Memory Usage ");
        FixedPoint.append(sb, memory.usedBytes(d) / GIB, 2).append(" GiB (");
        FixedPoint.append(sb, 100.0 * memory.usedBytes(d) / memory.capacityBytes(d), 3).append(" % Used), read ");
        FixedPoint.append(sb, (moved - lastCxlBytes[d]) / intervalSeconds / 1e9, 2).append(" GB/s, busy ");
        FixedPoint.append(sb, 100.0 * (memory.busyNs(d) - lastCxlBusyNs[d]) / (intervalSeconds * 1e9), 1)
                .append(" %").append(NL);
        lastCxlBytes[d] = moved;
        lastCxlBusyNs[d] = memory.busyNs(d);
    }
}
