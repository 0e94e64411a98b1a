package dev.vellum.notify;

import dev.vellum.pool.DirectConnections;
import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * PostgreSQL {@code LISTEN/NOTIFY} for every instance of Vellum: {@link #notify} sends on the
 * pool (inside the caller's transaction when there is one, so it is delivered at commit), and
 * one dedicated connection, outside the pool, listens to every channel anyone asked for.
 *
 * <p>A lost listening connection is opened again, with backoff, and listens to the same channels.
 * Notifications sent while it was gone are lost; {@link #resumed()} says so, and a cache kept
 * fresh by notifications must then forget everything it holds.
 */
@Component
public class PgNotifications implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PgNotifications.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final DatabaseClient db;
    private final ConnectionFactory direct;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Sinks.Many<Notification> received = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<Long> resumes = Sinks.many().multicast().directBestEffort();
    private final AtomicLong opened = new AtomicLong();
    private volatile PostgresqlConnection listening;
    private volatile Disposable loop;

    PgNotifications(DatabaseClient db, ConnectionFactory pool) {
        this.db = db;
        this.direct = DirectConnections.of(pool);
    }

    /**
     * The payloads sent on {@code channel} from now on, by any instance. The channel is a fixed
     * name chosen in code (lower-case letters, digits, underscores), never client text.
     */
    public Flux<String> listen(String channel) {
        requireChannel(channel);
        return received.asFlux()
                .filter(notification -> channel.equals(notification.getName()))
                .map(notification -> notification.getParameter() == null ? "" : notification.getParameter())
                .doOnSubscribe(subscription -> start(channel));
    }

    /** Emits each time listening resumed after its connection was lost: notifications may have been missed. */
    public Flux<Long> resumed() {
        return resumes.asFlux();
    }

    /** Sends {@code payload} (at most 7,999 bytes, PostgreSQL's limit) to every listener of {@code channel}. */
    public Mono<Void> notify(String channel, String payload) {
        requireChannel(channel);
        return db.sql("select pg_notify($1, $2)").bind(0, channel).bind(1, payload).then();
    }

    /** The backend process id of the listening connection, or empty while there is none. */
    public Mono<Integer> listenerPid() {
        PostgresqlConnection connection = listening;
        if (connection == null) {
            return Mono.empty();
        }
        return connection.createStatement("select pg_backend_pid()").execute()
                .flatMap(result -> result.map((row, meta) -> row.get(0, Integer.class)))
                .next()
                .onErrorResume(error -> Mono.empty());
    }

    /**
     * Whether the listening connection is listening to {@code channel} now (false while there is
     * no connection): after it says true, every notification on the channel is heard.
     */
    public Mono<Boolean> listensTo(String channel) {
        PostgresqlConnection connection = listening;
        if (connection == null) {
            return Mono.just(false);
        }
        return connection.createStatement("select $1 in (select pg_listening_channels())").bind("$1", channel).execute()
                .flatMap(result -> result.map((row, meta) -> row.get(0, Boolean.class)))
                .next()
                .onErrorReturn(false);
    }

    private void start(String channel) {
        if (channels.add(channel)) {
            PostgresqlConnection connection = listening;
            if (connection != null) {
                listenOn(connection, channel).subscribe(null, error -> log.debug("LISTEN {} failed", channel, error));
            }
        }
        if (loop == null) {
            synchronized (this) {
                if (loop == null) {
                    loop = listenForever().subscribe();
                }
            }
        }
    }

    private Flux<Notification> listenForever() {
        return Flux.usingWhen(
                        Mono.from(direct.create()).cast(PostgresqlConnection.class),
                        this::listenAll,
                        connection -> closeQuietly(connection))
                .doOnError(error -> log.warn("LISTEN connection lost ({}); opening it again", error.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_RETRY).maxBackoff(LAST_RETRY))
                .repeatWhen(completions -> completions.delayElements(FIRST_RETRY))
                .doOnNext(notification -> received.tryEmitNext(notification));
    }

    private Flux<Notification> listenAll(PostgresqlConnection connection) {
        listening = connection;
        return Flux.fromIterable(channels)
                .concatMap(channel -> listenOn(connection, channel))
                .thenMany(Flux.defer(() -> {
                    if (opened.incrementAndGet() > 1) {
                        resumes.tryEmitNext(opened.get());
                    }
                    return connection.getNotifications();
                }))
                .doFinally(signal -> listening = null);
    }

    private static Mono<Void> listenOn(PostgresqlConnection connection, String channel) {
        return connection.createStatement("LISTEN " + channel).execute()
                .flatMap(result -> result.getRowsUpdated())
                .then();
    }

    private static Mono<Void> closeQuietly(PostgresqlConnection connection) {
        return Mono.from(connection.close()).onErrorResume(error -> Mono.empty());
    }

    private static void requireChannel(String channel) {
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
    }

    @Override
    public void destroy() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
    }
}
