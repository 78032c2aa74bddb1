package io.querycast.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The job files of the jobs directory as the API reads and writes them: one file per job id, reached only
 * through an id that is a job id (so never another path of the server), written whole and atomically (a
 * temporary file in the same directory, then moved over the old one: a reader, or the file watch, sees the old
 * file or the new one, never half of one), with an entity tag that is the hash of the bytes on disk.
 */
public final class JobFiles {

    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    private final Path directory;

    public JobFiles(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    /** The file a new job of this id is written to: {@code <jobs-dir>/<id>.yaml}. */
    public Path newFile(String id) {
        return inside(id + ".yaml");
    }

    /** The existing file named after the id ({@code .yaml}, {@code .yml} or {@code .json}), if any. */
    public Optional<Path> existing(String id) {
        for (String ext : EXTENSIONS) {
            Path p = inside(id + ext);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private Path inside(String name) {
        Path p = directory.resolve(name).normalize();
        if (!p.getParent().equals(directory)) {
            throw new IllegalArgumentException("'" + name + "' is not a file name of the jobs directory");
        }
        return p;
    }

    /** Whether {@code file} is one of this directory's files (a job's {@code file} as read at start may be relative). */
    public boolean holds(Path file) {
        Path p = file.toAbsolutePath().normalize();
        return p.getParent() != null && p.getParent().equals(directory);
    }

    /** @return the file's text, or null when it does not exist */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The entity tag of a file's content: a strong tag, quoted as HTTP wants it. */
    public static String etag(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the whole file at once: temp file beside it, forced to disk, then moved over it atomically. */
    public static void writeAtomically(Path file, String text) {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            // a dot name without a job extension: the reader and the file watch's scan never take it for a job
            temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IllegalStateException("the file system of " + dir + " cannot replace a file atomically: job files are not written there", e);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // moved already, or gone
                }
            }
        }
    }

    public static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
