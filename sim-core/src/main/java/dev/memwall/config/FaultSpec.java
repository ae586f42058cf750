package dev.memwall.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.memwall.input.InputException;

/**
 * One injected fault, as {@code --fault} or a cluster config's {@code faults} list writes it (a
 * memwall extension):
 * <ul>
 *   <li>{@code cxl:<i>@<t>}: CXL device {@code i} is lost at {@code t} seconds;
 *   <li>{@code cxl:<i>@<t1>-<t2>}: hot-unplugged at {@code t1}, plugged back at {@code t2};
 *   <li>{@code link:<instance>@<t>:bw=<f>} (or {@code @<t1>-<t2>}): an instance's host links keep
 *       only the fraction {@code f} of their bandwidth;
 *   <li>{@code instance:<i>@<t>} (or {@code @<t1>-<t2>}): an instance's GPUs are lost.
 * </ul>
 *
 * @param text    as written
 * @param target  CXL device, or instance, index
 * @param atNs    when it happens
 * @param untilNs when it ends, or -1 when it does not
 * @param bandwidthFraction a degraded link's remaining fraction (1 for other kinds)
 */
public record FaultSpec(String text, Kind kind, int target, long atNs, long untilNs, double bandwidthFraction) {
    /** What fails. */
    public enum Kind {
        CXL, LINK, INSTANCE
    }

    private static final Pattern SPEC = Pattern.compile(
            "(cxl|link|instance):(\\d+)@([0-9]*\\.?[0-9]+)(?:-([0-9]*\\.?[0-9]+))?(?::bw=([0-9]*\\.?[0-9]+))?");
    /** Latest fault time accepted: a year. */
    private static final double MAX_SECONDS = 31_536_000;

    /** Whether the fault ends (a device plugged back, a link or GPU restored). */
    public boolean ends() {
        return untilNs >= 0;
    }

    /**
     * Parses one spec.
     *
     * @param where names it in errors, e.g. {@code simulate: --fault} or {@code c.json: faults[0]}
     */
    public static FaultSpec parse(String text, String where) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SPEC.matcher(t);
        if (!m.matches()) {
            throw InputException.at(where, "'" + text + "' is not a fault (cxl:<i>@<t>, cxl:<i>@<t1>-<t2>,"
                    + " link:<instance>@<t>:bw=<f>, instance:<i>@<t>; times in seconds)");
        }
        Kind kind = Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        double at = Double.parseDouble(m.group(3));
        double until = m.group(4) == null ? -1 : Double.parseDouble(m.group(4));
        if (at > MAX_SECONDS || until > MAX_SECONDS) {
            throw InputException.at(where, "'" + text + "': times must be at most " + (long) MAX_SECONDS + " s");
        }
        if (m.group(4) != null && !(until > at)) {
            throw InputException.at(where, "'" + text + "': the end must come after the start");
        }
        double bw = 1;
        if (kind == Kind.LINK) {
            if (m.group(5) == null) {
                throw InputException.at(where, "'" + text + "': a link fault says what bandwidth is left, e.g."
                        + " link:0@30:bw=0.5");
            }
            bw = Double.parseDouble(m.group(5));
            if (!(bw > 0 && bw <= 1)) {
                throw InputException.at(where, "'" + text + "': bw must be a fraction in (0, 1]");
            }
        } else if (m.group(5) != null) {
            throw InputException.at(where, "'" + text + "': bw= is for link faults only");
        }
        long target;
        try {
            target = Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            throw InputException.at(where, "'" + text + "': index too large");
        }
        return new FaultSpec(text.trim(), kind, (int) target, Math.round(at * 1e9),
                until < 0 ? -1 : Math.round(until * 1e9), bw);
    }

    /** Comma-separated specs (none when blank). */
    public static List<FaultSpec> parseAll(String text, String where) {
        List<FaultSpec> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",", -1)) {
            out.add(parse(part, where));
        }
        return out;
    }

    /** Specs as written, comma-separated; null for none. */
    public static String text(List<FaultSpec> specs) {
        return specs.isEmpty() ? null : String.join(",", specs.stream().map(FaultSpec::text).toList());
    }
}
