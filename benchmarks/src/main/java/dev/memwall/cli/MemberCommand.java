package dev.memwall.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;

import dev.memwall.input.InputException;
import dev.memwall.distributed.Members;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code member}: a Hazelcast member that runs sweep points sent by {@code sweep --cluster}. */
@Command(name = "member", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Starts a Hazelcast member that runs the points of 'sweep STUDY --cluster ...'",
            "until stopped (Ctrl-C or SIGTERM). It needs nothing but this jar: the study's",
            "trace, models and hardware come from the submitter. Members find each other",
            "only through --members (TCP/IP; multicast and Hazelcast's phone-home are off)",
            "and bind only --bind.",
            "",
            "Example, two machines (java -jar benchmarks.jar ...):",
            "  member --bind 10.0.0.5 --members 10.0.0.5:5701,10.0.0.6:5701",
            "  member --bind 10.0.0.6 --members 10.0.0.5:5701,10.0.0.6:5701",
            "  sweep configs/studies/cxl-grid.json --cluster 10.0.0.5:5701,10.0.0.6:5701",
            ""},
        footer = {"", "Exit codes: 0 stopped, 1 internal fault, 2 bad input or environment (one line on stderr)."})
public final class MemberCommand implements Callable<Integer> {
    /** The cluster name members and sweeps use unless told otherwise. */
    static final String DEFAULT_CLUSTER_NAME = "memwall";

    @Spec
    CommandSpec spec;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to bind and announce (default: ${DEFAULT-VALUE}).")
    String bind = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port = 5701;

    @Option(names = "--members", paramLabel = "HOST:PORT,...", split = ",",
            description = "Every member of the cluster, this one included (default: this one only).")
    List<String> members;

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "Cluster name (default: ${DEFAULT-VALUE}).")
    String clusterName = DEFAULT_CLUSTER_NAME;

    @Option(names = "--threads", paramLabel = "N", description = "Points run at once (default: all cores).")
    Integer threads;

    @Option(names = "--verbose", description = "Show Hazelcast's own log (membership, partitions).")
    boolean verbose;

    /** The member's configuration from the flags. */
    Config config() {
        if (port < 1 || port > 65535) {
            throw new InputException("member: --port: must be in 1..65535 (got " + port + ")");
        }
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new InputException("member: --threads: must be >= 1 (got " + n + ")");
        }
        Members.checkLocalAddress("member: --bind", bind);
        List<String> list = members == null ? List.of(bind + ":" + port) : members;
        for (String m : list) {
            Members.checkAddress("member: --members", m);
        }
        return Members.config(clusterName, bind, port, list, n);
    }

    @Override
    public Integer call() throws InterruptedException {
        C2Scope.applyInBackground();
        Config config = config();
        if (verbose) {
            Members.verbose();
        }
        PrintWriter out = spec.commandLine().getOut();
        HazelcastInstance hz = Members.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        hz.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped.countDown();
            }
        });
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                out.println("member: " + e.getMember().getAddress() + " joined; " + e.getMembers().size() + " members");
                out.flush();
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                out.println("member: " + e.getMember().getAddress() + " left; " + e.getMembers().size() + " members");
                out.flush();
            }
        });
        out.printf("member: %s in cluster '%s' with %d member(s), running points on %s thread(s); Ctrl-C to stop%n",
                hz.getCluster().getLocalMember().getAddress(), clusterName, hz.getCluster().getMembers().size(),
                config.getExecutorConfig(Members.EXECUTOR).getPoolSize());
        out.flush();
        if (!hz.getLifecycleService().isRunning()) {
            return 0;
        }
        stopped.await();
        return 0;
    }
}
