package dev.memwall.distributed;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import dev.memwall.input.InputException;

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
    /** Whether Hazelcast's own log was asked for in this JVM. */
    private static volatile boolean verbose;

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

    /**
     * Starts a member with {@link #config}.
     *
     * @throws InputException when Hazelcast cannot start it (the port is taken, the address is
     *     not this machine's), in one line
     */
    public static HazelcastInstance start(Config config) {
        quiet(false);
        try {
            return Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            throw new InputException("member: cannot start a Hazelcast member on "
                    + config.getProperty("hazelcast.local.localAddress") + ":" + config.getNetworkConfig().getPort()
                    + " (" + rootMessage(e) + ")", e);
        }
    }

    /**
     * The message of the innermost cause, on one line: Hazelcast wraps the reason (a port in use,
     * an unknown host) in its own exceptions.
     */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.strip().split("\\R", 2)[0];
    }

    /**
     * Checks a member or client address, {@code HOST:PORT}, before Hazelcast sees it: Hazelcast
     * retries a malformed one for its whole connect timeout.
     *
     * @param where the start of the message, e.g. {@code sweep: --cluster}
     */
    public static void checkAddress(String where, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 ? hostPort.substring(0, colon) : "";
        String port = colon > 0 ? hostPort.substring(colon + 1) : "";
        if (host.isBlank() || host.contains(" ") || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1
                || Integer.parseInt(port) > 65535) {
            throw new InputException(where + ": expected HOST:PORT with a port in 1..65535, e.g. 10.0.0.5:5701 (got '"
                    + hostPort + "')");
        }
        if (host.matches("[0-9.]+") && !isIpv4(host)) {
            throw new InputException(where + ": '" + host + "' is not an IPv4 address (four numbers 0..255)");
        }
    }

    /**
     * Checks that {@code address} is one of this machine's, which a member must bind.
     *
     * @throws InputException naming the address and why
     */
    public static void checkLocalAddress(String where, String address) {
        if (address.matches("[0-9.]+") && !isIpv4(address)) {
            throw new InputException(where + ": '" + address + "' is not an IPv4 address (four numbers 0..255)");
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new InputException(where + ": unknown host '" + address + "'", e);
        }
        boolean local;
        try {
            local = a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            local = false;
        }
        if (!local) {
            throw new InputException(where + ": " + address + " is not an address of this machine (bind one of its"
                    + " own, e.g. 127.0.0.1 or the address other machines reach it at)");
        }
    }

    private static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * Turns phone-home off for this JVM (members and clients) and sets Hazelcast's log level:
     * INFO once {@code verbose} was asked for, else off (its retries and stack traces are ours to
     * report, in one line each).
     */
    static void quiet(boolean verbose) {
        System.setProperty(PHONE_HOME, "false");
        System.setProperty("hazelcast.logging.type", "jdk");
        if (verbose) {
            Members.verbose = true;
        }
        HAZELCAST_LOG.setLevel(Members.verbose ? Level.INFO : Level.OFF);
    }

    /** Shows Hazelcast's own INFO log (membership, partitions). */
    public static void verbose() {
        quiet(true);
    }
}
