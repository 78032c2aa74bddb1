package io.querycast.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * bench/files.sh: the file exports of {@code export_mode: filesystem} measured end to end. The benchmark's
 * PostgreSQL table (the one bench/run.sh loads), then for each format the real application in its own JVM
 * ({@code ExportOnce}, small heap) exporting ROWS/10 and ROWS rows: rows/s of the run, heap peak (used heap
 * sampled every 20 ms), RSS peak, file size. The rows in the file are counted back (CSV lines; XLSX is
 * checked by the run's counts). Not a test: it prints figures.
 */
public final class FileBenchmark {

    static final Pattern EXPORT_ONCE = Pattern.compile(
            "EXPORT-ONCE status=(\\w+) rows=(\\d+) sent=(\\d+) failed=(\\d+) seconds=([\\d.]+) rowsPerSecond=(\\d+) heapPeakMB=([\\d.]+) maxHeapMB=(\\d+)");

    public static void main(String[] args) throws Exception {
        long rows = 1_000_000;
        String heap = "256m";
        String postgres = "auto";
        boolean reload = false;
        List<String> formats = List.of("csv", "xlsx");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--heap" -> heap = args[++i];
                case "--postgres" -> postgres = args[++i];
                case "--reload" -> reload = true;
                case "--formats" -> formats = List.of(args[++i].split(","));
                default -> rows = Long.parseLong(args[i].replace("_", ""));
            }
        }
        Path root = Path.of("").toAbsolutePath();
        Path work = root.resolve("bench/work/files");
        Files.createDirectories(work);
        String classpath = System.getProperty("java.class.path");
        List<String> lines = new ArrayList<>();
        for (long n : List.of(rows / 10, rows)) {
            // a database per size, kept between runs: neither reloads the other's table nor bench/run.sh's
            try (BenchPostgres db = BenchPostgres.start(postgres, "127.0.0.1:5432", "querycast_bench_files_" + n)) {
                if (n == rows / 10) {
                    say(lines, "Querycast file export benchmark: %s; heap -Xmx%s; load before: %s", db.description(), heap, BenchSupport.loadAverage());
                }
                double loaded = db.load(n, reload);
                if (loaded > 0) {
                    say(lines, "loaded %,d rows in %.1f s", n, loaded);
                }
                for (String format : formats) {
                    Path out = work.resolve(format + "-" + n);
                    BenchSupport.deleteTree(out);
                    Files.createDirectories(out);
                    List<String> cmd = List.of(BenchSupport.javaBinary(), "-Xmx" + heap, "-cp", classpath, "io.querycast.support.ExportOnce",
                            "--querycast.connections-file=bench/files/connections.yaml",
                            "--querycast.jobs-dir=bench/files/jobs",
                            "--querycast.queries-dir=bench/queries",
                            "--querycast.test.export-once-job=bench-" + format,
                            "--server.port=0");
                    Path log = work.resolve(format + "-" + n + ".log");
                    String loadBefore = BenchSupport.loadAverage();
                    BenchSupport.ChildRun child = BenchSupport.run(cmd, Map.of("QC_BENCH_PG_URL", db.url(), "QC_BENCH_PG_USER", db.user(),
                            "QC_BENCH_FILES_DIR", out.toString()), root, log, 60, null);
                    Matcher r = EXPORT_ONCE.matcher(child.output());
                    if (child.exitCode() != 0 || !r.find()) {
                        throw new IllegalStateException(format + " export of " + n + " rows failed (exit " + child.exitCode() + "); see " + log);
                    }
                    Path file;
                    try (Stream<Path> s = Files.list(out)) {
                        file = s.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst()
                                .orElseThrow(() -> new IllegalStateException("no file in " + out));
                    }
                    long read = Long.parseLong(r.group(2));
                    long sent = Long.parseLong(r.group(3));
                    String check = "";
                    if (format.equals("csv")) {
                        long lineCount;
                        try (Stream<String> s = Files.lines(file)) {
                            lineCount = s.count();
                        }
                        check = String.format(Locale.ROOT, ", %,d lines = header + rows%s", lineCount, lineCount == n + 1 ? "" : " MISMATCH");
                    }
                    if (!r.group(1).equals("success") || read != n || sent != n) {
                        throw new IllegalStateException(String.format(Locale.ROOT, "%s: status %s, %d read, %d written, expected %d; see %s",
                                format, r.group(1), read, sent, n, log));
                    }
                    say(lines, "%-4s %,10d rows: %,.0f rows/s (%.1f s), heap peak %.1f MB of %s MB, RSS peak %.0f MB, file %,.1f MB%s;"
                                    + " load before %s, after %s",
                            format, n, Double.parseDouble(r.group(6)), Double.parseDouble(r.group(5)), Double.parseDouble(r.group(7)),
                            r.group(8), child.peakRssKb() / 1024.0, Files.size(file) / 1048576.0, check, loadBefore, BenchSupport.loadAverage());
                    BenchSupport.deleteTree(out);
                }
            }
        }
        Files.write(work.resolve("results.txt"), lines);
        System.out.println("results in " + root.relativize(work.resolve("results.txt")));
    }

    private static void say(List<String> lines, String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        lines.add(line);
    }
}
