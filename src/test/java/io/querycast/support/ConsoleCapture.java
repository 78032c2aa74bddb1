package io.querycast.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything the JVM prints to System.out from now on, the application's log included (Logback's console
 * appender writes to whatever System.out is), kept to search for secrets while it still goes to the console.
 */
public final class ConsoleCapture {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream original;

    private ConsoleCapture() {
        original = System.out;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (captured) {
                    captured.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8));
    }

    public static ConsoleCapture start() {
        return new ConsoleCapture();
    }

    /** What was printed so far. */
    public String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** System.out as it was before. */
    public void stop() {
        System.setOut(original);
    }
}
