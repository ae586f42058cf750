package dev.memwall.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MemorySystemTest {
    private static final double GB = 1e9;

    @Test
    void aTransferTakesLatencyPlusTheSlowerOfDevicesAndLink() {
        MemorySystem m = new MemorySystem();
        int cxl = m.addDevice("cxl:0", MemorySystem.Kind.CXL, 1e12, 60 * GB, 250);
        int link = m.addLink("gpu0.link", 55 * GB, 10_000);
        // 1.1 GB: 18.33 ms on the device, 20 ms on the link; latency 250 ns + 10 us.
        long end = m.transfer(new TransferPath(new int[] {cxl}, link, 1.0), 1.1e9, 1, 1_000);
        assertEquals(1_000 + 250 + 10_000 + 20_000_000, end);
        assertEquals(1.1e9, m.bytesTransferred(cxl), 1);
        assertEquals(1.1e9, m.bytesTransferred(link), 1);
    }

    @Test
    void transfersSharingADeviceQueueFifoInIssueOrder() {
        MemorySystem m = new MemorySystem();
        int cxl = m.addDevice("cxl:0", MemorySystem.Kind.CXL, 1e12, 10 * GB, 100);
        TransferPath noLink = new TransferPath(new int[] {cxl}, -1, 1.0);
        long first = m.transfer(noLink, 1e9, 1, 0);
        long second = m.transfer(noLink, 1e9, 1, 0);
        // LLMServingSim's FIFO: each pays latency + 100 ms, the second after the first.
        assertEquals(100 + 100_000_000, first);
        assertEquals(2 * (100 + 100_000_000), second);
    }

    @Test
    void stripingSplitsBytesOverDevicesAtTheInterleaveEfficiency() {
        MemorySystem m = new MemorySystem();
        int[] devs = new int[4];
        for (int i = 0; i < 4; i++) {
            devs[i] = m.addDevice("cxl:" + i, MemorySystem.Kind.CXL, 1e12, 20 * GB, 0);
        }
        // 4 x 20 GB/s x 0.85 = 68 GB/s aggregate: 6.8 GB in 100 ms with no link.
        long end = m.transfer(new TransferPath(devs, -1, 0.85), 6.8e9, 1, 0);
        assertEquals(100_000_000, end, 1);
        for (int d : devs) {
            assertEquals(1.7e9, m.bytesTransferred(d), 1);
        }
    }

    @Test
    void aLinkBoundStripedTransferLeavesTheDevicesBandwidthToAnotherGpu() {
        MemorySystem m = new MemorySystem();
        int[] devs = new int[4];
        for (int i = 0; i < 4; i++) {
            devs[i] = m.addDevice("cxl:" + i, MemorySystem.Kind.CXL, 1e12, 50 * GB, 0);
        }
        int linkA = m.addLink("a", 55 * GB, 0);
        int linkB = m.addLink("b", 55 * GB, 0);
        // 5.5 GB per GPU: 100 ms on its 55 GB/s link; each device serves 1.375 GB at 42.5 GB/s
        // (32.4 ms per GPU, 64.7 ms for both). Both GPUs stream at their links' rate.
        long a = m.transfer(new TransferPath(devs, linkA, 0.85), 5.5e9, 1, 0);
        long b = m.transfer(new TransferPath(devs, linkB, 0.85), 5.5e9, 1, 0);
        assertEquals(100_000_000, a);
        assertEquals(100_000_000, b);
        assertEquals(2 * Math.round(1.375e9 / 42.5e9 * 1e9), m.busyNs(devs[0]));
    }

    @Test
    void tensorParallelRanksMultiplyTheDeviceBytesButNotTheLinkBytes() {
        MemorySystem m = new MemorySystem();
        int cxl = m.addDevice("cxl:0", MemorySystem.Kind.CXL, 1e12, 10 * GB, 0);
        int link = m.addLink("gpu0.link", 55 * GB, 0);
        // 4 ranks each fetch 1 GB of their shard: the device moves 4 GB (400 ms), the link 1 GB.
        long end = m.transfer(new TransferPath(new int[] {cxl}, link, 1.0), 1e9, 4, 0);
        assertEquals(400_000_000, end);
        assertEquals(4e9, m.bytesTransferred(cxl), 1);
        assertEquals(1e9, m.bytesTransferred(link), 1);
    }

    @Test
    void loadedLatencyGrowsWithRecentUtilization() {
        MemorySystem m = new MemorySystem();
        int cxl = m.addDevice("cxl:0", MemorySystem.Kind.CXL, 1e12, 10 * GB, 1_000);
        m.setLoadedLatency(cxl, new LoadedLatency(LoadedLatency.MESS_DDR5, 1_000_000));
        TransferPath p = new TransferPath(new int[] {cxl}, -1, 1.0);
        // Idle: the first transfer pays the idle 1 us.
        long first = m.transfer(p, 1e7, 1, 0); // 1 ms of data
        assertEquals(1_000 + 1_000_000, first);
        // Right after a 1 ms busy period on a 1 ms window the device reads as fully utilised:
        // latency x 2.1 on the MESS curve.
        long second = m.transfer(p, 1e7, 1, first);
        assertEquals(first + 2_100 + 1_000_000, second, 150);
        // After a long idle gap the latency decays back to idle.
        long later = 1_000_000_000L;
        long third = m.transfer(p, 1e7, 1, later);
        assertEquals(later + 1_000 + 1_000_000, third);
    }

    @Test
    void resetKeepsReservationsAndClearsTraffic() {
        MemorySystem m = new MemorySystem();
        int cxl = m.addDevice("cxl:0", MemorySystem.Kind.CXL, 1e12, 10 * GB, 0);
        m.reserve(cxl, 5e9);
        m.use(cxl, 1e9);
        m.transfer(new TransferPath(new int[] {cxl}, -1, 1.0), 1e9, 1, 0);
        m.reset();
        assertEquals(5e9, m.usedBytes(cxl));
        assertEquals(5e9, m.peakUsedBytes(cxl));
        assertEquals(0, m.bytesTransferred(cxl));
        assertEquals(0, m.busyUntilNs(cxl));
    }
}
