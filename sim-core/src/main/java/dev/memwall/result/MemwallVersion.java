package dev.memwall.result;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** memwall's version, as the build stamped it into {@code memwall-version.properties}. */
public final class MemwallVersion {
    private static final String VERSION = load();

    private MemwallVersion() {
    }

    /** The version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when run from unbuilt classes. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = MemwallVersion.class.getResourceAsStream("memwall-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
