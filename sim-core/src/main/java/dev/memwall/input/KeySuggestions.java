package dev.memwall.input;

import java.util.List;
import java.util.Locale;

/**
 * "Did you mean ...?" for a misspelt key or name: the known one nearest by edit distance, or
 * {@code null} when none is close enough to be a likely typo (a far-off guess misleads more than
 * it helps). Every room that reads user input asks here; each keeps its own wording around the
 * answer, since tests and users rely on those messages.
 *
 * <p>The rooms grew three closeness rules before they shared this class. They are kept, as
 * {@link Rule}s, so that no message changed; picking one rule for all would be a visible change
 * to make on purpose.
 */
public final class KeySuggestions {
    /** How close a known name must be to the typed one to be suggested. */
    public enum Rule {
        /**
         * Cluster configs. Case-insensitive; a swap of adjacent characters is one edit
         * ({@code tp_szie}). Close when at most a third of the longer name's characters differ,
         * or when one name starts with the other and the shorter has 3 or more characters
         * ({@code kv_location} for {@code kv_loc}).
         */
        TYPO_OR_TRUNCATION(true, true) {
            @Override
            boolean isClose(String typed, String folded, String candidate, int distance) {
                if (distance * 3 <= Math.max(folded.length(), candidate.length())) {
                    return true;
                }
                String shorter = folded.length() < candidate.length() ? folded : candidate;
                String longer = folded.length() < candidate.length() ? candidate : folded;
                return shorter.length() >= 3 && longer.startsWith(shorter);
            }
        },
        /**
         * Hardware specs. Case-sensitive Levenshtein distance; close within
         * {@code max(2, typed length / 3)} edits.
         */
        EXACT_CASE(false, false) {
            @Override
            boolean isClose(String typed, String folded, String candidate, int distance) {
                return distance <= Math.max(2, typed.length() / 3);
            }
        },
        /**
         * Trace fields. Case-insensitive Levenshtein distance; close within a third of the typed
         * name's length, clamped to 1..3 edits.
         */
        AT_MOST_THREE_EDITS(true, false) {
            @Override
            boolean isClose(String typed, String folded, String candidate, int distance) {
                return distance <= Math.max(1, Math.min(3, typed.length() / 3));
            }
        };

        private final boolean ignoreCase;
        private final boolean swapIsOneEdit;

        Rule(boolean ignoreCase, boolean swapIsOneEdit) {
            this.ignoreCase = ignoreCase;
            this.swapIsOneEdit = swapIsOneEdit;
        }

        /**
         * Whether {@code candidate} (case-folded when the rule ignores case) is a likely typo of
         * {@code typed}; {@code folded} is {@code typed} as compared.
         */
        abstract boolean isClose(String typed, String folded, String candidate, int distance);

        private String fold(String s) {
            return ignoreCase ? s.toLowerCase(Locale.ROOT) : s;
        }
    }

    private KeySuggestions() {
    }

    /**
     * The name in {@code known} nearest to {@code typed} under {@code rule}, as spelt in
     * {@code known}; the first of equally near ones; {@code null} when none is close.
     */
    public static String nearest(String typed, List<String> known, Rule rule) {
        String folded = rule.fold(typed);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : known) {
            String candidate = rule.fold(name);
            int d = distance(folded, candidate, rule.swapIsOneEdit);
            if (d < bestDistance && rule.isClose(typed, folded, candidate, d)) {
                best = name;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
    public static int editDistance(String a, String b) {
        return distance(a, b, false);
    }

    /**
     * Optimal-string-alignment distance: Levenshtein plus a swap of adjacent characters as one
     * edit ({@code szie} to {@code size}).
     */
    public static int typoDistance(String a, String b) {
        return distance(a, b, true);
    }

    private static int distance(String a, String b, boolean swapIsOneEdit) {
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
                if (swapIsOneEdit && i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
                        && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
