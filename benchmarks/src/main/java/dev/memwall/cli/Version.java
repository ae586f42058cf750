package dev.memwall.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** memwall's version, as Maven built it: what {@code --version} and {@code -V} print. */
final class Version implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    /** {@code 0.1.0-SNAPSHOT}, or {@code unknown} outside a Maven build. */
    static String get() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The line printed: {@code memwall 0.1.0-SNAPSHOT (Java 17.0.15)}. */
    static String line() {
        return "memwall " + get() + " (Java " + Runtime.version() + ")";
    }

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }
}
