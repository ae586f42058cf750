package dev.memwall.sweep.cluster;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/** Hazelcast member configuration for sweep workers. */
public final class Members {
    /** The executor points run on. */
    public static final String EXECUTOR = "memwall-sweep";
    /** The map holding study bundles by digest. */
    static final String BUNDLES = "memwall-sweep-bundles";
    /** Member attribute: worker threads the member runs points on. */
    static final String THREADS_ATTRIBUTE = "memwall.threads";
    private static final String PHONE_HOME = "hazelcast.phone.home.enabled";
    /** Kept so that the level set on it is not lost with a collected logger. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    private Members() {
    }

    /**
     * A member config: binds {@code bindAddress:port} only (no port auto-increment, no other
     * interface), joins over TCP/IP the listed {@code HOST:PORT} members, with multicast,
     * auto-detection, phone-home and Jet off, and runs points on {@code threads} threads.
     */
    public static Config config(String clusterName, String bindAddress, int port, List<String> members, int threads) {
        quiet(false);
        Config c = new Config();
        c.setClusterName(clusterName);
        c.setProperty(PHONE_HOME, "false");
        c.setProperty("hazelcast.logging.type", "jdk");
        c.setProperty("hazelcast.local.localAddress", bindAddress);
        c.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(false);
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(List.copyOf(members));
        c.getJetConfig().setEnabled(false);
        c.getExecutorConfig(EXECUTOR).setPoolSize(threads);
        c.getMemberAttributeConfig().setAttribute(THREADS_ATTRIBUTE, Integer.toString(threads));
        c.getMapConfig(BUNDLES).setBackupCount(Math.min(2, Math.max(0, members.size() - 1)));
        return c;
    }

    /** Starts a member with {@link #config}. */
    public static HazelcastInstance start(Config config) {
        quiet(false);
        return Hazelcast.newHazelcastInstance(config);
    }

    /**
     * Turns phone-home off for this JVM (members and clients) and sets Hazelcast's log level:
     * INFO when {@code verbose}, else warnings only (or less, if set so already).
     */
    static void quiet(boolean verbose) {
        System.setProperty(PHONE_HOME, "false");
        System.setProperty("hazelcast.logging.type", "jdk");
        if (verbose) {
            HAZELCAST_LOG.setLevel(Level.INFO);
        } else if (HAZELCAST_LOG.getLevel() == null || HAZELCAST_LOG.getLevel().intValue() < Level.WARNING.intValue()) {
            HAZELCAST_LOG.setLevel(Level.WARNING);
        }
    }

    /** Shows Hazelcast's own INFO log (membership, partitions). */
    public static void verbose() {
        quiet(true);
    }
}
