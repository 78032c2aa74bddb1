package io.querycast.query;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryFileParserTest {

    private final QueryFileParser parser = new QueryFileParser();

    private QueryFile parse(String text) {
        return parser.parse("q.sql", text);
    }

    // ---- define lines -------------------------------------------------------------------------

    @Test
    void requiredDefineWithObbligatorioMarker() {
        QueryFile q = parse("""
                define DATA='2026-01-17'  --Obbligatorio: Data estrazione (YYYY-MM-DD)
                SELECT * FROM T WHERE D = TO_DATE('&DATA', 'YYYY-MM-DD')
                """);

        assertThat(q.parameter("DATA")).contains(
                new QueryParameter("DATA", "2026-01-17", true, "Data estrazione (YYYY-MM-DD)", 1));
    }

    @Test
    void optionalDefineWithOpzionaleMarker() {
        QueryFile q = parse("""
                -- header comment
                define STATO='OK' --Opzionale: Stato da esportare
                SELECT * FROM T WHERE S = '&STATO'
                """);

        assertThat(q.parameter("STATO")).contains(
                new QueryParameter("STATO", "OK", false, "Stato da esportare", 2));
    }

    @Test
    void defineWithoutMarkerIsOptionalWhenValueIsNonEmpty() {
        QueryFile q = parse("""
                define LIMITE=100 -- massimo numero di righe
                define FILTRO=''
                SELECT * FROM T WHERE N < &LIMITE AND F = '&FILTRO'
                """);

        assertThat(q.parameter("LIMITE")).contains(
                new QueryParameter("LIMITE", "100", false, "massimo numero di righe", 1));
        assertThat(q.parameter("FILTRO")).contains(new QueryParameter("FILTRO", "", true, "", 2));
    }

    @Test
    void defineNameIsUpperCasedAndQuotedQuoteIsUnescaped() {
        QueryFile q = parse("""
                define nome='O''Brien' --Optional: a name
                SELECT * FROM T WHERE N = '&NOME'
                """);

        assertThat(q.parameter("NOME")).contains(new QueryParameter("NOME", "O'Brien", false, "a name", 1));
        assertThat(q.bindOrder()).containsExactly("NOME");
    }

    @Test
    void unreadableDefineIsAnErrorWithFileAndLine() {
        assertThatThrownBy(() -> parse("""
                define DATA
                SELECT 1 FROM DUAL
                """))
                .isInstanceOf(QueryFileException.class)
                .hasMessage("q.sql:1: cannot read this define; expected  define NAME='value'  --Obbligatorio|Opzionale: description");
    }

    @Test
    void duplicateDefineIsAnError() {
        assertThatThrownBy(() -> parse("""
                define DATA='2026-01-17' --Obbligatorio: a
                define data='2026-01-18' --Obbligatorio: b
                SELECT * FROM T WHERE D = '&DATA'
                """))
                .isInstanceOf(QueryFileException.class)
                .hasMessage("q.sql:2: parameter DATA is defined twice");
    }

    // BUG (see report): SQL*Plus accepts an unquoted value containing '-', e.g. define DATA=2026-01-17,
    // but the DEFINE pattern stops an unquoted value at the first '-' and rejects the line.
    @Test
    void unquotedDefineValueMayContainHyphens() {
        QueryFile q = parse("""
                define DATA=2026-01-17 --Obbligatorio: Data estrazione
                SELECT * FROM T WHERE D = TO_DATE('&DATA', 'YYYY-MM-DD')
                """);

        assertThat(q.parameter("DATA")).contains(
                new QueryParameter("DATA", "2026-01-17", true, "Data estrazione", 1));
    }

    // ---- substitution markers -------------------------------------------------------------------

    @Test
    void wholeLiteralInToDateBecomesBindMarker() {
        QueryFile q = parse("""
                define DATA='2026-01-17'  --Obbligatorio: Data estrazione (YYYY-MM-DD)
                SELECT BARCODE FROM EXPORT_TABLE
                WHERE TRUNC(TRKDATE) = TO_DATE('&DATA', 'YYYY-MM-DD') AND TEST_FLAG = 'N'
                ORDER BY ARRIVETIMESTAMP;
                """);

        assertThat(q.jdbcSql()).isEqualTo("""
                SELECT BARCODE FROM EXPORT_TABLE
                WHERE TRUNC(TRKDATE) = TO_DATE(?, 'YYYY-MM-DD') AND TEST_FLAG = 'N'
                ORDER BY ARRIVETIMESTAMP""");
        assertThat(q.bindOrder()).containsExactly("DATA");
        assertThat(q.name()).isEqualTo("q.sql");
    }

    @Test
    void bareDoubleAndDotTerminatedMarkers() {
        QueryFile q = parse("SELECT * FROM T WHERE A = &A AND B = &&B AND C = &C.||'x' AND D = &d");

        assertThat(q.jdbcSql()).isEqualTo("SELECT * FROM T WHERE A = ? AND B = ? AND C = ?||'x' AND D = ?");
        assertThat(q.bindOrder()).containsExactly("A", "B", "C", "D");
    }

    @Test
    void quotedWholeLiteralVariants() {
        QueryFile q = parse("SELECT * FROM T WHERE A = '&&A' AND B = '&B.'");

        assertThat(q.jdbcSql()).isEqualTo("SELECT * FROM T WHERE A = ? AND B = ?");
        assertThat(q.bindOrder()).containsExactly("A", "B");
    }

    @Test
    void namedColonForm() {
        QueryFile q = parse("SELECT * FROM T WHERE ID = :id AND CODE = :Code_2");

        assertThat(q.jdbcSql()).isEqualTo("SELECT * FROM T WHERE ID = ? AND CODE = ?");
        assertThat(q.bindOrder()).containsExactly("ID", "CODE_2");
    }

    @Test
    void castsTimeFormatsAndQuotedIdentifiersAreLeftAlone() {
        String sql = "SELECT a::text, TO_CHAR(d, 'HH24:MI:SS'), \"col:x\", '&&' || 'a&' FROM T";
        QueryFile q = parse(sql);

        assertThat(q.jdbcSql()).isEqualTo(sql);
        assertThat(q.bindOrder()).isEmpty();
        assertThat(q.parameters()).isEmpty();
    }

    @Test
    void commentsAreRemoved() {
        QueryFile q = parse("""
                SELECT A -- the :a column, &X here is ignored
                FROM T /* block :b
                   spanning &Y lines */ WHERE B = :b
                """);

        assertThat(q.jdbcSql()).isEqualTo("SELECT A \nFROM T   WHERE B = ?");
        assertThat(q.bindOrder()).containsExactly("B");
    }

    @Test
    void trailingSemicolonAndSlashAreStripped() {
        assertThat(parse("SELECT 1 FROM DUAL;\n/\n").jdbcSql()).isEqualTo("SELECT 1 FROM DUAL");
        assertThat(parse("SELECT 2 FROM DUAL ;").jdbcSql()).isEqualTo("SELECT 2 FROM DUAL");
        assertThat(parse("SELECT 3 FROM DUAL\n/").jdbcSql()).isEqualTo("SELECT 3 FROM DUAL");
    }

    @Test
    void sqlPlusCommandsInHeaderAreSkipped() {
        QueryFile q = parse("""
                set verify off
                prompt exporting
                define X='1' --Opzionale: x
                SELECT &X FROM DUAL
                """);

        assertThat(q.jdbcSql()).isEqualTo("SELECT ? FROM DUAL");
        assertThat(q.parameter("X").orElseThrow().line()).isEqualTo(3);
    }

    @Test
    void substitutionInsideLongerLiteralIsAnErrorNamingFileAndLine() {
        assertThatThrownBy(() -> parser.parse("CDG.sql", """
                define DATA='2026-01-17'  --Obbligatorio: Data
                SELECT *
                FROM T
                WHERE D >= TO_DATE('&DATA 00:00', 'YYYY-MM-DD HH24:MI')
                """))
                .isInstanceOf(QueryFileException.class)
                .hasMessage("CDG.sql:4: a substitution inside a longer literal ('&DATA 00:00') cannot be a bound value;"
                        + " write the whole literal as '&NAME' and concatenate with ||");
    }

    @Test
    void lineNumberCountsMultiLineLiteralsAndBlockComments() {
        assertThatThrownBy(() -> parse("SELECT '\nline2' /* c\n c */\nFROM T WHERE X = 'a&B'"))
                .hasMessageStartingWith("q.sql:4: a substitution inside a longer literal ('a&B')");
    }

    @Test
    void ampersandWithoutNameIsAnError() {
        assertThatThrownBy(() -> parse("SELECT A & 1 FROM T"))
                .isInstanceOf(QueryFileException.class)
                .hasMessage("q.sql:1: '&' must be followed by a parameter name");
    }

    @Test
    void unclosedLiteralAndCommentAreErrors() {
        assertThatThrownBy(() -> parse("SELECT 'abc FROM T"))
                .hasMessage("q.sql:1: string literal is not closed");
        assertThatThrownBy(() -> parse("SELECT 1\nFROM T /* no end"))
                .hasMessage("q.sql:2: block comment is not closed");
        assertThatThrownBy(() -> parse("SELECT \"abc FROM T"))
                .hasMessage("q.sql:1: quoted identifier is not closed");
    }

    @Test
    void fileWithoutSqlIsAnError() {
        assertThatThrownBy(() -> parse("define X='1' --Opzionale: x\n-- nothing\n;\n"))
                .isInstanceOf(QueryFileException.class)
                .hasMessage("q.sql: the file holds no SQL statement");
    }

    @Test
    void parameterUsedButNotDefinedIsAddedAsRequired() {
        QueryFile q = parse("""
                define DATA='2026-01-17' --Obbligatorio: Data
                SELECT * FROM T WHERE D = '&DATA' AND C = :codice
                """);

        assertThat(q.parameters()).containsOnlyKeys("DATA", "CODICE");
        assertThat(q.parameter("CODICE")).contains(new QueryParameter("CODICE", null, true, "", 0));
    }

    @Test
    void parameterUsedTwiceIsBoundTwice() {
        QueryFile q = parse("SELECT * FROM T WHERE A = &X OR B = '&X' OR C = :y");

        assertThat(q.jdbcSql()).isEqualTo("SELECT * FROM T WHERE A = ? OR B = ? OR C = ?");
        assertThat(q.bindOrder()).containsExactly("X", "X", "Y");
        assertThat(q.parameters()).containsOnlyKeys("X", "Y");
    }

    @Test
    void defineValuesNeverReachTheSqlText() {
        String injection = "x'' OR ''1''=''1"; // the define value x' OR '1'='1, quotes doubled inside the literal
        QueryFile q = parse("define NOME='" + injection + "' --Opzionale: nome\n"
                + "SELECT * FROM UTENTI WHERE NOME = '&NOME'\n");

        assertThat(q.parameter("NOME").orElseThrow().defaultValue()).isEqualTo("x' OR '1'='1");
        assertThat(q.jdbcSql()).isEqualTo("SELECT * FROM UTENTI WHERE NOME = ?");
        assertThat(q.jdbcSql()).doesNotContain("OR", "1", "x'");
        assertThat(q.bindOrder()).isEqualTo(List.of("NOME"));
    }

    @Test
    void lineBreaksAreAcceptedInCrLfFiles() {
        QueryFile q = parse("define A='1' --Opzionale: a\r\nSELECT &A\r\nFROM DUAL;\r\n");

        assertThat(q.jdbcSql()).isEqualTo("SELECT ?\nFROM DUAL");
    }
}
