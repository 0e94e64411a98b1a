package dev.vellum.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Flyway on a scratch database of the test server: a new database migrates, and a database left
 * by the release that had only versioned migrations (V1..V8) migrates on to the repeatable
 * function files (sql/R__*.sql) without a checksum error, ending with their definitions.
 */
class MigrationUpgradeIntegrationTest extends IntegrationTest {

    /** Flyway's checksums of the versioned migrations as released (main at 513f796): never change them. */
    static final Map<String, Integer> RELEASED = released();

    @Autowired
    Environment env;

    DatabaseUrl scratch;
    String user;
    String password;

    @BeforeEach
    void createScratchDatabase() {
        DatabaseUrl server = DatabaseUrl.parse(env.getRequiredProperty("spring.flyway.url"));
        user = env.getRequiredProperty("spring.flyway.user");
        password = env.getProperty("spring.flyway.password", "");
        String name = "vellum_migration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        scratch = new DatabaseUrl(server.host(), server.port(), name, server.query());
        assertThat(DatabaseCreator.ensureExists(scratch, user, password)).isTrue();
    }

    @AfterEach
    void dropScratchDatabase() throws SQLException {
        try (Connection connection = DriverManager.getConnection(scratch.maintenanceJdbc(), user, password);
                Statement drop = connection.createStatement()) {
            drop.execute("drop database if exists " + DatabaseSql.quoteIdentifier(scratch.database()) + " with (force)");
        }
    }

    @Test
    void a_new_database_migrates_and_the_repeatable_files_define_the_functions() throws Exception {
        MigrateResult result = current().migrate();
        assertThat(result.success).isTrue();
        assertThat(versionedChecksums()).isEqualTo(RELEASED);
        assertFunctionsAreTheRepeatableFiles();
    }

    @Test
    void a_database_of_the_release_migrates_on_without_a_checksum_error() throws Exception {
        // the release: the same V-files (their checksums prove it), no repeatable ones
        MigrateResult release = Flyway.configure()
                .dataSource(scratch.jdbc(), user, password)
                .locations("classpath:db/migration")
                .repeatableSqlMigrationPrefix("NOT_IN_THE_RELEASE")
                .target("8")
                .load().migrate();
        assertThat(release.migrationsExecuted).isEqualTo(RELEASED.size());
        assertThat(versionedChecksums()).isEqualTo(RELEASED);

        Flyway upgrade = current();
        upgrade.validateWithResult(); // pending repeatables are not an error
        MigrateResult result = upgrade.migrate();
        assertThat(result.success).isTrue();
        // only what came after the release ran: the R__ files and later versions, never a released one again
        assertThat(result.migrations).allSatisfy(m -> assertThat(m.version == null || m.version.isEmpty()
                || !RELEASED.containsKey(m.version)).as(m.version).isTrue());
        assertThat(result.migrations).filteredOn(m -> m.version == null || m.version.isEmpty())
                .hasSize(repeatableFiles().size());
        assertThat(upgrade.validateWithResult().validationSuccessful).isTrue();
        assertFunctionsAreTheRepeatableFiles();
        // a second start has nothing to do
        assertThat(current().migrate().migrationsExecuted).isZero();
    }

    private Flyway current() {
        return Flyway.configure().dataSource(scratch.jdbc(), user, password).locations("classpath:db/migration").load();
    }

    private Map<String, Integer> versionedChecksums() {
        return Arrays.stream(current().info().applied())
                .filter(m -> m.getVersion() != null && RELEASED.containsKey(m.getVersion().getVersion()))
                .collect(Collectors.toMap(m -> m.getVersion().getVersion(), MigrationInfo::getChecksum, (a, b) -> a, TreeMap::new));
    }

    /** Every function's stored body is the one in its R__ file, not the older one in a V-file. */
    private void assertFunctionsAreTheRepeatableFiles() throws IOException, SQLException {
        Map<String, String> files = repeatableFiles();
        assertThat(files).isNotEmpty();
        try (Connection connection = DriverManager.getConnection(scratch.jdbc(), user, password);
                PreparedStatement body = connection.prepareStatement("select prosrc from pg_proc where proname = ?")) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                body.setString(1, file.getKey());
                try (ResultSet rows = body.executeQuery()) {
                    assertThat(rows.next()).as(file.getKey()).isTrue();
                    String source = rows.getString(1);
                    assertThat(rows.next()).as("one definition of " + file.getKey()).isFalse();
                    assertThat(file.getValue()).as(file.getKey()).contains("$$" + source + "$$");
                }
            }
        }
    }

    /** Function name → text of its sql/R__<function>.sql file. */
    private static Map<String, String> repeatableFiles() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/R__*.sql")) {
            String name = resource.getFilename().replaceFirst("^R__", "").replaceFirst("\\.sql$", "");
            try (InputStream in = resource.getInputStream()) {
                files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static Map<String, Integer> released() {
        Map<String, Integer> sums = new TreeMap<>();
        sums.put("1", 1492897796);
        sums.put("2", -491937741);
        sums.put("3", 2133556393);
        sums.put("4", -140292452);
        sums.put("5", -2118538057);
        sums.put("6", -947631665);
        sums.put("7", -743970531);
        sums.put("8", -1184100057);
        return sums;
    }
}
