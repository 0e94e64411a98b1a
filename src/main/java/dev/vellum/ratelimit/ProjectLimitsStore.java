package dev.vellum.ratelimit;

import dev.vellum.config.VellumProperties;
import dev.vellum.projects.ProjectSetting;
import dev.vellum.projects.ProjectSql;
import dev.vellum.store.Statements;
import io.r2dbc.postgresql.codec.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each project's rate limits: the defaults overlaid with {@code projects.settings.rate_limits},
 * read with one primary-key query and then kept for {@code vellum.rate-limits.settings-cache}
 * (a change takes effect within that time; zero reads them on every request).
 */
@Component
public class ProjectLimitsStore {

    private static final Logger log = LoggerFactory.getLogger(ProjectLimitsStore.class);
    private static final JsonMapper JSON = new JsonMapper();

    private record Cached(ProjectLimits limits, long expiresAt) {
    }

    private final DatabaseClient db;
    private final ProjectLimits defaults;
    private final long ttlNanos;
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

    public ProjectLimitsStore(DatabaseClient db, VellumProperties properties) {
        this.db = db;
        this.defaults = ProjectLimits.defaults(properties.rateLimits());
        this.ttlNanos = Math.max(0, properties.rateLimits().settingsCache().toNanos());
    }

    public ProjectLimits defaults() {
        return defaults;
    }

    public Mono<ProjectLimits> of(long projectId) {
        long now = System.nanoTime();
        Cached cached = cache.get(projectId);
        if (cached != null && cached.expiresAt - now > 0) {
            return Mono.just(cached.limits);
        }
        return Statements.prepare(db, ProjectSql.setting(projectId, ProjectSetting.RATE_LIMITS))
                .map(row -> read(projectId, row.get("setting", Json.class)))
                .one()
                .defaultIfEmpty(defaults)
                .doOnNext(limits -> {
                    if (ttlNanos > 0) {
                        if (cache.size() > 10_000) {
                            cache.clear();
                        }
                        cache.put(projectId, new Cached(limits, now + ttlNanos));
                    }
                });
    }

    private ProjectLimits read(long projectId, Json settings) {
        if (settings == null) {
            return defaults;
        }
        List<String> problems = new ArrayList<>();
        ProjectLimits limits = ProjectLimitsReader.read(JSON.readTree(settings.asString()), defaults, problems);
        if (!problems.isEmpty()) {
            log.warn("project {}: ignoring invalid rate limit settings, using the defaults there: {}", projectId, problems);
        }
        return limits;
    }
}
