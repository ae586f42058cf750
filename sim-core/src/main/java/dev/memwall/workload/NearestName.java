package dev.memwall.workload;

import java.util.List;
import java.util.Locale;

/** "Did you mean ...": the known name closest to a misspelt one, by edit distance. */
final class NearestName {
    private NearestName() {
    }

    /**
     * The name in {@code known} nearest to {@code name} (case-insensitive edit distance), or null
     * when none is close: at most a third of the name's length, 1 to 3 edits, may differ.
     */
    static String of(String name, List<String> known) {
        String lower = name.toLowerCase(Locale.ROOT);
        int allowed = Math.max(1, Math.min(3, name.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(lower, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= allowed ? best : null;
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
