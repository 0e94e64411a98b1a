package dev.vellum.auth;

import dev.vellum.config.VellumProperties;
import dev.vellum.notify.PgNotifications;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps the authentication caches true on every instance. Triggers on {@code app_users} and
 * {@code api_keys} ({@code sql/R__vellum_auth_notify_*.sql}) send on channel {@value #CHANNEL}
 * when a transaction that bumps a token version, deletes a user, or adds, changes or deletes an
 * API key commits: {@code user:<project>:<id>} and {@code key:<sha-256 hex>}. Each instance drops
 * what it held for that user or key.
 *
 * <p>The caches are used only while this instance is provably hearing notifications: every
 * {@code heartbeat} it notifies itself, and when its own echo is older than three heartbeats (or
 * never came) every lookup goes to the database again and nothing is stored. When the echo comes
 * back, and whenever the listening connection was opened again (notifications may have been
 * missed), everything cached is forgotten.
 */
@Component
public class AuthInvalidations implements DisposableBean {

    static final String CHANNEL = "vellum_auth";
    private static final Logger log = LoggerFactory.getLogger(AuthInvalidations.class);

    private final PgNotifications notifications;
    private final String ping = "ping:" + UUID.randomUUID();
    private final long liveNanos;
    private final AuthCache<Long> tokenVersions;
    private final AuthCache<ApiKeyStore.KeyGrant> keyGrants;
    private final AuthCache<Boolean> unknownKeys;
    private final Disposable.Composite running = Disposables.composite();
    private volatile long lastEcho;
    private volatile boolean live;

    public AuthInvalidations(PgNotifications notifications, VellumProperties properties) {
        this.notifications = notifications;
        VellumProperties.Auth auth = properties.auth();
        Duration heartbeat = auth.cacheHeartbeat();
        this.liveNanos = heartbeat.multipliedBy(3).toNanos();
        this.tokenVersions = new AuthCache<>(auth.cacheSize(), auth.cacheTtl());
        this.keyGrants = new AuthCache<>(auth.cacheSize(), auth.cacheTtl());
        this.unknownKeys = new AuthCache<>(auth.cacheSize(), auth.cacheTtl());
        running.add(notifications.listen(CHANNEL).subscribe(this::received,
                error -> log.warn("authentication cache invalidations stopped", error)));
        running.add(notifications.resumed().subscribe(opened -> forgetAll()));
        // a tick that finds the last notify still running is dropped (a slow database delays the
        // echo, which is the point), never an overflow that would end the heartbeat
        running.add(Flux.interval(Duration.ZERO, heartbeat)
                .onBackpressureDrop()
                .concatMap(tick -> notifications.notify(CHANNEL, ping)
                        .timeout(heartbeat.multipliedBy(3))
                        .onErrorResume(error -> Mono.empty()), 1)
                .subscribe(null, error -> log.warn("authentication cache heartbeat stopped", error)));
    }

    /** Whether cached answers may be used now: this instance heard its own notification lately. */
    boolean live() {
        if (!live) {
            return false;
        }
        if (System.nanoTime() - lastEcho > liveNanos) {
            live = false;
            return false;
        }
        return true;
    }

    AuthCache<Long> tokenVersions() {
        return tokenVersions;
    }

    AuthCache<ApiKeyStore.KeyGrant> keyGrants() {
        return keyGrants;
    }

    AuthCache<Boolean> unknownKeys() {
        return unknownKeys;
    }

    static String userKey(long projectId, String userId) {
        return projectId + ":" + userId;
    }

    /** Forgets the user's token version on this instance (the trigger tells the others). */
    public void forgetUser(long projectId, String userId) {
        tokenVersions.remove(userKey(projectId, userId));
    }

    private void received(String payload) {
        if (payload.equals(ping)) {
            lastEcho = System.nanoTime();
            if (!live) {
                // notifications may have been missed while the echo was late
                forgetAll();
                live = true;
            }
        } else if (payload.startsWith("user:")) {
            tokenVersions.remove(payload.substring(5));
        } else if (payload.startsWith("key:")) {
            String digest = payload.substring(4);
            keyGrants.remove(digest);
            unknownKeys.remove(digest);
        }
    }

    private void forgetAll() {
        tokenVersions.clear();
        keyGrants.clear();
        unknownKeys.clear();
    }

    @Override
    public void destroy() {
        running.dispose();
    }
}
