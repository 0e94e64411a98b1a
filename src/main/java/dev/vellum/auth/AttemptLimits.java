package dev.vellum.auth;

import dev.vellum.redis.RedisScripts;
import dev.vellum.config.VellumProperties;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.redis.LuaScripts;
import dev.vellum.redis.RedisOutage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Limits signup and login attempts with counters in Redis. Failed logins count per (email, client
 * address), which is the lockout a guesser meets; per email across all addresses, with a higher
 * ceiling, so guessing spread over many addresses stays bounded while one address cannot lock the
 * owner out elsewhere; and per address across all emails. Counters live in Redis
 * ({@code lua/attempts.lua}, run by EVALSHA with a fallback to EVAL on NOSCRIPT). A login counts
 * when it starts and is taken back when it succeeds, so only failures add up, and parallel
 * guessing cannot overshoot the limit. Checks happen before any user lookup, so the 429 is the
 * same whether or not the email exists. When Redis fails, attempts are allowed (fail open).
 */
@Component
public class AttemptLimits {

    /** Past a second, Redis counts as down for this request and the attempt is allowed; logged once per outage. */
    private final RedisOutage outage = new RedisOutage("attempt limits",
            "signups and logins are not limited until it answers", Duration.ofSeconds(1));

    @SuppressWarnings("rawtypes")
    private final RedisScript<List> script;
    private final RedisScripts scripts;
    private final VellumProperties.Auth settings;

    public AttemptLimits(RedisScripts scripts, VellumProperties properties) {
        this.scripts = scripts;
        this.settings = properties.auth();
        this.script = LuaScripts.load("lua/attempts.lua");
    }

    /**
     * Counts a login attempt; RATE_LIMIT_EXCEEDED when the (email, address) pair, the email or the
     * address has used up its failures.
     */
    public Mono<Void> loginAttempt(long projectId, String email, String address) {
        String window = String.valueOf(settings.loginWindow().toMillis());
        return hit(loginKeys(projectId, email, address),
                List.of("hit", String.valueOf(settings.loginFailuresPerEmailAndAddress()), window,
                        String.valueOf(settings.loginFailuresPerEmail()), window,
                        String.valueOf(settings.loginFailuresPerAddress()), window));
    }

    /** Takes back the attempt of a login that succeeded: only failures count. */
    public Mono<Void> loginSucceeded(long projectId, String email, String address) {
        return run(loginKeys(projectId, email, address), List.of("undo")).then();
    }

    private static List<String> loginKeys(long projectId, String email, String address) {
        return List.of(AttemptKeys.loginEmailAddress(projectId, email, address), AttemptKeys.loginEmail(projectId, email),
                AttemptKeys.loginAddress(projectId, address));
    }

    /** Counts a signup attempt from this address; RATE_LIMIT_EXCEEDED past the limit. */
    public Mono<Void> signupAttempt(long projectId, String address) {
        return hit(List.of(AttemptKeys.signupAddress(projectId, address)),
                List.of("hit", String.valueOf(settings.signupsPerAddress()),
                        String.valueOf(settings.signupWindow().toMillis())));
    }

    private Mono<Void> hit(List<String> keys, List<String> args) {
        return run(keys, args).flatMap(answer -> answer.get(0) == 1
                ? Mono.<Void>empty()
                : Mono.error(tooMany(answer.get(1))));
    }

    private Mono<List<Long>> run(List<String> keys, List<String> args) {
        return scripts.run(script, keys, args, outage)
                .map(reply -> reply.stream().map(value -> ((Number) value).longValue()).toList())
                .onErrorResume(e -> Mono.just(List.of(1L, 0L)));
    }

    private static VellumException tooMany(long waitMillis) {
        long seconds = Math.max(1, (waitMillis + 999) / 1000);
        return new VellumException(ErrorCode.RATE_LIMIT_EXCEEDED, "too many attempts, try again later",
                Map.of("retry_after", seconds));
    }
}
