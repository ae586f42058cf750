package dev.memwall.input;

import java.util.List;
import java.util.Locale;

import org.apache.commons.text.similarity.DamerauLevenshteinDistance;

/**
 * "Did you mean ...?" for a misspelt key or name, by one rule everywhere (cluster configs,
 * studies, hardware and model files, validation cases, trace fields): the known name nearest by
 * edit distance, compared case-insensitively with a swap of adjacent characters as one edit
 * ({@code tp_szie}), is suggested when at most a third of the longer name's characters differ, or
 * when one name starts with the other and the shorter has 3 or more characters
 * ({@code kv_location} for {@code kv_loc}, {@code input_len} for {@code input_length}). Otherwise
 * nothing is suggested: a far-off guess misleads more than it helps.
 */
public final class KeySuggestions {
    private static final DamerauLevenshteinDistance DISTANCE = new DamerauLevenshteinDistance();

    private KeySuggestions() {
    }

    /**
     * The name in {@code known} nearest to {@code typed}, as spelt in {@code known}; the first of
     * equally near ones; {@code null} when none is close.
     */
    public static String nearest(String typed, List<String> known) {
        String folded = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : known) {
            String candidate = name.toLowerCase(Locale.ROOT);
            int d = typoDistance(folded, candidate);
            if (d < bestDistance && isClose(folded, candidate, d)) {
                best = name;
                bestDistance = d;
            }
        }
        return best;
    }

    /** The name in {@code known} within {@code maxEdits} typo edits of {@code typed}, nearest first; or null. */
    public static String within(String typed, List<String> known, int maxEdits) {
        String folded = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = maxEdits + 1;
        for (String name : known) {
            int d = typoDistance(folded, name.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return best;
    }

    /**
     * The hint that follows an unknown key in every message: {@code did you mean 'x'?} for a likely
     * typo, else {@code allowed: a, b, c}.
     */
    public static String hint(String typed, List<String> known) {
        String nearest = nearest(typed, known);
        return nearest != null
                ? "did you mean '" + nearest + "'?"
                : "allowed: " + String.join(", ", known);
    }

    private static boolean isClose(String typed, String candidate, int distance) {
        if (distance * 3 <= Math.max(typed.length(), candidate.length())) {
            return true;
        }
        String shorter = typed.length() < candidate.length() ? typed : candidate;
        String longer = typed.length() < candidate.length() ? candidate : typed;
        return shorter.length() >= 3 && longer.startsWith(shorter);
    }

    /**
     * Damerau-Levenshtein distance (Commons Text): insertions, deletions and substitutions each
     * cost 1, and so does a swap of adjacent characters ({@code szie} to {@code size}).
     */
    public static int typoDistance(String a, String b) {
        return DISTANCE.apply(a, b);
    }
}
