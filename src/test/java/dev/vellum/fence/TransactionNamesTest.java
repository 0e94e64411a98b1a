package dev.vellum.fence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Redis keys and advisory-lock names of a transaction: client text only ever hashed (the fence's SQL: FenceSqlTest). */
class TransactionNamesTest {

    @Test
    void redis_keys_hash_client_text_so_braces_cannot_move_the_hash_tag() {
        TransactionNames names = TransactionNames.of(7, "user:u1", new TransactionSpec("}{evil", "{wallet}", 30, 60, null));
        for (String key : List.of(names.resultKey(), names.lockKey())) {
            assertThat(key).doesNotContain("evil").doesNotContain("wallet");
            assertThat(key.chars().filter(c -> c == '{').count()).isEqualTo(1);
            assertThat(key.chars().filter(c -> c == '}').count()).isEqualTo(1);
        }
        assertThat(names.resultKey()).matches("vellum:\\{txlock:[0-9a-f]{64}}:result:[0-9a-f]{64}");
        assertThat(names.lockKey()).matches("vellum:\\{txlock:[0-9a-f]{64}}");
        assertThat(names.resultKey()).as("the result shares its resource lock's slot")
                .startsWith(names.lockKey().substring(0, names.lockKey().indexOf('}') + 1));
        assertThat(names.resourceLock()).startsWith("vellum-tx-resource:");

        TransactionNames keyOnly = TransactionNames.of(7, "user:u1", new TransactionSpec("}{evil", null, 30, 60, null));
        String tag = keyOnly.resultKey().substring(0, keyOnly.resultKey().indexOf('}') + 1);
        assertThat(keyOnly.lockKey()).as("the key's lock shares its result's slot").startsWith(tag);
        assertThat(keyOnly.resultKey()).matches("vellum:\\{tx:[0-9a-f]{64}}:result");
        assertThat(keyOnly.resourceLock()).isNull();
    }

    @Test
    void names_differ_by_project_caller_key_and_resource() {
        TransactionSpec spec = new TransactionSpec("k", "r", 30, 60, null);
        TransactionNames base = TransactionNames.of(1, "user:a", spec);
        assertThat(TransactionNames.of(2, "user:a", spec)).isNotEqualTo(base);
        assertThat(TransactionNames.of(1, "user:b", spec).resultKey()).isNotEqualTo(base.resultKey());
        assertThat(TransactionNames.of(1, "user:a", new TransactionSpec("k2", "r", 30, 60, null)).resultKey())
                .isNotEqualTo(base.resultKey());
        assertThat(TransactionNames.of(1, "user:a", new TransactionSpec("k", "r2", 30, 60, null)).lockKey())
                .isNotEqualTo(base.lockKey());
    }
}
