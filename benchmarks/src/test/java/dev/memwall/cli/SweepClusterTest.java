package dev.memwall.cli;

import static dev.memwall.cli.SweepFixtures.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import dev.memwall.sweep.PointResult;
import dev.memwall.sweep.Study;
import dev.memwall.sweep.StudyLoader;
import dev.memwall.sweep.Sweep;
import dev.memwall.distributed.ClusterExecutor;
import dev.memwall.distributed.Members;
import picocli.CommandLine;

/**
 * Sweeps on a Hazelcast cluster of two members, both on 127.0.0.1 (and never another address):
 * the same points.csv as a local run, also when a member dies in the middle.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SweepClusterTest {
    private static final String LOOPBACK = "127.0.0.1";

    @TempDir
    Path dir;

    /** Kept so that its level holds: members dying on purpose would otherwise fill the test log. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    private final List<HazelcastInstance> members = new ArrayList<>();

    @BeforeAll
    static void onlySevereHazelcastLogs() {
        HAZELCAST_LOG.setLevel(Level.SEVERE);
    }

    @AfterEach
    void stopMembers() {
        for (HazelcastInstance m : members) {
            m.getLifecycleService().terminate();
        }
    }

    private List<String> startTwoMembers(String cluster) {
        int p1 = SweepFixtures.freePort();
        int p2 = SweepFixtures.freePort();
        List<String> list = List.of(LOOPBACK + ":" + p1, LOOPBACK + ":" + p2);
        members.add(Members.start(Members.config(cluster, LOOPBACK, p1, list, 1)));
        members.add(Members.start(Members.config(cluster, LOOPBACK, p2, list, 1)));
        return list;
    }

    @Test
    void aMemberThatDiesMidStudyHasItsPointsRunElsewhereAndEveryPointIsRecordedOnce() throws Exception {
        Path studyFile = SweepFixtures.study(dir, 150, "20, 50, 100, 200");
        Study study = StudyLoader.load(studyFile);
        Path local = dir.resolve("local");
        assertEquals(0, CliRun.run("sweep", args(studyFile, "--out", local, "--progress", "none", "--no-plots"))
                .exitCode);

        List<String> addresses = startTwoMembers("memwall-test-death");
        HazelcastInstance victim = members.get(1);
        String victimAddress = victim.getCluster().getLocalMember().getAddress().toString();
        AtomicBoolean killed = new AtomicBoolean();
        StringWriter log = new StringWriter();
        Path out = dir.resolve("cluster");
        Sweep.Outcome o;
        try (ClusterExecutor executor = ClusterExecutor.connect("memwall-test-death", addresses,
                new PrintWriter(log, true))) {
            o = Sweep.run(study, new Sweep.Settings(out, Map.of(), 1, 1), executor, new Sweep.Listener() {
                @Override
                public void started(int toRun, int recorded, int selected, String where) {
                }

                @Override
                public void recorded(PointResult r, int done, int toRun) {
                    // The victim's first result: its second point is on it now, and dies with it.
                    if (r.worker().startsWith(victimAddress) && killed.compareAndSet(false, true)) {
                        victim.getLifecycleService().terminate();
                    }
                }

                @Override
                public void finished() {
                }
            });
        }
        assertTrue(killed.get(), "the victim ran a point before it was killed");
        assertEquals(64, o.ran());
        assertTrue(log.toString().contains("lost on member " + victimAddress), log.toString());
        assertEquals(-1, Files.mismatch(local.resolve("points.csv"), out.resolve("points.csv")));
        List<String> journal = Files.readAllLines(out.resolve("points.jsonl"));
        assertEquals(64, journal.size());
        assertEquals(64, journal.stream().map(l -> l.substring(0, l.indexOf("\"inputs\""))).distinct().count());
        assertTrue(journal.stream().anyMatch(l -> l.contains("\"worker\":\"" + victimAddress)));
        assertTrue(journal.stream().anyMatch(l -> !l.contains("\"worker\":\"" + victimAddress)));
    }

    @Test
    void losingEveryMemberMidSweepIsOneLineAndKeepsWhatWasRecorded() throws Exception {
        Path studyFile = SweepFixtures.study(dir, 150, "20, 50, 100, 200");
        List<String> addresses = startTwoMembers("memwall-test-loss");
        Path out = dir.resolve("lost");
        Thread killer = new Thread(() -> {
            try {
                while (!Files.exists(out.resolve("points.jsonl")) || Files.size(out.resolve("points.jsonl")) == 0) {
                    Thread.sleep(5);
                }
            } catch (InterruptedException | java.io.IOException e) {
                return;
            }
            for (HazelcastInstance m : members) {
                m.getLifecycleService().terminate();
            }
        });
        killer.start();
        CliRun r = CliRun.run("sweep", args(studyFile, "--out", out, "--cluster", String.join(",", addresses),
                "--cluster-name", "memwall-test-loss", "--progress", "none", "--no-plots"));
        killer.join(10_000);
        r.assertBadInput("sweep: --cluster: every member of the cluster is gone");
        List<String> journal = Files.readAllLines(out.resolve("points.jsonl"));
        assertTrue(!journal.isEmpty() && journal.size() < 64, "recorded: " + journal.size());
        assertEquals(journal.size() + 1, Files.readAllLines(out.resolve("points.csv")).size(),
                "points.csv holds what was recorded");
    }

    @Test
    void sweepWithClusterRunsOnTwoMembersStartedByTheMemberTool() throws Exception {
        Path studyFile = SweepFixtures.study(dir, 30, "20, 200");
        Path local = dir.resolve("local");
        assertEquals(0, CliRun.run("sweep", args(studyFile, "--out", local, "--progress", "none", "--no-plots"))
                .exitCode);

        int p1 = SweepFixtures.freePort();
        int p2 = SweepFixtures.freePort();
        String list = LOOPBACK + ":" + p1 + "," + LOOPBACK + ":" + p2;
        List<Thread> tools = new ArrayList<>();
        List<StringWriter> outputs = new ArrayList<>();
        for (int port : new int[] {p1, p2}) {
            StringWriter w = new StringWriter();
            outputs.add(w);
            Thread t = new Thread(() -> Main.run("member", args("--bind", LOOPBACK, "--port", port, "--members", list,
                    "--cluster-name", "memwall-test-tool", "--threads", 1), new PrintWriter(w, true),
                    new PrintWriter(w, true)));
            t.start();
            tools.add(t);
        }
        waitForMembers(2);
        Path out = dir.resolve("cluster");
        CliRun r = CliRun.run("sweep", args(studyFile, "--out", out, "--cluster", list, "--cluster-name",
                "memwall-test-tool", "--progress", "none", "--no-plots"));
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("on a Hazelcast cluster of 2 members (2 threads)"), r.out);
        assertEquals(-1, Files.mismatch(local.resolve("points.csv"), out.resolve("points.csv")));

        for (HazelcastInstance hz : Hazelcast.getAllHazelcastInstances()) {
            if (hz.getConfig().getClusterName().equals("memwall-test-tool")) {
                hz.shutdown();
            }
        }
        for (Thread t : tools) {
            t.join(60_000);
            assertFalse(t.isAlive(), "the member tool returns once its member is shut down");
        }
        assertTrue(outputs.get(0).toString().contains("member: /" + LOOPBACK + ":" + p1) || outputs.get(0).toString()
                .contains("member: [" + LOOPBACK + "]:" + p1), outputs.get(0).toString());
    }

    @Test
    void theMemberToolBindsOneAddressJoinsOnlyItsListAndNeverPhonesHome() {
        MemberCommand m = new MemberCommand();
        new CommandLine(m).parseArgs("--bind", LOOPBACK, "--port", "5799", "--members", "127.0.0.1:5799,127.0.0.1:5800",
                "--threads", "3");
        Config c = m.config();
        assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
        assertEquals(LOOPBACK, c.getProperty("hazelcast.local.localAddress"));
        assertEquals("false", c.getProperty("hazelcast.socket.bind.any"));
        assertFalse(c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
        assertFalse(c.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled());
        assertTrue(c.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
        assertEquals(List.of("127.0.0.1:5799", "127.0.0.1:5800"), c.getNetworkConfig().getJoin().getTcpIpConfig()
                .getMembers());
        assertEquals(5799, c.getNetworkConfig().getPort());
        assertFalse(c.getNetworkConfig().isPortAutoIncrement());
        assertEquals(3, c.getExecutorConfig(Members.EXECUTOR).getPoolSize());
    }

    private static void waitForMembers(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            long up = Hazelcast.getAllHazelcastInstances().stream()
                    .filter(h -> h.getConfig().getClusterName().equals("memwall-test-tool"))
                    .filter(h -> h.getCluster().getMembers().size() == n).count();
            if (up == n) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the members did not form a cluster of " + n);
    }
}
