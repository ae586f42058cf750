package dev.memwall.memory;

/**
 * The lockstep classes of a {@link MemorySystem}'s devices: identical devices (same bandwidth and
 * latency, no loaded-latency curve, same accumulators) that every path used so far takes all
 * together or not at all. Every transfer then treats the members alike, so their accumulators stay
 * equal and only the class's leader, its lowest id, keeps them up to date.
 *
 * <p>The classes are formed at the first transfer from the devices added by then (later ones stay
 * alone) and only ever split: when a path first used takes part of a class (partition refinement),
 * or when one member must diverge (a loaded-latency curve, a degraded link, traffic recorded on it
 * alone, a resource used as a path's link). A split gives the new part's leader the state the old
 * leader kept, which was every member's. Each split bumps {@link #version}, telling paths to list
 * their classes again; after the first uses nothing splits and nothing allocates.
 */
final class DeviceClasses {
    /** Per device grouped, its class's leader. */
    private int[] leader = new int[0];
    /** Per leader, its class's members. */
    private int[] size = new int[0];
    /** Devices grouped: {@code [0, grouped)}; any later device is its own class. */
    private int grouped;
    private boolean formed;
    private int version;

    /** Bumped whenever a class splits. */
    int version() {
        return version;
    }

    /** The leader of device {@code d}'s class: the device whose accumulators stand for the class. */
    int leader(int d) {
        return d < grouped ? leader[d] : d;
    }

    /** Whether device {@code d} shares its class with another device. */
    boolean shared(int d) {
        return d < grouped && size[leader[d]] > 1;
    }

    /**
     * Splits the classes that a path over {@code devices} and {@code link} (or -1) takes part of,
     * forming the classes first if this is the first path used.
     */
    void refine(int[] devices, int link, MemorySystem memory) {
        if (!formed) {
            form(memory);
        }
        if (link >= 0) {
            isolate(link, memory);
        }
        for (int k = 0; k < devices.length; k++) {
            for (int j = 0; j < k; j++) {
                if (devices[j] == devices[k]) {
                    isolate(devices[k], memory); // served once per mention: it leaves the class
                }
            }
        }
        for (int d : devices) {
            if (shared(d)) {
                splitOff(leader[d], devices, memory);
            }
        }
    }

    /** The leaders among {@code devices}, in path order: one per class, every class of the path. */
    int[] leadersOf(int[] devices) {
        int n = 0;
        for (int d : devices) {
            if (leader(d) == d) {
                n++;
            }
        }
        int[] leaders = new int[n];
        n = 0;
        for (int d : devices) {
            if (leader(d) == d) {
                leaders[n++] = d;
            }
        }
        return leaders;
    }

    /** Makes device {@code d} a class of its own. */
    void isolate(int d, MemorySystem memory) {
        if (!shared(d)) {
            return;
        }
        int old = leader[d];
        if (d != old) {
            memory.copyState(old, d);
            leader[d] = d;
            size[old]--;
            size[d] = 1;
        } else {
            int next = -1;
            for (int e = d + 1; e < grouped; e++) {
                if (leader[e] == d) {
                    next = next < 0 ? e : next;
                    leader[e] = next;
                }
            }
            memory.copyState(d, next);
            size[next] = size[d] - 1;
            size[d] = 1;
        }
        version++;
    }

    private void form(MemorySystem memory) {
        grouped = memory.count();
        leader = new int[grouped];
        size = new int[grouped];
        for (int d = 0; d < grouped; d++) {
            leader[d] = d;
            for (int e = 0; e < d; e++) {
                if (leader[e] == e && memory.identical(e, d)) {
                    leader[d] = e;
                    break;
                }
            }
            size[leader[d]]++;
        }
        formed = true;
        version++;
    }

    /** Splits class {@code lead} into its members on {@code devices} and the others. */
    private void splitOff(int lead, int[] devices, MemorySystem memory) {
        boolean leadOn = contains(devices, lead);
        int newLeader = -1;
        int moved = 0;
        for (int e = lead + 1; e < grouped; e++) {
            if (leader[e] == lead && contains(devices, e) != leadOn) {
                newLeader = newLeader < 0 ? e : newLeader;
                leader[e] = newLeader;
                moved++;
            }
        }
        if (moved == 0) {
            return;
        }
        memory.copyState(lead, newLeader);
        size[lead] -= moved;
        size[newLeader] = moved;
        version++;
    }

    private static boolean contains(int[] devices, int d) {
        for (int e : devices) {
            if (e == d) {
                return true;
            }
        }
        return false;
    }
}
