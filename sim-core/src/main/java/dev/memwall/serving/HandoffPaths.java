package dev.memwall.serving;

import dev.memwall.memory.MemorySystem;
import dev.memwall.memory.TransferPath;

/**
 * The paths P/D hand-offs take, per (prefill, decode) pair of instances: one direct path (NVLink,
 * PCIe through the host, or the nodes' network), or two legs through CXL devices (written by the
 * prefill GPU over its host link, then read by the decode GPU over its own), whose bytes stay
 * resident on the devices until read.
 */
final class HandoffPaths {
    private final MemorySystem memory;
    /** Per pair, the first (or only) leg; null where no hand-off goes. */
    private final TransferPath[][] first;
    /** Per pair, the second leg (the read from CXL), or null for a direct path. */
    private final TransferPath[][] second;

    HandoffPaths(MemorySystem memory, int instances) {
        this.memory = memory;
        this.first = new TransferPath[instances][instances];
        this.second = new TransferPath[instances][instances];
    }

    /** No hand-off anywhere (a cluster without P/D). */
    static HandoffPaths none(MemorySystem memory) {
        return new HandoffPaths(memory, 0);
    }

    void direct(int from, int to, TransferPath path) {
        first[from][to] = path;
    }

    void throughCxl(int from, int to, TransferPath write, TransferPath read) {
        first[from][to] = write;
        second[from][to] = read;
    }

    MemorySystem memory() {
        return memory;
    }

    /**
     * Moves {@code bytesPerRank} of each of {@code ranks} ranks from instance {@code from} to
     * {@code to}, issued at {@code nowNs}; returns when the KV is in place.
     */
    long move(int from, int to, double bytesPerRank, int ranks, long nowNs) {
        TransferPath read = second[from][to];
        if (read == null) {
            return memory.transfer(first[from][to], bytesPerRank, ranks, nowNs);
        }
        TransferPath write = first[from][to];
        long written = memory.transfer(write, bytesPerRank, ranks, nowNs);
        resident(write, bytesPerRank * ranks);
        return memory.transfer(read, bytesPerRank, ranks, written);
    }

    /** A hand-off of {@code bytes} (all ranks) from {@code from} to {@code to} has landed: CXL lets go of them. */
    void landed(int from, int to, double bytes) {
        if (second[from][to] != null) {
            resident(first[from][to], -bytes);
        }
    }

    private void resident(TransferPath path, double bytes) {
        for (int k = 0; k < path.deviceCount(); k++) {
            memory.use(path.device(k), bytes / path.deviceCount());
        }
    }
}
