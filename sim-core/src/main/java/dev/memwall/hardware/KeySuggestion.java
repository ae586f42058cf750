package dev.memwall.hardware;

import java.util.List;

/** "did you mean" for misspelt JSON keys, by Levenshtein distance. */
final class KeySuggestion {
    private KeySuggestion() {
    }

    /**
     * {@code (did you mean 'x'?)} when one known key is close to {@code key}, else the list of
     * known keys: a far-off guess would mislead more than it helps.
     */
    static String hint(String key, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(2, key.length() / 3)) {
            return "(did you mean '" + best + "'?)";
        }
        return "(expected one of: " + String.join(", ", known) + ")";
    }

    /** Edit distance: insertions, deletions and substitutions each cost 1. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
