package io.querycast.output;

import io.querycast.job.JobOutput;
import io.querycast.message.ValueText;
import io.querycast.query.Row;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV as RFC 4180 has it: UTF-8, CRLF after every record, a field quoted when it holds the separator, a
 * quote, CR or LF (quotes doubled inside), optionally a header line and a byte order mark. NULL is an empty
 * field, an empty string a quoted empty field ({@code ""}), so the two stay apart. Values have the type
 * rules of the JSON messages ({@link ValueText}).
 */
final class CsvRowWriter implements RowFileWriter {

    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final OutputStream raw;
    private final Writer out;
    private final JobOutput.Csv settings;
    private final char separator;

    CsvRowWriter(OutputStream out, JobOutput.Csv settings) {
        this.raw = out;
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        this.settings = settings;
        this.separator = settings.separator();
    }

    @Override
    public void start(List<String> columnNames) throws IOException {
        if (settings.bom()) {
            raw.write(BOM);
        }
        if (settings.header()) {
            for (int i = 0; i < columnNames.size(); i++) {
                if (i > 0) {
                    out.write(separator);
                }
                field(columnNames.get(i), true);
            }
            out.write("\r\n");
        }
    }

    @Override
    public void write(Row row) throws IOException {
        Object[] values = row.values();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(separator);
            }
            String text = ValueText.of(values[i]);
            if (text != null) {
                field(text, false);
            }
        }
        out.write("\r\n");
    }

    private void field(String text, boolean header) throws IOException {
        if (text.isEmpty() && !header) {
            out.write("\"\"");
            return;
        }
        if (!needsQuotes(text)) {
            out.write(text);
            return;
        }
        out.write('"');
        int from = 0;
        for (int q = text.indexOf('"'); q >= 0; q = text.indexOf('"', from)) {
            out.write(text, from, q + 1 - from);
            out.write('"');
            from = q + 1;
        }
        out.write(text, from, text.length() - from);
        out.write('"');
    }

    private boolean needsQuotes(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == separator || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }
}
