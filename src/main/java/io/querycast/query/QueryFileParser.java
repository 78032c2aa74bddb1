package io.querycast.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the query file format integrators already use with SQL*Plus:
 * <pre>
 * define DATA='2026-01-17'  --Obbligatorio: Data estrazione (YYYY-MM-DD)
 * SELECT ... WHERE TRUNC(TRKDATE) = TO_DATE('&amp;DATA', 'YYYY-MM-DD');
 * </pre>
 * Substitution markers ({@code &NAME}, {@code &&NAME}, {@code &NAME.}, a whole literal {@code '&NAME'},
 * and the named form {@code :name}) become JDBC {@code ?} markers. String literals, quoted identifiers
 * and comments are skipped, so {@code 'HH24:MI:SS'} or {@code a::text} are left alone.
 */
public final class QueryFileParser {

    private static final Pattern DEFINE = Pattern.compile(
            "(?i)^\\s*define\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*('(?:[^']|'')*'|\"[^\"]*\"|(?:(?!--)\\S)*)\\s*(?:--\\s*(.*))?$");
    private static final Pattern MARKER = Pattern.compile(
            "(?i)^(obbligatorio|required|mandatory|opzionale|optional|facoltativo)\\s*:?\\s*(.*)$");
    private static final Pattern SQLPLUS_COMMAND = Pattern.compile("(?i)^\\s*(set|prompt|spool|whenever|undefine)\\b.*$");

    public QueryFile parse(String name, String text) {
        String[] lines = text.split("\r?\n", -1);
        Map<String, QueryParameter> params = new LinkedHashMap<>();
        int bodyStart = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("--") || SQLPLUS_COMMAND.matcher(line).matches()) {
                bodyStart = i + 1;
                continue;
            }
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("define")) {
                QueryParameter p = define(name, line, i + 1);
                if (params.put(p.name(), p) != null) {
                    throw new QueryFileException(name, i + 1, "parameter " + p.name() + " is defined twice");
                }
                bodyStart = i + 1;
                continue;
            }
            break;
        }
        StringBuilder body = new StringBuilder();
        for (int i = bodyStart; i < lines.length; i++) {
            body.append(lines[i]).append('\n');
        }
        List<String> order = new ArrayList<>();
        String sql = rewrite(name, body.toString(), bodyStart + 1, order);
        if (sql.isBlank()) {
            throw new QueryFileException(name, 0, "the file holds no SQL statement");
        }
        for (String used : order) {
            params.computeIfAbsent(used, n -> new QueryParameter(n, null, true, "", 0));
        }
        return new QueryFile(name, Collections.unmodifiableMap(params), sql, List.copyOf(order));
    }

    private static QueryParameter define(String file, String line, int lineNo) {
        Matcher m = DEFINE.matcher(line);
        if (!m.matches()) {
            throw new QueryFileException(file, lineNo, "cannot read this define; expected  define NAME='value'  --Obbligatorio|Opzionale: description");
        }
        String value = unquote(m.group(2));
        String comment = m.group(3) == null ? "" : m.group(3).trim();
        Matcher marker = MARKER.matcher(comment);
        boolean required;
        String description;
        if (marker.matches()) {
            String word = marker.group(1).toLowerCase(Locale.ROOT);
            required = word.startsWith("obbl") || word.equals("required") || word.equals("mandatory");
            description = marker.group(2).trim();
        } else {
            // without a marker a parameter is optional when it has a value to fall back on
            required = value.isEmpty();
            description = comment;
        }
        return new QueryParameter(m.group(1).toUpperCase(Locale.ROOT), value, required, description, lineNo);
    }

    private static String unquote(String raw) {
        if (raw.length() >= 2 && raw.startsWith("'") && raw.endsWith("'")) {
            return raw.substring(1, raw.length() - 1).replace("''", "'");
        }
        if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
            return raw.substring(1, raw.length() - 1);
        }
        return raw;
    }

    /** Replaces substitution markers with '?' outside literals and comments; drops the final ';' or '/'. */
    static String rewrite(String file, String sql, int firstLine, List<String> order) {
        StringBuilder out = new StringBuilder(sql.length());
        int line = firstLine;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\n') {
                line++;
                out.append(c);
                i++;
            } else if (c == '\'') {
                int end = endOfQuoted(sql, i, '\'');
                if (end < 0) {
                    throw new QueryFileException(file, line, "string literal is not closed");
                }
                String literal = sql.substring(i, end + 1);
                Matcher whole = Pattern.compile("'&{1,2}([A-Za-z_][A-Za-z0-9_]*)\\.?'").matcher(literal);
                if (whole.matches()) {
                    order.add(whole.group(1).toUpperCase(Locale.ROOT));
                    out.append('?');
                } else if (literal.matches("(?s).*&&?[A-Za-z_].*")) {
                    throw new QueryFileException(file, line, "a substitution inside a longer literal (" + literal
                            + ") cannot be a bound value; write the whole literal as '&NAME' and concatenate with ||");
                } else {
                    out.append(literal);
                }
                line += count(literal, '\n');
                i = end + 1;
            } else if (c == '"') {
                int end = endOfQuoted(sql, i, '"');
                if (end < 0) {
                    throw new QueryFileException(file, line, "quoted identifier is not closed");
                }
                out.append(sql, i, end + 1);
                i = end + 1;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end; // comments are dropped: a '?' in one would confuse drivers
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new QueryFileException(file, line, "block comment is not closed");
                }
                line += count(sql.substring(i, end), '\n');
                out.append(' ');
                i = end + 2;
            } else if (c == '&') {
                int start = i + (i + 1 < n && sql.charAt(i + 1) == '&' ? 2 : 1);
                int end = identifierEnd(sql, start);
                if (end == start) {
                    throw new QueryFileException(file, line, "'&' must be followed by a parameter name");
                }
                order.add(sql.substring(start, end).toUpperCase(Locale.ROOT));
                out.append('?');
                i = end < n && sql.charAt(end) == '.' ? end + 1 : end;
            } else if (c == ':' && i + 1 < n && isIdentifierStart(sql.charAt(i + 1))
                    && (i == 0 || sql.charAt(i - 1) != ':')) {
                int end = identifierEnd(sql, i + 1);
                order.add(sql.substring(i + 1, end).toUpperCase(Locale.ROOT));
                out.append('?');
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        String result = out.toString().strip();
        while (result.endsWith(";") || result.endsWith("/")) {
            result = result.substring(0, result.length() - 1).strip();
        }
        return result;
    }

    private static int endOfQuoted(String s, int start, char quote) {
        int i = start + 1;
        while (i < s.length()) {
            if (s.charAt(i) == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return -1;
    }

    private static int identifierEnd(String s, int start) {
        int i = start;
        if (i < s.length() && isIdentifierStart(s.charAt(i))) {
            i++;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
        }
        return i;
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    private static int count(String s, char c) {
        int k = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                k++;
            }
        }
        return k;
    }
}
