package io.querycast.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Suggests the field a misspelt name was meant to be ("did you mean `batch_size`?"). */
public final class FieldNames {

    private FieldNames() {
    }

    /**
     * The known name nearest to {@code name} by edit distance (case, '-' and '_' differences count for
     * nothing), when it is near enough to be a typo: at most 1 edit for short names, 2 from 6 characters,
     * a third of the length beyond. {@code aliases} maps names other tools use to ours and wins over distance.
     */
    public static Optional<String> closest(String name, Collection<String> known, Map<String, String> aliases) {
        String alias = aliases.get(name.toLowerCase(Locale.ROOT));
        if (alias != null) {
            return Optional.of(alias);
        }
        String wanted = normalize(name);
        int limit = wanted.length() < 6 ? 1 : Math.max(2, wanted.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(wanted, normalize(candidate));
            if (d < bestDistance || d == bestDistance && best != null && candidate.compareTo(best) < 0) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= limit ? Optional.ofNullable(best) : Optional.empty();
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
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
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
