package dev.vellum.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.TokenService.TokenClaims;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** A verified token carries its expiry, and a check made later (a change feed's) sees it pass. */
class TokenExpiryTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final TokenService tokens = new TokenService(new ProjectSecrets(null) {
        @Override
        public Mono<byte[]> jwtSecret(long projectId) {
            return Mono.just(SECRET);
        }
    }, Duration.ofHours(1), clock);

    @Test
    void a_verified_token_is_not_expired_until_its_expiry_and_expired_from_it_on() {
        TokenClaims claims = tokens.verify(7, tokens.issue(7, "ada", 3).block()).block();
        assertThat(claims).isEqualTo(new TokenClaims(7, "ada", 3, Instant.parse("2026-12-03T11:00:00Z")));
        now.set(Instant.parse("2026-12-03T10:59:59Z"));
        assertThat(tokens.expired(claims)).isFalse();
        now.set(Instant.parse("2026-12-03T11:00:00Z"));
        assertThat(tokens.expired(claims)).isTrue();
    }
}
