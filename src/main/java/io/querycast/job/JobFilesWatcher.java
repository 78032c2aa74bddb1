package io.querycast.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches the jobs and queries directories and reloads ({@link JobReloader}) once they have been quiet for
 * the debounce time: an editor saving in several steps, or a deployment copying many files, gives one reload
 * of the finished files, not one per step.
 */
final class JobFilesWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobFilesWatcher.class);

    private final List<Path> directories;
    private final JobReloader reloader;
    private final Duration debounce;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "querycast-reload");
        t.setDaemon(true);
        return t;
    });
    private WatchService watch;
    private Thread thread;
    private ScheduledFuture<?> due;

    JobFilesWatcher(List<Path> directories, JobReloader reloader, Duration debounce) {
        this.directories = directories;
        this.reloader = reloader;
        this.debounce = debounce;
    }

    synchronized void start() throws IOException {
        watch = FileSystems.getDefault().newWatchService();
        for (Path dir : directories) {
            if (Files.isDirectory(dir)) {
                dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
        thread = new Thread(this::loop, "querycast-file-watch");
        thread.setDaemon(true);
        thread.start();
        LOG.info("Live reload: watching {} (reload {} ms after the last change)", directories, debounce.toMillis());
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watch.take();
                key.pollEvents();
                key.reset();
                changed();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopping
        }
    }

    private synchronized void changed() {
        if (due != null) {
            due.cancel(false);
        }
        due = executor.schedule(() -> {
            try {
                reloader.reload("file");
            } catch (RuntimeException e) {
                LOG.error("Live reload failed: {}", e.toString(), e);
            }
        }, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        executor.shutdownNow();
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
