package dev.vellum.ratelimit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads a project's {@code settings.rate_limits}, e.g.
 * {@code {"user": {"capacity": 10, "refill_per_second": 1}}}: entries {@code secret_key},
 * {@code user} and {@code anonymous}, each field optional (a missing one keeps the default).
 * An entry with anything wrong (unknown field, wrong type, out of range) keeps the defaults of
 * that bucket, and each problem is reported, so a bad setting never fails a request.
 */
public final class ProjectLimitsReader {

    private ProjectLimitsReader() {
    }

    /** The defaults overlaid with {@code rateLimits} (null: none); problems are added to {@code problems}. */
    public static ProjectLimits read(JsonNode rateLimits, ProjectLimits defaults, List<String> problems) {
        if (rateLimits == null || rateLimits.isNull() || rateLimits.isMissingNode()) {
            return defaults;
        }
        if (!rateLimits.isObject()) {
            problems.add("rate_limits must be an object");
            return defaults;
        }
        ProjectLimits limits = defaults;
        for (Map.Entry<String, JsonNode> entry : rateLimits.properties()) {
            Optional<BucketKind> kind = kind(entry.getKey());
            if (kind.isEmpty()) {
                problems.add("rate_limits." + entry.getKey() + " is not secret_key, user or anonymous");
                continue;
            }
            String prefix = "rate_limits." + entry.getKey();
            Optional<BucketLimit> limit = bucket(entry.getValue(), defaults.of(kind.get()), prefix, problems);
            if (limit.isPresent()) {
                limits = limits.with(kind.get(), limit.get());
            }
        }
        return limits;
    }

    private static Optional<BucketLimit> bucket(JsonNode node, BucketLimit fallback, String prefix, List<String> problems) {
        if (!node.isObject()) {
            problems.add(prefix + " must be an object");
            return Optional.empty();
        }
        long capacity = fallback.capacity();
        double refill = fallback.refillPerSecond();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "capacity" -> {
                    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                        problems.add(prefix + ".capacity must be a whole number");
                        return Optional.empty();
                    }
                    capacity = value.longValue();
                }
                case "refill_per_second" -> {
                    if (!value.isNumber()) {
                        problems.add(prefix + ".refill_per_second must be a number");
                        return Optional.empty();
                    }
                    refill = value.doubleValue();
                }
                default -> {
                    problems.add(prefix + "." + field.getKey() + " is not capacity or refill_per_second");
                    return Optional.empty();
                }
            }
        }
        Optional<String> problem = BucketLimit.check(capacity, refill);
        if (problem.isPresent()) {
            problems.add(prefix + ": " + problem.get());
            return Optional.empty();
        }
        return Optional.of(new BucketLimit(capacity, refill));
    }

    private static Optional<BucketKind> kind(String name) {
        for (BucketKind kind : BucketKind.values()) {
            if (kind.setting().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
