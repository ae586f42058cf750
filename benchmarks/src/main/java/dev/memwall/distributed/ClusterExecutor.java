package dev.memwall.distributed;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.client.HazelcastClientOfflineException;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;

import dev.memwall.input.InputException;
import dev.memwall.sweep.PointExecutor;
import dev.memwall.sweep.PointResult;
import dev.memwall.sweep.PointSource;
import dev.memwall.sweep.StudyBundle;
import dev.memwall.sweep.SweepFault;

/**
 * Runs points on Hazelcast members from a client: the study's files go once into a cluster map,
 * each point goes to the member with the most free worker threads (at most two points queued per
 * thread), and each result comes back as its journal line, written here.
 *
 * <p>A point whose member leaves (or whose call fails for any reason of the cluster's) goes back to
 * the head of the queue and runs again on a member still there; a result that arrives twice is
 * handed on once. So every point gets exactly one result, whichever members die, as long as one
 * remains.
 */
public final class ClusterExecutor implements PointExecutor, AutoCloseable {
    /** Attempts per point before the sweep gives up on it. */
    static final int MAX_ATTEMPTS = 20;
    /**
     * How long the client tries to reach a cluster, at the start or after losing every member,
     * before giving up: the answer ("no member there") comes in one line within 10 s.
     */
    static final long CONNECT_TIMEOUT_MS = 4_000;
    /** How long to wait with no member at all before giving up. */
    private static final long NO_MEMBER_TIMEOUT_NS = CONNECT_TIMEOUT_MS * 1_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HazelcastInstance client;
    private final PrintWriter log;

    private ClusterExecutor(HazelcastInstance client, PrintWriter log) {
        this.client = client;
        this.log = log;
    }

    /**
     * Connects a client to the members at {@code addresses} ({@code HOST:PORT}).
     *
     * @throws InputException for a malformed address (at once), or when no member answers within
     *     {@link #CONNECT_TIMEOUT_MS}
     */
    public static ClusterExecutor connect(String clusterName, List<String> addresses, PrintWriter log) {
        for (String a : addresses) {
            Members.checkAddress("sweep: --cluster", a);
        }
        Members.quiet(false);
        ClientConfig cc = new ClientConfig();
        cc.setClusterName(clusterName);
        cc.setProperty("hazelcast.logging.type", "jdk");
        cc.getNetworkConfig().setAddresses(List.copyOf(addresses));
        cc.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(CONNECT_TIMEOUT_MS)
                .setInitialBackoffMillis(250).setMaxBackoffMillis(1_000);
        try {
            return new ClusterExecutor(HazelcastClient.newHazelcastClient(cc), log);
        } catch (RuntimeException e) {
            throw new InputException("sweep: --cluster: no member of cluster '" + clusterName + "' answers at "
                    + String.join(",", addresses) + " within " + CONNECT_TIMEOUT_MS / 1000 + " s; start them with"
                    + " 'member' (and check --cluster-name)", e);
        }
    }

    /** The one line for a run whose every member went away: what happened and how to go on. */
    private InputException allMembersGone(Throwable cause) {
        return new InputException("sweep: --cluster: every member of the cluster is gone (none came back within "
                + CONNECT_TIMEOUT_MS / 1000 + " s); the points recorded so far are kept: start members and rerun the"
                + " same command to resume", cause);
    }

    @Override
    public String describe() {
        Set<Member> members = client.getCluster().getMembers();
        int threads = members.stream().mapToInt(ClusterExecutor::threads).sum();
        return "a Hazelcast cluster of " + members.size() + " member" + (members.size() == 1 ? "" : "s") + " ("
                + threads + " threads)";
    }

    private static int threads(Member m) {
        String t = m.getAttribute(Members.THREADS_ATTRIBUTE);
        try {
            return t == null ? 1 : Math.max(1, Integer.parseInt(t));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @Override
    public void run(PointSource study, int[] indices, Consumer<PointResult> sink) throws InterruptedException {
        if (indices.length == 0) {
            return;
        }
        StudyBundle bundle = StudyBundle.read(study.files());
        try {
            client.<String, StudyBundle>getMap(Members.BUNDLES).putIfAbsent(bundle.digest(), bundle);
            new Dispatch(study, bundle.digest(), indices, sink).run();
        } catch (HazelcastClientNotActiveException | HazelcastClientOfflineException e) {
            throw allMembersGone(e);
        }
    }

    /** One run's queue, in-flight counts and completion state, guarded by its monitor. */
    private final class Dispatch {
        private final PointSource study;
        private final String digest;
        private final Consumer<PointResult> sink;
        private final IExecutorService executor = client.getExecutorService(Members.EXECUTOR);
        private final Deque<Integer> queue = new ArrayDeque<>();
        private final Map<UUID, Integer> inFlight = new HashMap<>();
        private final Map<Integer, Integer> attempts = new HashMap<>();
        private final BitSet finished = new BitSet();
        private final int total;
        private int done;
        private Throwable failure;

        Dispatch(PointSource study, String digest, int[] indices, Consumer<PointResult> sink) {
            this.study = study;
            this.digest = digest;
            this.sink = sink;
            this.total = indices.length;
            for (int i : indices) {
                queue.add(i);
            }
        }

        void run() throws InterruptedException {
            long noMemberSince = -1;
            while (true) {
                int index;
                Member target;
                synchronized (this) {
                    if (failure != null || done == total) {
                        break;
                    }
                    target = queue.isEmpty() ? null : freest();
                    if (target == null) {
                        if (client.getCluster().getMembers().isEmpty()) {
                            long now = System.nanoTime();
                            noMemberSince = noMemberSince < 0 ? now : noMemberSince;
                            if (now - noMemberSince > NO_MEMBER_TIMEOUT_NS) {
                                failure = allMembersGone(null);
                                break;
                            }
                        } else {
                            noMemberSince = -1;
                        }
                        wait(200);
                        continue;
                    }
                    index = queue.poll();
                    inFlight.merge(target.getUuid(), 1, Integer::sum);
                }
                submit(index, target);
            }
            synchronized (this) {
                while (inFlight.values().stream().anyMatch(n -> n > 0) && failure != null) {
                    wait(200);
                    if (client.getCluster().getMembers().isEmpty()) {
                        break;
                    }
                }
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error err) {
                throw err;
            }
        }

        /** The member with the lowest share of busy threads, if one has room; else null. */
        private Member freest() {
            Member best = null;
            double bestLoad = Double.MAX_VALUE;
            for (Member m : client.getCluster().getMembers()) {
                int threads = threads(m);
                int busy = inFlight.getOrDefault(m.getUuid(), 0);
                double load = (double) busy / threads;
                if (busy < 2 * threads && load < bestLoad) {
                    best = m;
                    bestLoad = load;
                }
            }
            return best;
        }

        private void submit(int index, Member target) {
            PointTask task = new PointTask(digest, study.spec(index));
            try {
                executor.submitToMember(task, target, new ExecutionCallback<String>() {
                    @Override
                    public void onResponse(String line) {
                        succeeded(index, target, line);
                    }

                    @Override
                    public void onFailure(Throwable t) {
                        failed(index, target, t);
                    }
                });
            } catch (RuntimeException e) {
                failed(index, target, e);
            }
        }

        private void succeeded(int index, Member target, String line) {
            boolean first;
            synchronized (this) {
                inFlight.merge(target.getUuid(), -1, Integer::sum);
                first = !finished.get(index);
                finished.set(index);
                notifyAll();
            }
            if (!first) {
                return;
            }
            Throwable problem = null;
            try {
                sink.accept(PointResult.fromJson(JSON.readTree(line)));
            } catch (JsonProcessingException | RuntimeException | Error e) {
                problem = e;
            }
            synchronized (this) {
                done++;
                if (problem != null && failure == null) {
                    failure = problem;
                }
                notifyAll();
            }
        }

        private synchronized void failed(int index, Member target, Throwable t) {
            inFlight.merge(target.getUuid(), -1, Integer::sum);
            int n = attempts.merge(index, 1, Integer::sum);
            if (!finished.get(index)) {
                if (n >= MAX_ATTEMPTS) {
                    if (failure == null) {
                        failure = new SweepFault("point " + index + " failed " + n + " times on the cluster; last: " + t);
                    }
                } else {
                    log.printf("sweep: point %d lost on member %s (%s); running it again%n", index,
                            target.getAddress(), t.getClass().getSimpleName());
                    log.flush();
                    queue.addFirst(index);
                }
            }
            notifyAll();
        }
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
