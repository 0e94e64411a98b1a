package dev.vellum.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.config.VellumProperties;
import dev.vellum.support.IntegrationTest;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** A restart runs the bootstrap again on a database that already has the default project. */
class DefaultProjectBootstrapIntegrationTest extends IntegrationTest {

    @Autowired
    private Environment env;
    @Autowired
    private VellumProperties properties;

    @Test
    void a_second_start_keeps_the_default_project_and_exactly_its_configured_keys() throws Exception {
        try (Connection connection = DriverManager.getConnection(env.getProperty("spring.flyway.url"),
                env.getProperty("spring.flyway.user"), env.getProperty("spring.flyway.password"))) {
            connection.setAutoCommit(false);
            try {
                List<String> before = projectsAndKeys(connection);
                new DefaultProjectBootstrap(properties).handle(Event.AFTER_MIGRATE, context(connection));
                assertThat(projectsAndKeys(connection)).isEqualTo(before)
                        .contains("default public " + hex(PUBLIC_KEY), "default secret " + hex(SECRET_KEY))
                        .filteredOn(row -> row.startsWith("default ")).hasSize(2);
            } finally {
                connection.rollback();
            }
        }
    }

    private static List<String> projectsAndKeys(Connection connection) throws Exception {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("select p.name, k.kind, encode(k.key_hash, 'hex')"
                + " from projects p join api_keys k on k.project_id = p.id order by p.id, k.kind, k.key_hash");
             ResultSet result = select.executeQuery()) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getString(2) + " " + result.getString(3));
            }
        }
        return rows;
    }

    private static String hex(String key) {
        return HexFormat.of().formatHex(ApiKeys.digest(key));
    }

    private static Context context(Connection connection) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return connection;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
