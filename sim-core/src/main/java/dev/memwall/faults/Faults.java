package dev.memwall.faults;

import java.util.ArrayList;
import java.util.List;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.FaultSpec;
import dev.memwall.input.InputException;
import dev.memwall.memory.MemorySystem;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.serving.FaultControl;

/**
 * Installs a built cluster's faults (its config's {@code faults} and the run's {@code --fault}) and
 * its cold start: event kinds {@code fault} and {@code fault-end} on the loop, each fault's events
 * scheduled for every run. What happens at each:
 * <ul>
 *   <li>{@code cxl:<i>}: each instance that keeps its KV pool on the device, or streams weights or
 *       KV from it, loses what it had there. A device that does not come back leaves such an
 *       instance unable to serve: its requests move to the other instances and recompute (or fail
 *       when none is left). A hot-unplugged one holds the instance, its KV lost (requests
 *       recompute once it is back), until it is plugged back;
 *   <li>{@code link:<instance>}: the instance's host links keep a fraction of their bandwidth;
 *   <li>{@code instance:<i>}: its GPUs are lost: requests move or fail; back at the end, if any.
 * </ul>
 */
public final class Faults {
    private final List<FaultSpec> specs;
    private final FaultControl control;
    private final int[] cxl;
    private final int[][] hostLinks;
    /** Per fault, the instances it holds. */
    private final boolean[][] held;

    private Faults(List<FaultSpec> specs, FaultControl control, int[] cxl, int[][] hostLinks) {
        this.specs = specs;
        this.control = control;
        this.cxl = cxl;
        this.hostLinks = hostLinks;
        this.held = new boolean[specs.size()][control.instanceCount()];
    }

    /**
     * Installs {@code config}'s and the run options' faults, and the cold start, on {@code built}.
     *
     * @throws InputException naming the fault when it names a device or instance the cluster lacks
     */
    public static void install(ClusterBuilder.Built built, ClusterConfig config) {
        List<FaultSpec> specs = new ArrayList<>(config.faults());
        specs.addAll(built.options().faults());
        ClusterSimulation sim = built.simulation();
        MemorySystem m = built.memory();
        int[] cxl = devices(m, config.cxlDeviceCount());
        int[][] links = hostLinks(m, sim.instanceCount());
        for (FaultSpec s : specs) {
            check(s, cxl.length, sim.instanceCount(), config.fileName());
        }
        if (!specs.isEmpty()) {
            new Faults(List.copyOf(specs), sim.faults(), cxl, links).register(sim);
        }
        ColdStart.install(built);
    }

    /**
     * Refuses a fault that would come after the trace's last arrival (it could only hit an idle
     * cluster, or none at all).
     */
    public static void requireWithinTrace(ClusterConfig config, dev.memwall.serving.SimulationOptions options,
            long lastArrivalNs, String trace) {
        List<FaultSpec> specs = new ArrayList<>(config.faults());
        specs.addAll(options.faults());
        for (FaultSpec s : specs) {
            if (s.atNs() > lastArrivalNs) {
                throw new InputException("fault '" + s.text() + "': at " + s.atNs() / 1e9 + " s, after the last"
                        + " arrival of " + trace + " (" + lastArrivalNs / 1e9 + " s)");
            }
        }
    }

    private void register(ClusterSimulation sim) {
        int fault = sim.loop().register("fault", false, this::onFault);
        int end = sim.loop().register("fault-end", false, this::onEnd);
        for (FaultSpec s : specs) {
            int f = control.declare(s.text());
            control.schedule(s.atNs(), fault, f);
            if (s.ends()) {
                control.schedule(s.untilNs(), end, f);
            }
        }
    }

    private static void check(FaultSpec s, int cxlDevices, int instances, String file) {
        String where = "fault '" + s.text() + "'";
        if (s.kind() == FaultSpec.Kind.CXL && s.target() >= cxlDevices) {
            throw new InputException(file + ": " + where + ": there is no cxl:" + s.target() + " (the cluster has "
                    + (cxlDevices == 0 ? "no CXL devices" : cxlDevices + ": cxl:0 .. cxl:" + (cxlDevices - 1)) + ")");
        }
        if (s.kind() != FaultSpec.Kind.CXL && s.target() >= instances) {
            throw new InputException(file + ": " + where + ": there is no instance " + s.target()
                    + " (the cluster has " + instances + ": 0 .. " + (instances - 1) + ")");
        }
    }

    private void onFault(long nowNs, int f) {
        FaultSpec s = specs.get(f);
        control.begin(f, nowNs);
        switch (s.kind()) {
            case CXL -> loseDevice(f, s, nowNs);
            case LINK -> {
                control.countAffected(f, s.target());
                for (int link : hostLinks[s.target()]) {
                    control.degradeLink(link, s.bandwidthFraction());
                }
                if (!s.ends()) {
                    control.neverRecovers(f);
                }
            }
            case INSTANCE -> control.loseInstance(f, s.target(), nowNs);
        }
        control.finishIfRecovered(f, nowNs);
    }

    private void loseDevice(int f, FaultSpec s, long nowNs) {
        int device = cxl[s.target()];
        for (int i = 0; i < control.instanceCount(); i++) {
            boolean kv = control.keepsKvOn(i, device);
            boolean streams = control.streamsFrom(i, device);
            if (!kv && !streams) {
                continue;
            }
            if (!s.ends()) {
                if (!kv && control.fallBack(i, device)) {
                    // its weights now come from the placement's fallback: it serves on, slower
                    control.countAffected(f, i);
                    control.neverRecovers(f);
                } else {
                    control.loseInstance(f, i, nowNs);
                }
                continue;
            }
            if (kv) {
                control.loseKv(f, i, nowNs, device);
            }
            if (streams || control.poolOn(i, device)) {
                control.hold(f, i);
                held[f][i] = true;
            }
        }
    }

    private void onEnd(long nowNs, int f) {
        FaultSpec s = specs.get(f);
        switch (s.kind()) {
            case CXL -> {
                for (int i = 0; i < held[f].length; i++) {
                    if (held[f][i]) {
                        control.release(f, i, nowNs);
                    }
                }
            }
            case LINK -> {
                for (int link : hostLinks[s.target()]) {
                    control.degradeLink(link, 1);
                }
            }
            case INSTANCE -> control.restoreInstance(s.target(), nowNs);
        }
        control.finishIfRecovered(f, nowNs);
    }

    /** The memory-system ids of {@code cxl:0} .. {@code cxl:<n-1>}. */
    private static int[] devices(MemorySystem m, int n) {
        int[] ids = new int[n];
        for (int d = 0; d < m.count(); d++) {
            if (m.kind(d) == MemorySystem.Kind.CXL) {
                ids[Integer.parseInt(m.name(d).substring("cxl:".length()))] = d;
            }
        }
        return ids;
    }

    /** Per instance, its host links (one per pipeline stage), by their names. */
    private static int[][] hostLinks(MemorySystem m, int instances) {
        List<List<Integer>> byInstance = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            byInstance.add(new ArrayList<>());
        }
        for (int d = 0; d < m.count(); d++) {
            String name = m.name(d);
            if (m.kind(d) == MemorySystem.Kind.HOST_LINK && name.startsWith("instance")) {
                byInstance.get(Integer.parseInt(name.substring("instance".length(), name.indexOf('.')))).add(d);
            }
        }
        int[][] out = new int[instances][];
        for (int i = 0; i < instances; i++) {
            out[i] = byInstance.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }
}
