package io.querycast.message;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.querycast.query.JsonText;
import io.querycast.query.ResultColumns;
import io.querycast.query.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowJsonWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // keep the scale the writer wrote (1.50 stays 1.50 in the parsed tree)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private static final ExportMetadata META = new ExportMetadata("cdg-daily", "CDG-KAFKA-001--SelezioneTracceGiornaliere.sql",
            "cdg_prod", "2026-01-18T08:00:15.123456", "20260118-080015-a1b2");

    private static Row row(List<String> names, Object... values) {
        List<String> types = names.stream().map(n -> "T").toList();
        return new Row(new ResultColumns(names, types), values);
    }

    private static String write(Row row, boolean lowercase, ExportMetadata meta) {
        return new String(new RowJsonWriter(row.columns(), lowercase, meta).write(row), StandardCharsets.UTF_8);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void everyTypeIsWrittenAsDocumented() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xFE, (byte) 0xFF};
        Row row = row(List.of("D", "TS", "TS_FRAC", "TSTZ", "AMOUNT", "BIG", "PRICE", "N", "L", "F", "NAME", "DOC",
                        "OK", "NAN", "INF", "NEGINF", "T", "NOTHING"),
                LocalDate.of(2026, 1, 16),
                LocalDateTime.of(2026, 1, 16, 8, 15),
                LocalDateTime.of(2026, 1, 16, 8, 15, 0, 123_456_000),
                OffsetDateTime.of(2026, 1, 16, 8, 15, 0, 0, ZoneOffset.ofHours(1)),
                new BigDecimal("1234567890.123456789"),
                new BigDecimal("1E+3"),
                new BigDecimal("12.50"),
                42,
                9_007_199_254_740_993L,
                2.5d,
                "Alpha \"quoted\" è\n",
                bytes,
                true,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                LocalTime.of(8, 15),
                null);

        String json = write(row, false, null);

        assertThat(json).isEqualTo("{\"D\":\"2026-01-16\",\"TS\":\"2026-01-16T08:15:00\",\"TS_FRAC\":\"2026-01-16T08:15:00.123456\","
                + "\"TSTZ\":\"2026-01-16T08:15:00+01:00\",\"AMOUNT\":1234567890.123456789,\"BIG\":1000,\"PRICE\":12.50,"
                + "\"N\":42,\"L\":9007199254740993,\"F\":2.5,\"NAME\":\"Alpha \\\"quoted\\\" è\\n\",\"DOC\":\"AAEC/v8=\","
                + "\"OK\":true,\"NAN\":\"NaN\",\"INF\":\"Infinity\",\"NEGINF\":\"-Infinity\",\"T\":\"08:15:00\",\"NOTHING\":null}");

        JsonNode node = MAPPER.readTree(json);
        assertThat(fieldNames(node)).containsExactly("D", "TS", "TS_FRAC", "TSTZ", "AMOUNT", "BIG", "PRICE", "N", "L", "F",
                "NAME", "DOC", "OK", "NAN", "INF", "NEGINF", "T", "NOTHING");
        assertThat(node.get("AMOUNT").isBigDecimal()).isTrue();
        assertThat(node.get("AMOUNT").decimalValue()).isEqualByComparingTo("1234567890.123456789");
        assertThat(node.get("AMOUNT").decimalValue().toPlainString()).isEqualTo("1234567890.123456789");
        assertThat(node.get("PRICE").decimalValue().toPlainString()).isEqualTo("12.50");
        assertThat(node.get("BIG").isIntegralNumber()).isTrue();
        assertThat(node.get("BIG").longValue()).isEqualTo(1000L);
        assertThat(node.get("L").longValue()).isEqualTo(9_007_199_254_740_993L);
        assertThat(node.get("N").intValue()).isEqualTo(42);
        assertThat(node.get("F").decimalValue()).isEqualByComparingTo("2.5");
        assertThat(node.get("NAME").textValue()).isEqualTo("Alpha \"quoted\" è\n");
        assertThat(Base64.getDecoder().decode(node.get("DOC").textValue())).containsExactly(bytes);
        assertThat(node.get("OK").isBoolean()).isTrue();
        assertThat(node.get("NAN").textValue()).isEqualTo("NaN");
        assertThat(node.has("NOTHING")).isTrue();
        assertThat(node.get("NOTHING").isNull()).isTrue();
        assertThat(node.get("TSTZ").textValue()).isEqualTo("2026-01-16T08:15:00+01:00");
    }

    @Test
    void timestampsKeepSecondsAndOnlyTheNeededFraction() {
        Row row = row(List.of("A", "B", "C", "D", "E"),
                LocalDateTime.of(2026, 1, 16, 0, 0),
                LocalDateTime.of(2026, 1, 16, 8, 15, 30),
                LocalDateTime.of(2026, 1, 16, 8, 15, 0, 100_000_000),
                LocalDateTime.of(2026, 1, 16, 8, 15, 0, 123_456_789),
                OffsetDateTime.of(2026, 1, 16, 8, 15, 0, 500_000_000, ZoneOffset.ofHoursMinutes(-3, -30)));

        assertThat(write(row, false, null)).isEqualTo("{\"A\":\"2026-01-16T00:00:00\",\"B\":\"2026-01-16T08:15:30\","
                + "\"C\":\"2026-01-16T08:15:00.1\",\"D\":\"2026-01-16T08:15:00.123456789\","
                + "\"E\":\"2026-01-16T08:15:00.5-03:30\"}");
    }

    @Test
    void utcOffsetIsWrittenAsZ() {
        Row row = row(List.of("TSTZ"), OffsetDateTime.of(2026, 1, 16, 8, 15, 0, 0, ZoneOffset.UTC));

        assertThat(write(row, false, null)).isEqualTo("{\"TSTZ\":\"2026-01-16T08:15:00Z\"}");
    }

    @Test
    void decimalsAreNeverWrittenInScientificNotation() throws Exception {
        Row row = row(List.of("A", "B", "C", "D"),
                new BigDecimal("1E+3"), new BigDecimal("1E-10"), new BigDecimal("-0.000"), new BigDecimal("123456789012345678901234567890.5"));

        String json = write(row, false, null);

        assertThat(json).isEqualTo("{\"A\":1000,\"B\":0.0000000001,\"C\":0.000,\"D\":123456789012345678901234567890.5}");
        JsonNode node = MAPPER.readTree(json);
        assertThat(node.get("B").decimalValue()).isEqualTo(new BigDecimal("1E-10").setScale(10));
        assertThat(node.get("D").decimalValue()).isEqualTo(new BigDecimal("123456789012345678901234567890.5"));
    }

    @Test
    void columnOrderIsKeptAndNamesAreNotSorted() throws Exception {
        Row row = row(List.of("ZETA", "alpha", "Mid"), 1, 2, 3);

        String json = write(row, false, null);

        assertThat(json).isEqualTo("{\"ZETA\":1,\"alpha\":2,\"Mid\":3}");
        assertThat(fieldNames(MAPPER.readTree(json))).containsExactly("ZETA", "alpha", "Mid");
    }

    @Test
    void lowercaseOptionLowersEveryName() {
        Row row = row(List.of("BARCODE", "TrkDate", "already_low"), "X1", LocalDate.of(2026, 1, 17), null);

        assertThat(write(row, true, null))
                .isEqualTo("{\"barcode\":\"X1\",\"trkdate\":\"2026-01-17\",\"already_low\":null}");
        assertThat(write(row, false, null))
                .isEqualTo("{\"BARCODE\":\"X1\",\"TrkDate\":\"2026-01-17\",\"already_low\":null}");
    }

    @Test
    void metadataBlockComesLastWithItsFourFields() throws Exception {
        Row row = row(List.of("ID"), 7L);

        String json = write(row, true, META);

        assertThat(json).isEqualTo("{\"id\":7,\"_metadata\":{\"source_query\":\"CDG-KAFKA-001--SelezioneTracceGiornaliere.sql\","
                + "\"source_connection\":\"cdg_prod\",\"export_timestamp\":\"2026-01-18T08:00:15.123456\","
                + "\"export_id\":\"20260118-080015-a1b2\"}}");
        JsonNode meta = MAPPER.readTree(json).get("_metadata");
        assertThat(fieldNames(meta)).containsExactly("source_query", "source_connection", "export_timestamp", "export_id");
        assertThat(meta.get("export_id").textValue()).isEqualTo("20260118-080015-a1b2");
    }

    @Test
    void metadataBlockIsAbsentWithoutMetadata() throws Exception {
        Row row = row(List.of("ID"), 7L);

        String json = write(row, true, null);

        assertThat(json).isEqualTo("{\"id\":7}");
        assertThat(MAPPER.readTree(json).has("_metadata")).isFalse();
    }

    @Test
    void metadataIsNotLowercasedOrAltered() {
        ExportMetadata meta = new ExportMetadata("J", "Q.sql", "CONN", "2026-01-18T08:00:15", "ID-1");

        assertThat(write(row(List.of("A"), "v"), true, meta)).isEqualTo("{\"a\":\"v\",\"_metadata\":{\"source_query\":\"Q.sql\","
                + "\"source_connection\":\"CONN\",\"export_timestamp\":\"2026-01-18T08:00:15\",\"export_id\":\"ID-1\"}}");
    }

    @Test
    void nullIsWrittenWithItsKey() throws Exception {
        Row row = row(List.of("x", "y"), null, "b");

        String json = write(row, false, null);

        assertThat(json).isEqualTo("{\"x\":null,\"y\":\"b\"}");
        JsonNode node = MAPPER.readTree(json);
        assertThat(node.has("x")).isTrue();
        assertThat(node.get("x").isNull()).isTrue();
    }

    @Test
    void bytesAreStandardBase64WithoutLineBreaks() throws Exception {
        byte[] bytes = new byte[200];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7);
        }
        Row row = row(List.of("B", "EMPTY"), bytes, new byte[0]);

        String json = write(row, false, null);

        assertThat(json).isEqualTo("{\"B\":\"" + Base64.getEncoder().encodeToString(bytes) + "\",\"EMPTY\":\"\"}");
        assertThat(MAPPER.readTree(json).get("B").binaryValue()).containsExactly(bytes);
    }

    @Test
    void nestedArraysBecomeNestedJsonArrays() throws Exception {
        Row row = row(List.of("TAGS", "MATRIX"),
                new Object[] {"a", null, 3, new BigDecimal("1.50"), LocalDate.of(2026, 1, 16), true},
                new Object[] {new Object[] {1, 2}, new Object[] {}, new Object[] {new byte[] {1}}});

        String json = write(row, false, null);

        assertThat(json).isEqualTo("{\"TAGS\":[\"a\",null,3,1.50,\"2026-01-16\",true],\"MATRIX\":[[1,2],[],[\"AQ==\"]]}");
        JsonNode node = MAPPER.readTree(json);
        assertThat(node.get("TAGS").get(3).decimalValue().toPlainString()).isEqualTo("1.50");
        assertThat(node.get("MATRIX").get(0).get(1).intValue()).isEqualTo(2);
    }

    @Test
    void unknownValueTypeIsRejected() {
        Row row = row(List.of("X"), new StringBuilder("nope"));

        assertThatThrownBy(() -> write(row, false, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no JSON mapping for java.lang.StringBuilder");
    }

    @Test
    void outputIsUtf8() {
        Row row = row(List.of("CITTÀ"), "Forlì €");

        byte[] out = new RowJsonWriter(row.columns(), false, null).write(row);

        assertThat(out).isEqualTo("{\"CITTÀ\":\"Forlì €\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oneWriterServesManyRows() {
        ResultColumns columns = new ResultColumns(List.of("ID", "V"), List.of("INTEGER", "VARCHAR"));
        RowJsonWriter writer = new RowJsonWriter(columns, true, null);

        assertThat(new String(writer.write(new Row(columns, new Object[] {1, "a"})), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":1,\"v\":\"a\"}");
        assertThat(new String(writer.write(new Row(columns, new Object[] {2, null})), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":2,\"v\":null}");
    }

    @Test
    void singlePrecisionFloatsAreWrittenAsTheirOwnDigits() {
        ResultColumns columns = new ResultColumns(java.util.List.of("F", "NAN"), java.util.List.of("REAL", "REAL"));
        RowJsonWriter writer = new RowJsonWriter(columns, false, null);
        assertThat(new String(writer.write(new Row(columns, new Object[] {1.1f, Float.NaN})), StandardCharsets.UTF_8))
                .isEqualTo("{\"F\":1.1,\"NAN\":\"NaN\"}");
    }

    @Test
    void jsonColumnsAreEmbeddedAsTheirExactText() {
        Row row = row(List.of("ID", "J", "JB", "JA"), 1, new JsonText("{\"a\": [1, 2.50, null], \"b\":\"x\"}", false),
                new JsonText("{\"a\": 1.10, \"b\": true}", true), new Object[] {new JsonText("[]", true), null, new JsonText("7", false)});

        assertThat(write(row, false, null))
                .isEqualTo("{\"ID\":1,\"J\":{\"a\": [1, 2.50, null], \"b\":\"x\"},\"JB\":{\"a\": 1.10, \"b\": true},\"JA\":[[],null,7]}");
    }

    @Test
    void jsonColumnsAsStringsWithJsonColumnsString() {
        Row row = row(List.of("J", "JA"), new JsonText("{\"a\": \"x\"}", true), new Object[] {new JsonText("[1]", false)});

        String json = new String(new RowJsonWriter(row.columns(), false, null, JsonColumns.STRING).write(row), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"J\":\"{\\\"a\\\": \\\"x\\\"}\",\"JA\":[\"[1]\"]}");
    }

    @Test
    void jsonTextThatIsNotJsonIsNeverEmbeddedAndTheRowComesBackWithItAsAString() {
        Row row = new Row(new ResultColumns(List.of("ID", "DOC"), List.of("int4", "json")),
                new Object[] {7, new JsonText("{\"a\": 1} {\"b\": 2}", false)});

        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> new RowJsonWriter(row.columns(), true, META).write(row));

        assertThat(t).isInstanceOf(InvalidJsonColumnException.class)
                .hasMessage("column DOC (json) holds text that is not valid JSON (more than one value, the second at line 1,"
                        + " column 10); this letter has it as a string (json_columns: string sends such values as strings)");
        String letter = new String(((InvalidJsonColumnException) t).rowWithJsonAsStrings(), StandardCharsets.UTF_8);
        assertThat(letter).startsWith("{\"id\":7,\"doc\":\"{\\\"a\\\": 1} {\\\"b\\\": 2}\",\"_metadata\":{");
    }

    @Test
    void invalidJsonInsideAnArrayIsFoundToo() {
        Row row = row(List.of("JA"), (Object) new Object[] {new JsonText("[1]", false), new JsonText("[1,", false)});

        assertThatThrownBy(() -> write(row, false, null)).isInstanceOf(InvalidJsonColumnException.class)
                .hasMessageContaining("column JA (T) holds text that is not valid JSON");
    }

    @Test
    void theCheckAcceptsWhatPostgresAcceptsAndRejectsTheRest() {
        assertThat(RowJsonWriter.check(" {\"a\": [1, 2.50e-3, null, true, \"\\u00e8\\n\"]}\n")).isNull();
        assertThat(RowJsonWriter.check("\"just a string\"")).isNull();
        assertThat(RowJsonWriter.check("-0")).isNull();
        assertThat(RowJsonWriter.check("{\"a\": 1, \"a\": 2}")).as("duplicate keys are legal JSON, json keeps them").isNull();
        // deeper and longer than Jackson's defaults (1000 levels, 1000 digits), as PostgreSQL allows
        assertThat(RowJsonWriter.check("[".repeat(5_000) + "]".repeat(5_000))).isNull();
        assertThat(RowJsonWriter.check("1" + "0".repeat(5_000))).isNull();

        assertThat(RowJsonWriter.check("")).isEqualTo("no value");
        assertThat(RowJsonWriter.check("   ")).isEqualTo("no value");
        assertThat(RowJsonWriter.check("[1, 2")).startsWith("Unexpected end-of-input");
        assertThat(RowJsonWriter.check("{'a': 1}")).startsWith("Unexpected character (''' (code 39))");
        assertThat(RowJsonWriter.check("NaN")).startsWith("Non-standard token 'NaN'");
        assertThat(RowJsonWriter.check("[1] x")).startsWith("Unrecognized token 'x'");
        assertThat(RowJsonWriter.check("1 2")).isEqualTo("more than one value, the second at line 1, column 3");
    }

    @Test
    void aChunkWritesEachRowExactlyAsTheOneRowPathAndRecoversAfterARowItCannotWrite() {
        List<String> names = List.of("ID", "NAME", "DOC", "AT");
        RowJsonWriter writer = new RowJsonWriter(new ResultColumns(names, names.stream().map(n -> "T").toList()), true, META);
        RowJsonWriter.Chunk chunk = writer.chunk();
        List<Row> rows = List.of(
                row(names, 1, "a", new JsonText("{\"x\":1}", false), LocalDate.of(2026, 1, 1)),
                row(names, 2, null, new JsonText("[1,2]", true), LocalDate.of(2026, 1, 2)),
                row(names, 3, "c\"q", null, null));
        for (Row r : rows) {
            assertThat(new String(chunk.write(r), StandardCharsets.UTF_8)).isEqualTo(new String(writer.write(r), StandardCharsets.UTF_8));
        }
        // a value with no JSON mapping fails that row only; the next row of the chunk is whole JSON again
        assertThatThrownBy(() -> chunk.write(row(names, 4, new Object(), null, null))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new String(chunk.write(rows.get(0)), StandardCharsets.UTF_8)).isEqualTo(new String(writer.write(rows.get(0)), StandardCharsets.UTF_8));
        // a JSON column holding broken text is refused with its reason, as on the one-row path
        assertThatThrownBy(() -> chunk.write(row(names, 5, "e", new JsonText("{broken", false), null)))
                .isInstanceOf(InvalidJsonColumnException.class);
    }
}
