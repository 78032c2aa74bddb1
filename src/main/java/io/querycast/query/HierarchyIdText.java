package io.querycast.query;

/**
 * Decodes SQL Server's {@code hierarchyid} binary form into its path text ({@code /1/2.5/-3/}), what
 * {@code node.ToString()} gives in T-SQL; mssql-jdbc hands the value over as bytes only.
 * <p>
 * The form ([MS-SSCLRT] 2.1.1): bits read from the first byte's highest, each level a run of labels. A
 * label is a prefix naming its value range, the value's bits (less the range's minimum) spread among
 * fixed bits, and a last bit that is 1 when the level ends ({@code /}) or 0 when a {@code .} and another
 * label follow, in which case the label is stored one higher. Zero bits pad the last byte.
 */
final class HierarchyIdText {

    /** min, max, layout: {@code 0}/{@code 1} fixed, {@code x} a value bit, {@code T} the last bit. */
    private record Pattern(long min, long max, String layout) {
        String prefix() {
            return layout.substring(0, layout.indexOf('x'));
        }
    }

    private static final Pattern[] PATTERNS = {
            new Pattern(-281_479_271_682_120L, -4_294_971_465L, "000100" + "x".repeat(14) + "0" + "x".repeat(21) + "0xxxxxx0xxx0x1xxxT"),
            new Pattern(-4_294_971_464L, -4_169L, "000101" + "x".repeat(19) + "0xxxxxx0xxx0x1xxxT"),
            new Pattern(-4_168L, -73L, "000110xxxxx0xxx0x1xxxT"),
            new Pattern(-72L, -9L, "0010xx0x1xxxT"),
            new Pattern(-8L, -1L, "00111xxxT"),
            new Pattern(0L, 3L, "01xxT"),
            new Pattern(4L, 7L, "100xxT"),
            new Pattern(8L, 15L, "101xxxT"),
            new Pattern(16L, 79L, "110xx0x1xxxT"),
            new Pattern(80L, 1_103L, "1110xxx0xxx0x1xxxT"),
            new Pattern(1_104L, 5_199L, "11110xxxxx0xxx0x1xxxT"),
            new Pattern(5_200L, 4_294_972_495L, "111110" + "x".repeat(19) + "0xxxxxx0xxx0x1xxxT"),
            new Pattern(4_294_972_496L, 281_479_271_683_151L, "111111" + "x".repeat(14) + "0" + "x".repeat(21) + "0xxxxxx0xxx0x1xxxT"),
    };

    private HierarchyIdText() {
    }

    /** @throws IllegalArgumentException when the bytes are no hierarchyid */
    static String of(byte[] bytes) {
        int bits = bytes.length * 8;
        StringBuilder path = new StringBuilder("/");
        int at = 0;
        while (at < bits && !onlyZerosFrom(bytes, at)) {
            Pattern p = patternAt(bytes, at);
            if (p == null || at + p.layout().length() > bits) {
                throw new IllegalArgumentException("not a hierarchyid: no label at bit " + at + " of 0x" + hex(bytes));
            }
            long offset = 0;
            boolean last = false;
            for (int i = 0; i < p.layout().length(); i++) {
                char c = p.layout().charAt(i);
                if (c == 'x') {
                    offset = offset << 1 | bit(bytes, at + i);
                } else if (c == 'T') {
                    last = bit(bytes, at + i) == 1;
                }
            }
            at += p.layout().length();
            long value = p.min() + offset;
            path.append(last ? value : value - 1).append(last ? '/' : '.');
        }
        if (path.length() > 1 && path.charAt(path.length() - 1) == '.') {
            throw new IllegalArgumentException("not a hierarchyid: its last level does not end in 0x" + hex(bytes));
        }
        return path.toString();
    }

    private static Pattern patternAt(byte[] bytes, int at) {
        for (Pattern p : PATTERNS) {
            String prefix = p.prefix();
            if (at + prefix.length() <= bytes.length * 8 && matches(bytes, at, prefix)) {
                return p;
            }
        }
        return null;
    }

    private static boolean matches(byte[] bytes, int at, String fixed) {
        for (int i = 0; i < fixed.length(); i++) {
            if (bit(bytes, at + i) != fixed.charAt(i) - '0') {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyZerosFrom(byte[] bytes, int at) {
        for (int i = at; i < bytes.length * 8; i++) {
            if (bit(bytes, i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static int bit(byte[] bytes, int index) {
        return (bytes[index >> 3] >> (7 - (index & 7))) & 1;
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
