package io.querycast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the benchmark drivers share: child JVMs with their peak RSS and CPU time, machine CPU use from
 * {@code /proc}, medians and number formatting. Linux only (reads {@code /proc}); elsewhere the RSS and CPU
 * figures are reported as unknown (-1).
 */
final class BenchSupport {

    /** Clock ticks per second of {@code /proc/.../stat} times; 100 on every Linux this runs on. */
    static final double TICKS = clockTicks();

    private BenchSupport() {
    }

    /** The JVM running this class, to start children with the same one. */
    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A child process's outcome: exit code, wall time, peak resident set size, CPU time it used. */
    record ChildRun(int exitCode, double seconds, long peakRssKb, double cpuSeconds, Path log) {

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "";
            }
        }
    }

    /**
     * Runs a child process to its end with its output in {@code log}, sampling its {@code VmHWM} (peak
     * RSS) every 50 ms while it lives. Its CPU time is this JVM's children-time delta once it was reaped
     * (so other children running at the same time, such as the broker, do not count: they are not reaped).
     */
    static ChildRun run(List<String> command, Map<String, String> env, Path workingDir, Path log, long timeoutMinutes, CpuWindow cpu)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("CLASSPATH", "");
        pb.environment().putAll(env);
        double cpuBefore = childrenCpuSeconds();
        long start = System.nanoTime();
        Process p = pb.start();
        if (cpu != null) {
            cpu.child(p.pid());
        }
        AtomicLong hwm = new AtomicLong(-1);
        Thread sampler = new Thread(() -> {
            while (p.isAlive()) {
                long v = statusKb(p.pid(), "VmHWM");
                if (v > 0) {
                    hwm.accumulateAndGet(v, Math::max);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler-" + p.pid());
        sampler.setDaemon(true);
        sampler.start();
        if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("timed out after " + timeoutMinutes + " min: " + command.get(command.size() - 1)
                    + "; output in " + log);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.join(1000);
        return new ChildRun(p.exitValue(), seconds, hwm.get(), childrenCpuSeconds() - cpuBefore, log);
    }

    /** A value in kB from {@code /proc/<pid>/status} (VmHWM, VmRSS...), or -1. */
    static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between two samples, or this is not Linux
        }
        return -1;
    }

    /** user + system CPU seconds of a live process, or -1. */
    static double cpuSeconds(long pid) {
        String[] f = statFields(Path.of("/proc", Long.toString(pid), "stat"));
        return f == null ? -1 : (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
    }

    /** user + system CPU seconds of this JVM. */
    static double selfCpuSeconds() {
        String[] f = statFields(Path.of("/proc/self/stat"));
        return f == null ? -1 : (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
    }

    /**
     * CPU seconds of every PostgreSQL process on the machine (the local service's or the embedded one's):
     * live processes' own time plus, through the postmaster's children time, the backends that ended.
     */
    static double postgresCpuSeconds() {
        double sum = 0;
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(d.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (!comm.equals("postgres")) {
                        continue;
                    }
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                    sum += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum / TICKS;
    }

    /**
     * Where the machine's CPU went during (part of) one measurement, in CPU seconds: this JVM, the measured
     * child JVM (the application or ProducerPerformance), the broker, PostgreSQL, and every other process.
     */
    record CpuUse(double seconds, double busyPercent, double self, double children, double broker, double postgres, double other) {

        /** Share of the machine's CPU capacity used by other processes, in percent. */
        double otherPercent() {
            double capacity = seconds * Runtime.getRuntime().availableProcessors();
            return capacity <= 0 ? 0 : 100 * other / capacity;
        }

        /** Cores the measured process kept busy on average: its CPU seconds per second. */
        double cores(double cpuSeconds) {
            return seconds <= 0 ? Double.NaN : cpuSeconds / seconds;
        }
    }

    /**
     * Measures {@link CpuUse} over a window: exact totals between construction and {@link #close()}, and a
     * sample of every counter each 100 ms, so a part of the window (the export run inside the application
     * JVM's whole life, say) can be looked at on its own with {@link #during}.
     */
    static final class CpuWindow {

        private record Sample(long millis, long busyTicks, long totalTicks, double self, double broker, double postgres, double child) {
        }

        private final long brokerPid;
        private final long start = System.nanoTime();
        private final long[] machine0 = machineTicks();
        private final double self0 = selfCpuSeconds();
        private final double children0 = childrenCpuSeconds();
        private final double broker0;
        private final double pg0 = postgresCpuSeconds();
        private final List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile long childPid = -1;
        private final Thread sampler;

        CpuWindow(long brokerPid) {
            this.brokerPid = brokerPid;
            this.broker0 = cpuSeconds(brokerPid);
            sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    sample();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "cpu-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        /** The measured child process, sampled while it lives. */
        void child(long pid) {
            childPid = pid;
        }

        private void sample() {
            long[] m = machineTicks();
            long pid = childPid;
            samples.add(new Sample(System.currentTimeMillis(), m[0], m[1], selfCpuSeconds(), cpuSeconds(brokerPid), postgresCpuSeconds(),
                    pid > 0 ? cpuSeconds(pid) : -1));
        }

        /** The whole window, with exact totals (a child's CPU counted once it ended and was reaped). */
        CpuUse close() {
            sampler.interrupt();
            long[] machine1 = machineTicks();
            double seconds = (System.nanoTime() - start) / 1e9;
            double self = selfCpuSeconds() - self0;
            double children = childrenCpuSeconds() - children0;
            double broker = cpuSeconds(brokerPid) - broker0;
            double postgres = postgresCpuSeconds() - pg0;
            double busy = (machine1[0] - machine0[0]) / TICKS;
            return new CpuUse(seconds, busyPercent(machine0, machine1), self, children, broker, postgres,
                    Math.max(0, busy - self - children - broker - postgres));
        }

        /**
         * Part of the window, from the samples nearest inside [from, to] (epoch milliseconds); the child's
         * CPU from its live samples. Empty when fewer than two samples fall inside.
         */
        Optional<CpuUse> during(long fromMillis, long toMillis) {
            List<Sample> in;
            synchronized (samples) {
                in = samples.stream().filter(x -> x.millis() >= fromMillis && x.millis() <= toMillis && x.child() >= 0).toList();
            }
            if (in.size() < 2) {
                return Optional.empty();
            }
            Sample a = in.get(0);
            Sample b = in.get(in.size() - 1);
            double seconds = (b.millis() - a.millis()) / 1000.0;
            double busy = (b.busyTicks() - a.busyTicks()) / TICKS;
            double self = b.self() - a.self();
            double child = b.child() - a.child();
            double broker = b.broker() - a.broker();
            double postgres = b.postgres() - a.postgres();
            long total = b.totalTicks() - a.totalTicks();
            return Optional.of(new CpuUse(seconds, total <= 0 ? -1 : 100.0 * (b.busyTicks() - a.busyTicks()) / total, self, child, broker,
                    postgres, Math.max(0, busy - self - child - broker - postgres)));
        }
    }

    /**
     * Waits until the machine is quiet (less than {@code maxBusyPercent} of its CPU busy over 2 s), at most
     * {@code maxWaitSeconds}. @return whether it became quiet
     */
    static boolean awaitQuiet(double maxBusyPercent, int maxWaitSeconds, java.util.function.Consumer<String> log) throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitSeconds * 1_000_000_000L;
        boolean told = false;
        while (true) {
            long[] a = machineTicks();
            Thread.sleep(2000);
            double busy = busyPercent(a, machineTicks());
            if (busy < maxBusyPercent) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                log.accept(String.format(Locale.ROOT, "machine still %.0f%% busy after %d s of waiting: measuring anyway", busy, maxWaitSeconds));
                return false;
            }
            if (!told) {
                log.accept(String.format(Locale.ROOT, "machine %.0f%% busy with other work (load average %s): waiting up to %d s for it to calm down",
                        busy, loadAverage(), maxWaitSeconds));
                told = true;
            }
        }
    }

    /** CPU seconds of this JVM's children that ended and were reaped (cutime + cstime). */
    static double childrenCpuSeconds() {
        String[] f = statFields(Path.of("/proc/self/stat"));
        return f == null ? -1 : (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS;
    }

    /** Fields of a stat file after the command name: index 0 is field 3 (state), 11 utime, 12 stime, 13 cutime, 14 cstime. */
    private static String[] statFields(Path stat) {
        try {
            String s = Files.readString(stat);
            return s.substring(s.lastIndexOf(')') + 2).trim().split("\\s+");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The machine's cumulated CPU ticks: [busy, total]; busy excludes idle and iowait. */
    static long[] machineTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            long[] v = Arrays.stream(cpu.substring(3).trim().split("\\s+")).limit(8).mapToLong(Long::parseLong).toArray();
            long total = Arrays.stream(v).sum();
            return new long[] {total - v[3] - v[4], total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** Share of all the machine's cores busy between two {@link #machineTicks()} readings, in percent. */
    static double busyPercent(long[] before, long[] after) {
        long total = after[1] - before[1];
        return total <= 0 ? -1 : 100.0 * (after[0] - before[0]) / total;
    }

    /** The pid of a child of this JVM whose command line contains {@code marker} (e.g. the broker's main class). */
    static Optional<Long> childPid(String marker) {
        return ProcessHandle.current().children()
                .filter(h -> {
                    try {
                        // NUL-separated arguments; ProcessHandle.Info may truncate long command lines
                        String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline")));
                        return Arrays.asList(cmdline.split("\0")).contains(marker);
                    } catch (IOException | RuntimeException e) {
                        return false;
                    }
                })
                .map(ProcessHandle::pid).findFirst();
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg gives them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Deletes a directory and everything in it; quietly does nothing when it is not there. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.removeIf(d -> d == null || d.isNaN() || d < 0);
        if (v.isEmpty()) {
            return Double.NaN;
        }
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    static String thousands(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String oneDecimal(double v) {
        return Double.isNaN(v) || v < 0 ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String twoDecimals(double v) {
        return Double.isNaN(v) || v < 0 ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static double clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
