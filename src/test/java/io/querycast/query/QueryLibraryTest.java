package io.querycast.query;

import io.querycast.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryLibraryTest {

    @TempDir
    Path root;

    private Path queries;
    private QueryLibrary library;

    private void setUp() throws IOException {
        queries = Files.createDirectories(root.resolve("queries"));
        library = new QueryLibrary(queries);
    }

    @Test
    void loadsAndParsesAFileOfTheDirectory() throws IOException {
        setUp();
        Files.writeString(queries.resolve("daily.sql"), """
                define DATA='2026-01-17'  --Obbligatorio: Data estrazione (YYYY-MM-DD)
                SELECT * FROM T WHERE D = TO_DATE('&DATA', 'YYYY-MM-DD');
                """);

        QueryFile q = library.load("daily.sql");

        assertThat(q.name()).isEqualTo("daily.sql");
        assertThat(q.jdbcSql()).isEqualTo("SELECT * FROM T WHERE D = TO_DATE(?, 'YYYY-MM-DD')");
        assertThat(q.bindOrder()).containsExactly("DATA");
        assertThat(q.parameter("DATA").orElseThrow().required()).isTrue();
        assertThat(library.directory()).isEqualTo(queries.toAbsolutePath().normalize());
    }

    @Test
    void loadsAFileOfASubdirectory() throws IOException {
        setUp();
        Files.createDirectories(queries.resolve("sub"));
        Files.writeString(queries.resolve("sub/a.sql"), "SELECT 1 FROM DUAL");

        assertThat(library.load("sub/a.sql").jdbcSql()).isEqualTo("SELECT 1 FROM DUAL");
    }

    @Test
    void fileIsReadAgainAtEveryLoad() throws IOException {
        setUp();
        Path f = queries.resolve("q.sql");
        Files.writeString(f, "SELECT 1 FROM DUAL");
        assertThat(library.load("q.sql").jdbcSql()).isEqualTo("SELECT 1 FROM DUAL");

        Files.writeString(f, "SELECT 2 FROM DUAL");
        assertThat(library.load("q.sql").jdbcSql()).isEqualTo("SELECT 2 FROM DUAL");
    }

    @Test
    void refusesRelativeTraversal() throws IOException {
        setUp();
        Files.writeString(root.resolve("secret.sql"), "SELECT 1 FROM DUAL");

        assertThatThrownBy(() -> library.load("../../etc/passwd"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("query file '../../etc/passwd' points outside " + library.directory());
        assertThatThrownBy(() -> library.load("../secret.sql"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("query file '../secret.sql' points outside " + library.directory());
    }

    @Test
    void refusesTraversalHiddenInASubdirectory() throws IOException {
        setUp();

        assertThatThrownBy(() -> library.load("sub/../../x.sql"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("query file 'sub/../../x.sql' points outside " + library.directory());
    }

    @Test
    void refusesDotDotEvenWhenItStaysInside() throws IOException {
        setUp();
        Files.writeString(queries.resolve("x.sql"), "SELECT 1 FROM DUAL");

        assertThatThrownBy(() -> library.load("sub/../x.sql"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("query file 'sub/../x.sql' points outside " + library.directory());
    }

    @Test
    void refusesAbsolutePaths() throws IOException {
        setUp();

        assertThatThrownBy(() -> library.load("/etc/passwd"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("query file '/etc/passwd' must be a name inside " + library.directory() + ", not an absolute path");
        String inside = queries.resolve("x.sql").toAbsolutePath().toString();
        assertThatThrownBy(() -> library.load(inside))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not an absolute path");
    }

    @Test
    void refusesEmptyName() throws IOException {
        setUp();

        assertThatThrownBy(() -> library.load(" "))
                .isInstanceOf(ConfigException.class)
                .hasMessage("query file name is empty");
        assertThatThrownBy(() -> library.load(null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("query file name is empty");
    }

    @Test
    void missingFileMessageNamesTheFile() throws IOException {
        setUp();

        assertThatThrownBy(() -> library.load("nope.sql"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("query file 'nope.sql' not found in " + library.directory());
    }

    @Test
    void directoryIsNotAQueryFile() throws IOException {
        setUp();
        Files.createDirectories(queries.resolve("dir.sql"));

        assertThatThrownBy(() -> library.load("dir.sql"))
                .hasMessage("query file 'dir.sql' not found in " + library.directory());
    }

    @Test
    void parseErrorsNameTheFile() throws IOException {
        setUp();
        Files.writeString(queries.resolve("bad.sql"), "SELECT *\nFROM T WHERE D = '&DATA 00:00'");

        assertThatThrownBy(() -> library.load("bad.sql"))
                .isInstanceOf(QueryFileException.class)
                .hasMessageStartingWith("bad.sql:2: a substitution inside a longer literal ('&DATA 00:00')");
    }
}
