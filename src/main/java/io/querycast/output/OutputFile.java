package io.querycast.output;

import io.querycast.job.JobOutput;
import io.querycast.job.OutputTemplate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One export's file, written under a temporary name in the target directory and renamed to its name only
 * once complete and flushed to disk: readers of the directory never see half a file. Without
 * {@code overwrite} an existing file is never replaced: the run fails before its query when the file is
 * there already, and a file that appeared while the run wrote leaves this run's file under its temporary
 * name (said in the error), so no data is lost either way.
 */
final class OutputFile {

    private final Path directory;
    private final Path target;
    private final Path temp;
    private final JobOutput.Compression compression;
    private final boolean overwrite;
    private boolean kept;

    private OutputFile(Path directory, Path target, Path temp, JobOutput.Compression compression, boolean overwrite) {
        this.directory = directory;
        this.target = target;
        this.temp = temp;
        this.compression = compression;
        this.overwrite = overwrite;
    }

    /**
     * @param name the rendered file name template; the compression's extension is added unless it ends with it
     * @throws OutputException when the name leaves the directory, the file exists (without overwrite), or the
     *                         directory cannot be created or written
     */
    static OutputFile create(Path directory, String name, JobOutput.Compression compression, boolean overwrite, String runId) {
        try {
            OutputTemplate.checkFileName(name);
        } catch (IllegalArgumentException e) {
            throw new OutputException("output.file_name: " + e.getMessage());
        }
        String fileName = name.toLowerCase(Locale.ROOT).endsWith(compression.extension()) ? name : name + compression.extension();
        Path dir = directory.toAbsolutePath().normalize();
        Path target = dir.resolve(fileName).normalize();
        if (!dir.equals(target.getParent())) {
            throw new OutputException("output.file_name: '" + fileName + "' does not name a file in " + dir);
        }
        if (!overwrite && Files.exists(target)) {
            throw new OutputException("output file " + target + " exists already and output.overwrite is false: it is left as it is and"
                    + " nothing was exported (move it away, or set overwrite: true, or put {run_id} or the time in file_name)");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OutputException("output directory " + dir + " cannot be created: " + describe(e), e);
        }
        Path temp = dir.resolve("." + fileName + "." + runId.replaceAll("[^A-Za-z0-9_.-]", "_") + ".part");
        try {
            Files.deleteIfExists(temp);
            Files.createFile(temp);
        } catch (IOException e) {
            throw new OutputException("output directory " + dir + " is not writable: " + describe(e), e);
        }
        return new OutputFile(dir, target, temp, compression, overwrite);
    }

    /** The stream the format writes to, compressed as configured; closing it closes the file. */
    OutputStream open() throws IOException {
        OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.TRUNCATE_EXISTING), 64 * 1024);
        return switch (compression) {
            case NONE -> file;
            case GZIP -> new GZIPOutputStream(file, 64 * 1024);
            case ZIP -> {
                ZipOutputStream zip = new ZipOutputStream(file);
                String entry = target.getFileName().toString();
                zip.putNextEntry(new ZipEntry(entry.substring(0, entry.length() - compression.extension().length())));
                yield zip;
            }
        };
    }

    /**
     * Flushes the complete file to disk and gives it its name.
     *
     * @return the file's path
     * @throws OutputException when the name is taken meanwhile (without overwrite) or the rename fails
     */
    Path commit() {
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            if (overwrite) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                moveWithoutReplacing();
            }
            syncDirectory();
            return target;
        } catch (FileAlreadyExistsException e) {
            kept = true;
            throw new OutputException("output file " + target + " appeared while this run wrote and output.overwrite is false: it is left"
                    + " as it is, and this run's complete file is kept as " + temp, e);
        } catch (IOException e) {
            throw new OutputException("output file " + target + " could not be written: " + describe(e), e);
        }
    }

    /** A hard link fails when the name is taken, atomically; where links are not supported, check then rename. */
    private void moveWithoutReplacing() throws IOException {
        try {
            Files.createLink(target, temp);
            Files.delete(temp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(temp, target);
            }
        }
    }

    /** The rename itself is durable once the directory is synced (where the platform allows it). */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform opens a directory: the file itself is synced
        }
    }

    /** Removes the unfinished file after a failed run (a kept one stays: it is the only copy of the run's rows). */
    void abandon() {
        if (kept) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the run's error says what failed; a leftover .part file is harmless and visible
        }
    }

    Path target() {
        return target;
    }

    static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
