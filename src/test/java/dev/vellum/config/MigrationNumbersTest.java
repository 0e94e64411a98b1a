package dev.vellum.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Flyway refuses to start on a database that has a newer migration applied than one it finds
 * unapplied ("resolved migration not applied"), so a migration added below the newest one already
 * shipped breaks every upgrade. The released ones are listed here; add new files above them.
 */
class MigrationNumbersTest {

    /** Versioned migrations on main when the last release landed (stop 19). */
    private static final List<Integer> RELEASED = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 40, 60, 70, 80);
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

    @Test
    void every_new_migration_is_numbered_above_the_newest_released_one() throws IOException {
        int newestReleased = RELEASED.get(RELEASED.size() - 1);
        try (Stream<Path> files = Files.list(Path.of("sql"))) {
            List<Integer> versions = files.map(file -> VERSIONED.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(match -> Integer.parseInt(match.group(1)))
                    .toList();
            assertThat(versions).containsAll(RELEASED);
            assertThat(versions.stream().filter(version -> !RELEASED.contains(version)))
                    .allSatisfy(version -> assertThat(version).isGreaterThan(newestReleased));
        }
    }
}
