package dev.memwall.config;

import java.util.List;
import java.util.Locale;

/** Turns an unknown key into "did you mean 'x'?" or, with nothing close, the list of allowed keys. */
final class KeySuggester {
    private KeySuggester() {
    }

    /** The parenthesised hint for an unknown key, without the parentheses. */
    static String hint(String typed, List<String> allowed) {
        String nearest = nearest(typed, allowed);
        return nearest != null
                ? "did you mean '" + nearest + "'?"
                : "allowed: " + String.join(", ", allowed);
    }

    /** The closest allowed key, or {@code null} when none is close enough to be a likely typo. */
    static String nearest(String typed, List<String> allowed) {
        String lower = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int d = distance(lower, candidate);
            if (d < bestDistance && isClose(lower, candidate, d)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /**
     * A typo changes at most a third of the characters; a truncated or extended key
     * ({@code kv_location} for {@code kv_loc}) is also close.
     */
    private static boolean isClose(String typed, String candidate, int distance) {
        if (distance * 3 <= Math.max(typed.length(), candidate.length())) {
            return true;
        }
        String shorter = typed.length() < candidate.length() ? typed : candidate;
        String longer = typed.length() < candidate.length() ? candidate : typed;
        return shorter.length() >= 3 && longer.startsWith(shorter);
    }

    /** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions ("szie"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
                        && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
