package dev.vellum.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.Caller;
import org.junit.jupiter.api.Test;

class RateLimitKeysTest {

    @Test
    void keys_are_hash_tagged_by_project_and_carry_identities_only_hashed() {
        String key = RateLimitKeys.bucket(42, BucketKind.ANONYMOUS, "}{evil:address\n");
        assertThat(key).matches("vellum:\\{p42\\}:rl:anonymous:[0-9a-f]{64}");
        assertThat(RateLimitKeys.bucket(42, BucketKind.SECRET_KEY, "vk_secret_abc")).doesNotContain("vk_secret_abc")
                .startsWith("vellum:{p42}:rl:secret_key:");
        assertThat(RateLimitKeys.bucket(42, BucketKind.USER, "u1")).startsWith("vellum:{p42}:rl:user:");
    }

    @Test
    void the_same_identity_in_another_project_or_kind_is_another_bucket() {
        String key = RateLimitKeys.bucket(1, BucketKind.USER, "x");
        assertThat(RateLimitKeys.bucket(1, BucketKind.USER, "x")).isEqualTo(key);
        assertThat(RateLimitKeys.bucket(2, BucketKind.USER, "x")).isNotEqualTo(key);
        assertThat(RateLimitKeys.bucket(1, BucketKind.ANONYMOUS, "x")).isNotEqualTo(key);
        assertThat(RateLimitKeys.bucket(1, BucketKind.USER, "y")).isNotEqualTo(key);
    }

    @Test
    void a_user_token_draws_from_the_user_bucket_whatever_the_key() {
        assertThat(RateLimiter.kind(new Caller(1, Caller.KeyKind.PUBLIC, "u"))).isEqualTo(BucketKind.USER);
        assertThat(RateLimiter.kind(new Caller(1, Caller.KeyKind.SECRET, "u"))).isEqualTo(BucketKind.USER);
        assertThat(RateLimiter.kind(new Caller(1, Caller.KeyKind.SECRET, null))).isEqualTo(BucketKind.SECRET_KEY);
        assertThat(RateLimiter.kind(new Caller(1, Caller.KeyKind.PUBLIC, null))).isEqualTo(BucketKind.ANONYMOUS);
    }
}
