package io.querycast.output;

import io.querycast.message.ValueText;
import io.querycast.query.Row;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * XLSX through POI's streaming SXSSF workbook: only the last {@link #WINDOW} rows are in memory, the others are
 * in a compressed temporary file until the workbook is written at the end. A value is a number, date or
 * boolean cell when Excel holds it exactly (at most 15 significant digits; a date from 1900 on with at most
 * millisecond precision), with a format showing it as the database has it (a decimal's scale, a date's
 * time part); otherwise a text cell with the text a message would carry (every digit, ISO-8601 with the
 * offset), so no digit is lost. A sheet holds 1,048,575 rows under its header; more go on further sheets.
 */
final class XlsxRowWriter implements RowFileWriter {

    static final int WINDOW = 100;
    /** Excel shows and keeps 15 significant digits of a number. */
    static final int EXCEL_DIGITS = 15;
    static final int MAX_TEXT = SpreadsheetVersion.EXCEL2007.getMaxTextLength();
    static final int ROWS_PER_SHEET = SpreadsheetVersion.EXCEL2007.getMaxRows() - 1;

    private final OutputStream out;
    private final String sheetName;
    private final SXSSFWorkbook workbook;
    private final Map<String, CellStyle> styles = new HashMap<>();
    private List<String> columns;
    private SXSSFSheet sheet;
    private int sheets;
    private int rowInSheet;
    private long rowsWritten;

    XlsxRowWriter(OutputStream out, String sheetName) {
        this.out = out;
        this.sheetName = sheetName;
        this.workbook = new SXSSFWorkbook(null, WINDOW, true, false);
    }

    @Override
    public void start(List<String> columnNames) {
        this.columns = List.copyOf(columnNames);
        newSheet();
    }

    private void newSheet() {
        sheets++;
        String name = sheets == 1 ? sheetName : sheetName + " (" + sheets + ")";
        sheet = workbook.createSheet(WorkbookUtil.createSafeSheetName(name));
        sheet.createFreezePane(0, 1);
        org.apache.poi.ss.usermodel.Row header = sheet.createRow(0);
        CellStyle bold = style("header");
        for (int i = 0; i < columns.size(); i++) {
            Cell c = header.createCell(i);
            c.setCellValue(columns.get(i));
            c.setCellStyle(bold);
        }
        rowInSheet = 1;
    }

    @Override
    public void write(Row row) throws IOException {
        if (rowInSheet > ROWS_PER_SHEET) {
            newSheet();
        }
        org.apache.poi.ss.usermodel.Row r = sheet.createRow(rowInSheet++);
        rowsWritten++;
        Object[] values = row.values();
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v != null) {
                cell(r.createCell(i), v, i);
            }
        }
    }

    private void cell(Cell c, Object v, int column) {
        if (v instanceof Integer n) {
            c.setCellValue(n);
        } else if (v instanceof Long n && significantDigits(BigDecimal.valueOf(n)) <= EXCEL_DIGITS) {
            c.setCellValue(n);
            // without a format Excel shows 12 digits and then 1.23457E+14
            c.setCellStyle(decimalStyle(0));
        } else if (v instanceof BigDecimal d && significantDigits(d) <= EXCEL_DIGITS && d.scale() <= 30) {
            c.setCellValue(d.doubleValue());
            c.setCellStyle(decimalStyle(Math.max(d.scale(), 0)));
        } else if (v instanceof Double d && Double.isFinite(d)) {
            c.setCellValue(d);
        } else if (v instanceof Float f && Float.isFinite(f)) {
            // through its text, so 1.1f is the cell 1.1 and not 1.100000023841858
            c.setCellValue(Double.parseDouble(f.toString()));
        } else if (v instanceof Boolean b) {
            c.setCellValue(b);
        } else if (v instanceof LocalDate d && d.getYear() >= 1900) {
            c.setCellValue(d);
            c.setCellStyle(style("date"));
        } else if (v instanceof LocalDateTime t && t.getYear() >= 1900 && t.getNano() % 1_000_000 == 0) {
            c.setCellValue(t);
            c.setCellStyle(style(t.getNano() == 0 ? "datetime" : "datetime-ms"));
        } else if (v instanceof LocalTime t && t.getNano() % 1_000_000 == 0) {
            c.setCellValue(t.toNanoOfDay() / 86_400_000_000_000.0);
            c.setCellStyle(style(t.getNano() == 0 ? "time" : "time-ms"));
        } else {
            String text = ValueText.of(v);
            if (text.length() > MAX_TEXT) {
                throw new CellTooLongException("column " + columns.get(column) + ", row " + rowsWritten + ": " + text.length()
                        + " characters, more than the " + MAX_TEXT + " an XLSX cell holds; nothing is cut: export this job as"
                        + " format: csv, or shorten the value in the query");
            }
            c.setCellValue(text);
        }
    }

    static int significantDigits(BigDecimal d) {
        if (d.signum() == 0) {
            return 1;
        }
        // 1E+18 is one digit: Excel holds it exactly, as a double does
        return d.stripTrailingZeros().precision();
    }

    private CellStyle decimalStyle(int scale) {
        return styles.computeIfAbsent("decimal-" + scale, k -> {
            CellStyle s = workbook.createCellStyle();
            s.setDataFormat(workbook.createDataFormat().getFormat(scale == 0 ? "0" : "0." + "0".repeat(scale)));
            return s;
        });
    }

    private CellStyle style(String kind) {
        return styles.computeIfAbsent(kind, k -> {
            CellStyle s = workbook.createCellStyle();
            String format = switch (k) {
                case "date" -> "yyyy-mm-dd";
                case "datetime" -> "yyyy-mm-dd hh:mm:ss";
                case "datetime-ms" -> "yyyy-mm-dd hh:mm:ss.000";
                case "time" -> "hh:mm:ss";
                case "time-ms" -> "hh:mm:ss.000";
                default -> null;
            };
            if (format != null) {
                s.setDataFormat(workbook.createDataFormat().getFormat(format));
            } else {
                Font bold = workbook.createFont();
                bold.setBold(true);
                s.setFont(bold);
            }
            return s;
        });
    }

    @Override
    public void finish() throws IOException {
        workbook.write(out);
    }

    @Override
    public void close() throws IOException {
        // deletes the rows' temporary files too
        workbook.close();
    }

    /** A text longer than an XLSX cell can hold: the run fails rather than cut it. */
    static final class CellTooLongException extends IllegalArgumentException {
        CellTooLongException(String message) {
            super(message);
        }
    }
}
