package dev.memwall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The CPU time of the processes a benchmark waited for is counted, from {@code /proc/self/stat}. */
class CpuTimeProfilerTest {
    @Test
    void readsChildrenCpuTimeCountingFieldsAfterTheCommandName() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        String stat = "4242 (odd) name (x)) S 1 4242 4242 0 -1 4194304 120 7 0 0 11 3 37 5 20 0 1 0 9 0";
        assertEquals((37 + 5) * 10_000_000L, CpuTimeProfiler.childrenCpuNs(stat));
    }

    @Test
    void countsTheCpuTimeOfAChildProcessOnceItIsWaitedFor() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux only");
        long before = CpuTimeProfiler.childrenCpuNs();
        // About a second of shell arithmetic on this machine: far more than the 10 ms tick.
        Process p = new ProcessBuilder("bash", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done").start();
        assertEquals(0, p.waitFor());
        long spentNs = CpuTimeProfiler.childrenCpuNs() - before;
        assertTrue(spentNs >= 50_000_000L, "children's CPU time grew by " + spentNs + " ns");
    }
}
