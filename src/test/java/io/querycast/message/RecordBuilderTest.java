package io.querycast.message;

import io.querycast.query.ResultColumns;
import io.querycast.query.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordBuilderTest {

    private static final ResultColumns COLUMNS = new ResultColumns(
            List.of("BARCODE", "AMOUNT", "SEQ", "TRKDATE"), List.of("VARCHAR2", "NUMBER", "NUMBER", "DATE"));

    private static Row row(Object... values) {
        return new Row(COLUMNS, values);
    }

    @Test
    void keyFromVarcharColumn() {
        RecordBuilder b = new RecordBuilder(COLUMNS, "BARCODE", false, null, "job j");

        assertThat(b.key(row("RR123456789IT", new BigDecimal("1.5"), 1L, null))).isEqualTo("RR123456789IT");
        assertThat(b.keyColumn()).isEqualTo("BARCODE");
    }

    @Test
    void keyFromBigDecimalIsPlain() {
        RecordBuilder b = new RecordBuilder(COLUMNS, "AMOUNT", false, null, "job j");

        assertThat(b.key(row("x", new BigDecimal("1E+3"), 1L, null))).isEqualTo("1000");
        assertThat(b.key(row("x", new BigDecimal("1234567890.123456789"), 1L, null))).isEqualTo("1234567890.123456789");
        assertThat(b.key(row("x", new BigDecimal("12.50"), 1L, null))).isEqualTo("12.50");
    }

    @Test
    void keyFromLong() {
        RecordBuilder b = new RecordBuilder(COLUMNS, "SEQ", false, null, "job j");

        assertThat(b.key(row("x", null, 9_007_199_254_740_993L, null))).isEqualTo("9007199254740993");
    }

    @Test
    void keyFromBytesIsBase64() {
        ResultColumns cols = new ResultColumns(List.of("ID"), List.of("RAW"));
        RecordBuilder b = new RecordBuilder(cols, "ID", false, null, "job j");

        assertThat(b.key(new Row(cols, new Object[] {new byte[] {0, 1, 2, (byte) 0xFE, (byte) 0xFF}}))).isEqualTo("AAEC/v8=");
    }

    @Test
    void timestampKeyIsWrittenLikeItsJsonValue() {
        RecordBuilder b = new RecordBuilder(COLUMNS, "TRKDATE", false, null, "job j");
        Row row = row("x", null, 1L, LocalDateTime.of(2026, 1, 16, 8, 15));

        // the JSON value is "2026-01-16T08:15:00"; the record key should be the same text
        assertThat(new String(b.value(row), StandardCharsets.UTF_8)).contains("\"TRKDATE\":\"2026-01-16T08:15:00\"");
        assertThat(b.key(row)).isEqualTo("2026-01-16T08:15:00");
    }

    @Test
    void nullKeyIsNull() {
        RecordBuilder b = new RecordBuilder(COLUMNS, "BARCODE", false, null, "job j");

        assertThat(b.key(row(null, BigDecimal.ONE, 1L, null))).isNull();
    }

    @Test
    void missingKeyColumnListsTheResultsColumns() {
        assertThatThrownBy(() -> new RecordBuilder(COLUMNS, "ID", false, null, "job cdg-daily (q.sql)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("job cdg-daily (q.sql): key_column 'ID' is not a column of the query result "
                        + "(columns: BARCODE, AMOUNT, SEQ, TRKDATE)");
    }

    @Test
    void keyColumnIsFoundIgnoringCase() {
        RecordBuilder lower = new RecordBuilder(COLUMNS, "barcode", false, null, "job j");
        RecordBuilder mixed = new RecordBuilder(COLUMNS, "BarCode", true, null, "job j");

        assertThat(lower.key(row("K1", null, 1L, null))).isEqualTo("K1");
        assertThat(mixed.key(row("K2", null, 1L, null))).isEqualTo("K2");
        assertThat(lower.keyColumn()).isEqualTo("barcode");
    }

    @Test
    void valueIsTheRowAsJson() {
        ExportMetadata meta = new ExportMetadata("j", "q.sql", "c", "2026-01-18T08:00:15", "run-1");
        RecordBuilder b = new RecordBuilder(COLUMNS, "BARCODE", true, meta, "job j");

        byte[] value = b.value(row("K1", new BigDecimal("12.50"), 3L, LocalDateTime.of(2026, 1, 16, 8, 15, 0, 123_456_000)));

        assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("{\"barcode\":\"K1\",\"amount\":12.50,\"seq\":3,"
                + "\"trkdate\":\"2026-01-16T08:15:00.123456\",\"_metadata\":{\"source_query\":\"q.sql\",\"source_connection\":\"c\","
                + "\"export_timestamp\":\"2026-01-18T08:00:15\",\"export_id\":\"run-1\"}}");
    }
}
