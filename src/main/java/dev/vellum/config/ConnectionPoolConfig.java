package dev.vellum.config;

import dev.vellum.pool.GuardedConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The PostgreSQL connection pool, built from the usual {@code spring.r2dbc.*} settings but
 * guarded against handing out connections that are inside a transaction (see
 * {@link GuardedConnectionPool}). Every session also gets
 * {@code idle_in_transaction_session_timeout}, so that PostgreSQL itself ends a transaction that
 * nobody finishes, and the UTC time zone.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(R2dbcProperties.class)
class ConnectionPoolConfig {

    /** How long a cancelled request has to give back a connection it received before it is taken back. */
    static final Duration ABANDONED_AFTER = Duration.ofSeconds(5);

    @Bean(destroyMethod = "dispose")
    ConnectionFactory connectionFactory(R2dbcProperties r2dbc, VellumProperties vellum) {
        ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.parse(r2dbc.getUrl()).mutate();
        if (StringUtils.hasText(r2dbc.getUsername())) {
            options.option(ConnectionFactoryOptions.USER, r2dbc.getUsername());
        }
        if (StringUtils.hasText(r2dbc.getPassword())) {
            options.option(ConnectionFactoryOptions.PASSWORD, r2dbc.getPassword());
        }
        r2dbc.getProperties().forEach((name, value) -> {
            if (!name.equals(PostgresqlConnectionFactoryProvider.OPTIONS.name())) {
                options.option(Option.valueOf(name), value);
            }
        });
        options.option(PostgresqlConnectionFactoryProvider.OPTIONS,
                sessionSettings(r2dbc.getProperties().get(PostgresqlConnectionFactoryProvider.OPTIONS.name()),
                        vellum.postgres().idleInTransactionTimeout(), vellum.postgres().statementTimeout()));
        ConnectionFactory database = ConnectionFactories.get(options.build());

        R2dbcProperties.Pool pool = r2dbc.getPool();
        ConnectionPoolConfiguration.Builder configuration = ConnectionPoolConfiguration.builder(database)
                .initialSize(pool.getInitialSize())
                .maxSize(pool.getMaxSize())
                .minIdle(pool.getMinIdle())
                .maxIdleTime(pool.getMaxIdleTime())
                // a connection PostgreSQL ended (a restart, pg_terminate_backend) fails validation when
                // borrowed; retrying past every one the pool may hold reaches a fresh connection
                // instead of answering 503 once per dead connection
                .acquireRetry(Math.max(pool.getAcquireRetry(), pool.getMaxSize()))
                .validationDepth(pool.getValidationDepth());
        if (pool.getMaxLifeTime() != null) {
            configuration.maxLifeTime(pool.getMaxLifeTime());
        }
        // a request that cannot get a connection answers 503 with Retry-After instead of waiting forever;
        // applied around the whole borrow (GuardedConnectionPool), not per retry of r2dbc-pool's
        Duration acquireTimeout = pool.getMaxAcquireTime() != null ? pool.getMaxAcquireTime()
                : vellum.postgres().acquireTimeout();
        if (pool.getMaxValidationTime() != null) {
            configuration.maxValidationTime(pool.getMaxValidationTime());
        }
        if (pool.getMaxCreateConnectionTime() != null) {
            configuration.maxCreateConnectionTime(pool.getMaxCreateConnectionTime());
        }
        if (StringUtils.hasText(pool.getValidationQuery())) {
            configuration.validationQuery(pool.getValidationQuery());
        }
        return new GuardedConnectionPool(configuration, ABANDONED_AFTER, acquireTimeout);
    }

    /**
     * The session settings sent at connect time: those of {@code spring.r2dbc.properties.options}
     * ({@code name=value} pairs separated by {@code ;}), the idle-in-transaction timeout and the
     * statement timeout. Set once per connection: a {@code SET LOCAL} per statement would cost a
     * round trip and a transaction on every read.
     */
    static Map<String, String> sessionSettings(String configured, Duration idleInTransaction, Duration statement) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (StringUtils.hasText(configured)) {
            for (String pair : configured.split(";")) {
                String[] parts = pair.split("=", 2);
                if (parts.length == 2) {
                    settings.put(parts[0].trim(), parts[1].trim());
                }
            }
        }
        settings.put("idle_in_transaction_session_timeout", Long.toString(idleInTransaction.toMillis()));
        settings.putIfAbsent("statement_timeout", Long.toString(statement.toMillis()));
        // timestamps come back as "…+00", which UtcTimestampCodec copies instead of parsing;
        // Vellum's SQL names UTC wherever it renders a time, so nothing else depends on it
        settings.putIfAbsent("TimeZone", "UTC");
        return settings;
    }
}
