package dev.memwall.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Devices served in lockstep classes answer as if every device were served on its own: random
 * transfers over overlapping striped paths (some first used late, splitting classes mid-run), with
 * mixed devices, links and traffic recorded on one device, against a per-device reference of the
 * FIFO service model (DESIGN.md, "The physics").
 */
class LockstepClassesTest {
    private static final double GB = 1e9;
    private static final double[] BANDWIDTH = {20 * GB, 20 * GB, 20 * GB, 20 * GB, 30 * GB, 30 * GB, 50 * GB, 40 * GB};
    private static final long[] LATENCY = {200, 200, 200, 200, 200, 200, 1_000, 3_000};
    private static final int LINK_A = 6;
    private static final int LINK_B = 7;

    /** The reference: every device's accumulators updated on their own. */
    private static final class PerDevice {
        final long[] busyUntil = new long[8];
        final long[] busy = new long[8];
        final double[] bytes = new double[8];

        long transfer(int[] devs, int link, double eff, double b, int ranks, long issue) {
            double perDevice = b * ranks / devs.length;
            long done = issue;
            long latency = 0;
            for (int d : devs) {
                long start = Math.max(issue, busyUntil[d]);
                long xfer = (long) (perDevice * (1e9 / (BANDWIDTH[d] * eff)) + 0.5);
                busyUntil[d] = start + LATENCY[d] + xfer;
                busy[d] += LATENCY[d] + xfer;
                bytes[d] += perDevice;
                done = Math.max(done, start + xfer);
                latency = Math.max(latency, LATENCY[d]);
            }
            if (link >= 0) {
                long start = Math.max(issue, busyUntil[link]);
                long xfer = (long) (b / BANDWIDTH[link] * 1e9 + 0.5);
                busyUntil[link] = start + LATENCY[link] + xfer;
                busy[link] += LATENCY[link] + xfer;
                bytes[link] += b;
                done = Math.max(done, start + xfer);
                latency += LATENCY[link];
            }
            return done + latency;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void stripedDevicesServedInLockstepAnswerAsEachServedAlone(long seed) {
        MemorySystem m = new MemorySystem();
        for (int d = 0; d < 6; d++) {
            m.addDevice("cxl:" + d, MemorySystem.Kind.CXL, 1e12, BANDWIDTH[d], LATENCY[d]);
        }
        m.addLink("a", BANDWIDTH[LINK_A], LATENCY[LINK_A]);
        m.addLink("b", BANDWIDTH[LINK_B], LATENCY[LINK_B]);
        int[][] devices = {{0, 1, 2, 3}, {0, 1, 2, 3, 4, 5}, {0, 1}, {1, 2, 3}, {3, 4}, {5}, {4, 5}};
        int[] links = {LINK_A, LINK_A, LINK_B, -1, -1, LINK_B, -1};
        double[] efficiency = {0.85, 0.8, 0.9, 1.0, 0.85, 1.0, 0.85};
        TransferPath[] paths = new TransferPath[devices.length];
        for (int p = 0; p < paths.length; p++) {
            paths[p] = new TransferPath(devices[p], links[p], efficiency[p]);
        }
        Random rnd = new Random(seed);
        PerDevice ref = new PerDevice();
        long now = 0;
        for (int step = 0; step < 3000; step++) {
            now += rnd.nextInt(2_000_000);
            // Paths come into use one by one, so classes split in the middle of the run.
            int p = rnd.nextInt(Math.min(paths.length, 1 + step / 300));
            double bytes = 1e6 + rnd.nextInt(50_000_000);
            int ranks = 1 + rnd.nextInt(2);
            assertEquals(ref.transfer(devices[p], links[p], efficiency[p], bytes, ranks, now),
                    m.transfer(paths[p], bytes, ranks, now), "transfer " + step + " over path " + p);
            if (step == 100 || step == 200 || step == 1500) {
                // Traffic on one device alone: a class's leader, then another member, then a loner.
                int d = step == 100 ? 0 : step == 200 ? 3 : 2;
                m.recordTraffic(d, 1e6, 1_000);
                ref.bytes[d] += 1e6;
                ref.busy[d] += 1_000;
            }
            for (int d = 0; d < 8; d++) {
                assertEquals(ref.busyUntil[d], m.busyUntilNs(d), "busy until, resource " + d + " at " + step);
                assertEquals(ref.busy[d], m.busyNs(d), "busy, resource " + d + " at " + step);
                assertEquals(ref.bytes[d], m.bytesTransferred(d), "bytes, resource " + d + " at " + step);
            }
        }
    }
}
