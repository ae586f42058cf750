package dev.memwall.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every memory device and link of the cluster with its bandwidth accumulator: HBM per GPU, host
 * DRAM per node, CXL devices, and each GPU's host link. A transfer starts when every resource on
 * its path is free (FIFO in issue order) and takes {@code latency + max(bytesPerDevice /
 * deviceBandwidth, bytes / linkBandwidth)} (DESIGN.md, "The physics"); resources that several
 * instances or layers share therefore contend.
 *
 * <p>Each resource serves its own part of a transfer FIFO and its accumulator advances by the time
 * it itself is busy: its latency plus its bytes over its bandwidth. A device striped into a
 * link-bound transfer is busy for only its share, so another GPU's transfer can use the bandwidth
 * it has left, as a real device serving two DMA streams would. Holding every resource for the
 * slowest one's time, or starting a transfer only when all are free at once, would serialise two
 * GPUs reading one striped set even when the devices have bandwidth to spare. With one resource
 * per path (LLMServingSim's model) the readings coincide.
 *
 * <p>Resources live in parallel primitive arrays indexed by an {@code int} id, so transfers on
 * the event loop's hot path allocate nothing. Set-up ({@link #addDevice}, {@link #addLink}) may.
 *
 * <p>Devices of one striped set are served in lockstep: identical devices that every path uses all
 * together or not at all see the same transfers, so their accumulators stay equal. They form a
 * {@link DeviceClasses lockstep class} whose first member (its leader) alone keeps the state, and
 * a transfer over eight such devices updates one. Classes start as all identical devices and are
 * split as paths first use part of one (partition refinement); the answers are those of updating
 * every device.
 */
public final class MemorySystem {
    /** What a resource is, for reporting. */
    public enum Kind {
        HBM, HOST_DRAM, CXL, HOST_LINK,
        /** A node's scale-out network ({@code link_bw}, {@code link_latency}). */
        NETWORK,
        /** A GPU's scale-up port (NVLink, Infinity Fabric), as pipeline stages use it. */
        SCALE_UP
    }

    private final List<String> names = new ArrayList<>();
    private final List<Kind> kinds = new ArrayList<>();
    private double[] capacityBytes = new double[8];
    private double[] bytesPerSec = new double[8];
    /** Each resource's bandwidth as built; a fault may lower {@link #bytesPerSec} until the next reset. */
    private double[] builtBytesPerSec = new double[8];
    private long[] latencyNs = new long[8];
    private long[] busyUntilNs = new long[8];
    private double[] bytesTransferred = new double[8];
    private long[] busyNs = new long[8];
    private double[] usedBytes = new double[8];
    private double[] staticBytes = new double[8];
    private double[] peakUsedBytes = new double[8];
    private LoadedLatency[] loadedLatency = new LoadedLatency[8];
    private int count;
    private final DeviceClasses classes = new DeviceClasses();

    /** Adds a memory device and returns its id. */
    public int addDevice(String name, Kind kind, double capacityBytes, double bytesPerSec, long latencyNs) {
        return add(name, kind, capacityBytes, bytesPerSec, latencyNs);
    }

    /** Adds a GPU's host link and returns its id. */
    public int addLink(String name, double bytesPerSec, long latencyNs) {
        return add(name, Kind.HOST_LINK, 0, bytesPerSec, latencyNs);
    }

    private int add(String name, Kind kind, double capacity, double bandwidth, long latency) {
        if (!(bandwidth > 0) && kind != Kind.HBM) {
            throw new IllegalArgumentException(name + ": bandwidth must be > 0");
        }
        if (count == capacityBytes.length) {
            int cap = count * 2;
            capacityBytes = Arrays.copyOf(capacityBytes, cap);
            bytesPerSec = Arrays.copyOf(bytesPerSec, cap);
            builtBytesPerSec = Arrays.copyOf(builtBytesPerSec, cap);
            latencyNs = Arrays.copyOf(latencyNs, cap);
            busyUntilNs = Arrays.copyOf(busyUntilNs, cap);
            bytesTransferred = Arrays.copyOf(bytesTransferred, cap);
            busyNs = Arrays.copyOf(busyNs, cap);
            usedBytes = Arrays.copyOf(usedBytes, cap);
            staticBytes = Arrays.copyOf(staticBytes, cap);
            peakUsedBytes = Arrays.copyOf(peakUsedBytes, cap);
            loadedLatency = Arrays.copyOf(loadedLatency, cap);
        }
        int id = count++;
        names.add(name);
        kinds.add(kind);
        capacityBytes[id] = capacity;
        bytesPerSec[id] = bandwidth;
        builtBytesPerSec[id] = bandwidth;
        latencyNs[id] = latency;
        return id;
    }

    /**
     * Sets link {@code id}'s bandwidth to {@code fraction} of what it was built with, until the next
     * {@link #reset} (a degraded host link). Links only: a device's bandwidth is cached in its paths.
     */
    public void degradeLink(int id, double fraction) {
        if (kinds.get(id) != Kind.HOST_LINK) {
            throw new IllegalArgumentException(names.get(id) + " is not a host link");
        }
        classes.isolate(id, this);
        bytesPerSec[id] = builtBytesPerSec[id] * fraction;
    }

    /** Makes device {@code id}'s latency grow with its recent utilization. */
    public void setLoadedLatency(int id, LoadedLatency curve) {
        classes.isolate(id, this);
        loadedLatency[id] = curve;
    }

    /** Clears accumulators and dynamic usage; what {@link #reserve} placed stays. */
    public void reset() {
        System.arraycopy(builtBytesPerSec, 0, bytesPerSec, 0, count);
        Arrays.fill(busyUntilNs, 0, count, 0L);
        Arrays.fill(bytesTransferred, 0, count, 0.0);
        Arrays.fill(busyNs, 0, count, 0L);
        System.arraycopy(staticBytes, 0, usedBytes, 0, count);
        System.arraycopy(staticBytes, 0, peakUsedBytes, 0, count);
        for (int i = 0; i < count; i++) {
            if (loadedLatency[i] != null) {
                loadedLatency[i].reset();
            }
        }
    }

    public int count() {
        return count;
    }

    public String name(int id) {
        return names.get(id);
    }

    public Kind kind(int id) {
        return kinds.get(id);
    }

    public double capacityBytes(int id) {
        return capacityBytes[id];
    }

    public double bytesPerSec(int id) {
        return bytesPerSec[id];
    }

    public long latencyNs(int id) {
        return latencyNs[id];
    }

    public double bytesTransferred(int id) {
        return bytesTransferred[classes.leader(id)];
    }

    public long busyNs(int id) {
        return busyNs[classes.leader(id)];
    }

    public long busyUntilNs(int id) {
        return busyUntilNs[classes.leader(id)];
    }

    public double usedBytes(int id) {
        return usedBytes[id];
    }

    public double peakUsedBytes(int id) {
        return peakUsedBytes[id];
    }

    /** Places {@code bytes} on device {@code id} for the whole run (weights, staging buffers). */
    public void reserve(int id, double bytes) {
        staticBytes[id] += bytes;
        use(id, bytes);
    }

    /** Bytes reserved on device {@code id} for the whole run. */
    public double reservedBytes(int id) {
        return staticBytes[id];
    }

    /**
     * Counts traffic that does not queue on the accumulator: HBM reads and writes of compute,
     * which the iteration-time backend has already timed.
     */
    public void recordTraffic(int id, double bytes, long ns) {
        if (classes.shared(id)) {
            classes.isolate(id, this);
        }
        bytesTransferred[id] += bytes;
        busyNs[id] += ns;
    }

    /** Changes what is resident on device {@code id} by {@code deltaBytes}; tracks the peak. */
    public void use(int id, double deltaBytes) {
        double u = usedBytes[id] + deltaBytes;
        usedBytes[id] = u;
        if (u > peakUsedBytes[id]) {
            peakUsedBytes[id] = u;
        }
    }

    /**
     * Moves {@code bytes} (one rank's share) over a path and returns when the transfer is done.
     * The path holds devices {@code path.devices} (striped: each serves {@code 1/|D|} of the
     * bytes of every one of {@code ranks} ranks, at {@code path.deviceEfficiency} of its
     * bandwidth) and, unless -1, link {@code path.link}, which carries this rank's bytes only.
     *
     * <p>Each resource serves its part FIFO in issue order, from when it is free and no earlier
     * than {@code issueNs}, and is then busy for its latency plus its bytes over its bandwidth.
     * The transfer is done when the last part is, plus the path's latency (the slowest device's
     * and the link's): on an idle path exactly {@code latency + max(bytesPerDevice / deviceBw,
     * bytes / linkBw)}.
     */
    public long transfer(TransferPath path, double bytes, int ranks, long issueNs) {
        if (path.classVersion != classes.version()) {
            prepare(path);
        }
        final double perDeviceBytes = bytes * ranks / path.devices.length;
        long partsDone;
        long deviceLatency;
        if (path.uniform == 1) {
            // Identical devices: one service time for all; each lockstep class still queues on its own.
            long lat = latencyNs[path.devices[0]];
            long xfer = toNs(perDeviceBytes * path.deviceNsPerByte[0], path.truncate);
            partsDone = serveUniform(path.classLeaders, issueNs, lat + xfer, perDeviceBytes) + xfer;
            deviceLatency = lat;
        } else {
            partsDone = issueNs;
            deviceLatency = 0;
            final int[] devs = path.devices;
            for (int k = 0; k < devs.length; k++) {
                int d = devs[k];
                if (classes.leader(d) != d) {
                    continue; // served with its class's leader, which is on the path too
                }
                long start = Math.max(issueNs, busyUntilNs[d]);
                long lat = loadedLatency[d] == null ? latencyNs[d] : loadedLatency[d].latencyNs(latencyNs[d], start);
                long xfer = toNs(perDeviceBytes * path.deviceNsPerByte[k], path.truncate);
                busyUntilNs[d] = start + lat + xfer;
                busyNs[d] += lat + xfer;
                bytesTransferred[d] += perDeviceBytes;
                if (loadedLatency[d] != null) {
                    loadedLatency[d].record(start, start + lat + xfer, Math.round(perDeviceBytes / bytesPerSec[d] * 1e9));
                }
                partsDone = Math.max(partsDone, start + xfer);
                deviceLatency = Math.max(deviceLatency, lat);
            }
        }
        long latency = deviceLatency;
        final int link = path.link;
        if (link >= 0) {
            long start = Math.max(issueNs, busyUntilNs[link]);
            long xfer = toNs(bytes / bytesPerSec[link] * 1e9, path.truncate);
            busyUntilNs[link] = start + latencyNs[link] + xfer;
            busyNs[link] += latencyNs[link] + xfer;
            bytesTransferred[link] += bytes;
            partsDone = Math.max(partsDone, start + xfer);
            latency += latencyNs[link];
        }
        return partsDone + latency;
    }

    /**
     * Serves one part of {@code hold} ns on each class (by its leader), FIFO from when it is free
     * and no earlier than {@code issueNs}; returns the latest start, or {@code issueNs}.
     */
    private long serveUniform(int[] leaders, long issueNs, long hold, double perDeviceBytes) {
        long latestStart = issueNs;
        for (int d : leaders) {
            long start = busyUntilNs[d] > issueNs ? busyUntilNs[d] : issueNs;
            busyUntilNs[d] = start + hold;
            busyNs[d] += hold;
            bytesTransferred[d] += perDeviceBytes;
            if (start > latestStart) {
                latestStart = start;
            }
        }
        return latestStart;
    }

    /** Whole ns of a non-negative time: truncated (LLMServingSim's arithmetic) or rounded. */
    private static long toNs(double ns, boolean truncate) {
        return truncate ? (long) ns : (long) (ns + 0.5);
    }

    /**
     * On first use, fills a path's per-device ns per byte, decides whether its devices are
     * interchangeable, and splits the lockstep classes it uses part of; then (and whenever classes
     * were split since) lists the leaders of the classes it uses.
     */
    private void prepare(TransferPath path) {
        int[] devs = path.devices;
        if (path.uniform < 0) {
            boolean uniform = true;
            for (int k = 0; k < devs.length; k++) {
                int d = devs[k];
                path.deviceNsPerByte[k] = 1e9 / (bytesPerSec[d] * path.deviceEfficiency);
                uniform &= loadedLatency[d] == null && bytesPerSec[d] == bytesPerSec[devs[0]]
                        && latencyNs[d] == latencyNs[devs[0]];
            }
            path.uniform = (byte) (uniform ? 1 : 0);
            classes.refine(devs, path.link, this);
        }
        path.classLeaders = classes.leadersOf(devs);
        path.classVersion = classes.version();
    }

    /**
     * Whether devices {@code a} and {@code b} can be served in lockstep: same bandwidth and latency,
     * no loaded latency, neither a host link, and the same accumulators so far.
     */
    boolean identical(int a, int b) {
        return loadedLatency[a] == null && loadedLatency[b] == null && kinds.get(a) != Kind.HOST_LINK
                && kinds.get(b) != Kind.HOST_LINK && bytesPerSec[a] == bytesPerSec[b] && latencyNs[a] == latencyNs[b]
                && busyUntilNs[a] == busyUntilNs[b] && busyNs[a] == busyNs[b]
                && bytesTransferred[a] == bytesTransferred[b];
    }

    /** Gives class member {@code to} the state its leader {@code from} keeps (when a class splits). */
    void copyState(int from, int to) {
        busyUntilNs[to] = busyUntilNs[from];
        busyNs[to] = busyNs[from];
        bytesTransferred[to] = bytesTransferred[from];
    }
}
