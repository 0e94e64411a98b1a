package dev.vellum.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides where PostgreSQL and Redis are before any bean is created: external when
 * {@code vellum.postgres.url} / {@code vellum.redis.url} are set, otherwise embedded processes
 * keeping their data in {@code vellum.embedded.data-dir}. Creates the database when it is
 * missing, and points Spring's R2DBC, Flyway and Redis settings at the result.
 */
public class DataTierEnvironment implements EnvironmentPostProcessor {

    private final Log log;

    public DataTierEnvironment(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(DataTierEnvironment.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Path dataDir = Path.of(env.getProperty("vellum.embedded.data-dir", "./data")).toAbsolutePath().normalize();
        boolean reset = env.getProperty("vellum.embedded.reset", Boolean.class, false);
        Map<String, Object> props = new HashMap<>();

        String postgresUrl = env.getProperty("vellum.postgres.url", "");
        String username = env.getProperty("vellum.postgres.username", "postgres");
        String password = env.getProperty("vellum.postgres.password", "");
        DatabaseUrl database;
        if (postgresUrl.isBlank()) {
            int port = EmbeddedDataTier.postgresPort(dataDir, reset);
            database = new DatabaseUrl("127.0.0.1", port, "vellum", null);
            username = "postgres";
            password = "";
            log.info("Storage: embedded PostgreSQL on 127.0.0.1:" + port + ", data in " + dataDir.resolve("postgres")
                    + " (set vellum.postgres.url to use an external server)");
        } else {
            database = DatabaseUrl.parse(postgresUrl);
            log.info("Storage: external PostgreSQL at " + database.host() + ":" + database.port() + "/" + database.database());
        }
        if (DatabaseCreator.ensureExists(database, username, password)) {
            log.info("Created database " + database.database());
        }
        props.put("spring.r2dbc.url", database.r2dbc());
        props.put("spring.r2dbc.username", username);
        props.put("spring.r2dbc.password", password);
        props.put("spring.flyway.url", database.jdbc());
        props.put("spring.flyway.user", username);
        props.put("spring.flyway.password", password);

        String redisUrl = env.getProperty("vellum.redis.url", "");
        if (redisUrl.isBlank()) {
            int port = EmbeddedDataTier.redisPort(dataDir, reset);
            redisUrl = "redis://127.0.0.1:" + port;
            log.info("Redis: embedded on 127.0.0.1:" + port + ", data in " + dataDir.resolve("redis")
                    + " (set vellum.redis.url to use an external server)");
        } else {
            log.info("Redis: external at " + redisUrl.replaceAll("//[^@/]*@", "//***@"));
        }
        props.put("spring.data.redis.url", redisUrl);
        env.getPropertySources().addFirst(new MapPropertySource("vellumDataTier", props));
    }
}
